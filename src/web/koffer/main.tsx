import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../ui/app.css';
import './kit.css';
import { KitApp } from './KitApp';
import { registerKitServiceWorker } from './sw/register-sw';

void registerKitServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KitApp />
  </StrictMode>,
);
