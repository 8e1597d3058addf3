import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClientProvider } from './hooks/useClient';
import { createClient } from './api/client';
import './fonts.css';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ClientProvider client={createClient()}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
