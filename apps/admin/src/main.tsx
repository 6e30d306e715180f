import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import '@inlet/ui/styles.css';
import './app.css';
import { App } from './app';
import { preloadPageOf } from './components/lazy-pages';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The page's own chunk downloads while the viewer is read, not after.
preloadPageOf(window.location.pathname);
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The sign-in page comes prerendered (src/prerender-sign-in.tsx): React takes over its HTML.
if (root.firstElementChild) hydrateRoot(root, app);
else createRoot(root).render(app);
