import { useSyncExternalStore } from 'react';
import { getConsoleSession, subscribeSession, type ConsoleSession } from './console-session';

export function useConsoleSession(): ConsoleSession {
  return useSyncExternalStore(subscribeSession, getConsoleSession);
}
