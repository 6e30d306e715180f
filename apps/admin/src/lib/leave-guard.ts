import { useEffect } from 'react';

// What the user typed and has not saved, guarded against leaving by accident: the console's router
// asks before any in-app navigation (links, back and forward), and the browser asks before a reload,
// closing the tab or typing another address (`beforeunload`, installed only while something is typed).
// A deliberate full-page exit (the OAuth sign-in redirect) goes through leaveConsole and is not asked.

interface Guard {
  message: string;
}

const guards = new Set<Guard>();
let leavingOnPurpose = false;

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (leavingOnPurpose || guards.size === 0) return;
  // Browsers show their own sentence; preventDefault (and returnValue for older ones) makes them ask.
  event.preventDefault();
  event.returnValue = '';
}

function add(guard: Guard): () => void {
  guards.add(guard);
  if (guards.size === 1) window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    guards.delete(guard);
    if (guards.size === 0) window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

/**
 * While `dirty`, leaving the page asks `message` first (in-app navigation) or the browser's own
 * question (reload, tab close).
 */
export function useLeaveGuard(dirty: boolean, message: string): void {
  useEffect(() => (dirty ? add({ message }) : undefined), [dirty, message]);
}

/** True when nothing typed would be lost, or the user confirmed losing it. */
export function confirmLeave(): boolean {
  const newest = [...guards].at(-1);
  if (!newest) return true;
  return window.confirm(newest.message);
}

/**
 * Leaves the console for `url` on purpose (a full-page navigation, e.g. to the OAuth provider's sign-in,
 * which keeps the typed address in its state): the browser does not ask.
 */
export function leaveConsole(url: string): void {
  leavingOnPurpose = true;
  window.location.assign(url);
}

/** Tests only: forget every guard. */
export function resetLeaveGuards(): void {
  guards.clear();
  leavingOnPurpose = false;
}
