import { useSyncExternalStore } from 'react';
import { getConsoleSession, subscribeSession, type ConsoleSession } from './console-session';

export function useConsoleSession(): ConsoleSession {
  // The same snapshot while hydrating the prerendered sign-in page, which has no session of its own.
  return useSyncExternalStore(subscribeSession, getConsoleSession, getConsoleSession);
}
