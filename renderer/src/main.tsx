import './zodJitless';
// The global styles before any component's own (CSS modules), so a component's rules win on a tie.
import './fonts.css';
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ClientProvider } from './hooks/useClient';
import { createClient } from './api/client';

const client = createClient();
const report = (where: string) => (message: string, stack: string | undefined) =>
  void client.api
    .reportError({ where, message: message.slice(0, 2000), stack: stack?.slice(0, 20_000) })
    .catch(() => {});
window.addEventListener('error', (event) => report('window')(event.message, (event.error as Error | undefined)?.stack));
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason as unknown;
  report('promise')(reason instanceof Error ? reason.message : String(reason), (reason as Error | undefined)?.stack);
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ErrorBoundary report={report('render')}>
      <ClientProvider client={client}>
        <App />
      </ClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
