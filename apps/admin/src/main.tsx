import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import '@inlet/ui/styles.css';
import './app.css';
import { App } from './app';
import { prefetchViewer } from './components/console-routes';
import { preloadPageOf } from './components/lazy-pages';
import { getConsoleSession } from './lib/console-session';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The viewer is read and the page's own chunk downloads at once, in parallel, not one after the other.
const { client } = getConsoleSession();
prefetchViewer(client);
preloadPageOf(window.location.pathname, client);
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The sign-in page comes prerendered (src/prerender-sign-in.tsx): React takes over its HTML.
if (root.firstElementChild) hydrateRoot(root, app);
else createRoot(root).render(app);
