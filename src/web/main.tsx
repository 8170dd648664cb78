import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/App';
import { PreloadProvider, readServerRenderData } from './ui/server-render';
import './ui/app.css';
// The styles of the server-rendered pages come with the first stylesheet, not with their lazy
// chunks: otherwise the page would jump when the chunk's CSS arrives (CLS, ADR 0018).
import './ui/catalog/catalog.css';
import './portal/booking/booking.css';

// A citizen page rendered on the server (ADR 0018) is hydrated from the data it was rendered
// with; every other page is rendered here.
const container = document.getElementById('root')!;
const server = readServerRenderData(document);
const app = (
  <StrictMode>
    <PreloadProvider data={server?.data}>
      <App initialLocale={server?.locale} />
    </PreloadProvider>
  </StrictMode>
);
if (server && container.firstElementChild) hydrateRoot(container, app);
else createRoot(container).render(app);
