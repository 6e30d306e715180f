/** A request to whichever process owns (or can claim) the connection; sent over pub/sub. */
export type SyncCommand =
  | { action: 'ensure' | 'checkNow' | 'remove'; connectionId: string }
  | { action: 'resync'; connectionId: string; from: string };
