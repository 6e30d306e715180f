import { useMemo, useSyncExternalStore } from 'react';

const NAVIGATE_EVENT = 'inlet:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** Changes the URL without reloading; every useRoute() re-renders. */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export interface Route {
  path: string;
  search: URLSearchParams;
  /** Path and query, for a `next` parameter. */
  href: string;
}

export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, currentLocation);
  return useMemo(() => {
    const url = new URL(href, 'http://console.invalid');
    return { path: url.pathname, search: url.searchParams, href };
  }, [href]);
}
