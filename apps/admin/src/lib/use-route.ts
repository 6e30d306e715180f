import { useMemo, useSyncExternalStore } from 'react';
import { confirmLeave } from './leave-guard';

// The console's router: the URL is the state, history entries carry their position so a back or
// forward the user cancels (leave guard) can be undone.

const NAVIGATE_EVENT = 'inlet:navigate';

interface EntryState {
  /** This entry's position in the console's history (0 = where the console was opened). */
  inletIndex: number;
}

function indexOf(state: unknown): number | null {
  const index = (state as Partial<EntryState> | null)?.inletIndex;
  return typeof index === 'number' ? index : null;
}

function locationHref(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** What useRoute shows: the URL of the last navigation the router accepted. */
let current: { href: string; index: number } | null = null;
/** A back/forward the router undid itself: its popstate is not the user's. */
let undoing = false;

function state(): { href: string; index: number } {
  if (!current) {
    const index = indexOf(window.history.state) ?? 0;
    window.history.replaceState({ ...window.history.state, inletIndex: index }, '');
    current = { href: locationHref(), index };
  }
  return current;
}

function emit(): void {
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Back or forward: asks the leave guard first; cancelled, the URL goes back to where it was. */
function onPopState(event: PopStateEvent): void {
  const before = state();
  if (undoing) {
    undoing = false;
    return;
  }
  const href = locationHref();
  if (href === before.href) return; // a fragment change (#main)
  const index = indexOf(event.state);
  if (!confirmLeave()) {
    if (index === null) {
      window.history.pushState({ inletIndex: before.index }, '', before.href);
    } else {
      undoing = true;
      window.history.go(before.index - index);
    }
    return;
  }
  current = { href, index: index ?? before.index };
  emit();
}

let listening = 0;

function subscribe(onChange: () => void): () => void {
  state();
  if (listening++ === 0) window.addEventListener('popstate', onPopState);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener(NAVIGATE_EVENT, onChange);
    if (--listening === 0) window.removeEventListener('popstate', onPopState);
  };
}

function snapshot(): string {
  return state().href;
}

export interface NavigateOptions {
  /** Replaces the current history entry (a redirect, or a filter of the same page). */
  replace?: boolean;
  /** Asks the leave guard first; by default for a new entry, not for a replace. */
  ask?: boolean;
}

/**
 * Changes the URL without reloading; every useRoute() re-renders. False when the user chose to stay
 * (something typed would be lost).
 */
export function navigate(
  to: string,
  { replace = false, ask = !replace }: NavigateOptions = {},
): boolean {
  const { href, index } = state();
  if (to === href) return true;
  if (ask && !confirmLeave()) return false;
  const next = replace ? index : index + 1;
  if (replace) window.history.replaceState({ inletIndex: next }, '', to);
  else window.history.pushState({ inletIndex: next }, '', to);
  current = { href: locationHref(), index: next };
  emit();
  return true;
}

export interface Route {
  path: string;
  search: URLSearchParams;
  /** Path and query, for a `next` parameter. */
  href: string;
}

export function useRoute(): Route {
  // The same snapshot while hydrating the prerendered sign-in page (it does not read the route).
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  return useMemo(() => {
    const url = new URL(href, 'http://console.invalid');
    return { path: url.pathname, search: url.searchParams, href };
  }, [href]);
}
