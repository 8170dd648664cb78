import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../ui/app.css';
import './kit.css';
import { KitApp } from './KitApp';
import { disableFormHistory } from './no-autofill';
import { registerKitServiceWorker } from './sw/register-sw';

void registerKitServiceWorker();
disableFormHistory();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KitApp />
  </StrictMode>,
);
