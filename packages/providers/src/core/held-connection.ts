/**
 * A signed-in server connection a caller lets a provider keep between sends of one run (the outbox's
 * drain of one inbox's queued emails): one connect + TLS + AUTH for the run instead of one per email.
 * The caller owns it and closes it when the run ends. The provider keys what it keeps by the login it
 * opened it with (server, credentials, trust), so changed settings or credentials get a new connection,
 * and drops it on any failure: a connection is never reused after an error.
 */
export class HeldConnection {
  private held:
    { key: string; value: unknown; alive: () => boolean; close: () => void } | undefined;

  /** What was kept under this exact key and is still open; anything else is closed and forgotten. */
  take<T>(key: string): T | undefined {
    const held = this.held;
    if (held && held.key === key && held.alive()) return held.value as T;
    this.close();
    return undefined;
  }

  keep<T>(key: string, value: T, alive: () => boolean, close: () => void): void {
    this.close();
    this.held = { key, value, alive, close };
  }

  /** Closes what is kept (after a failure, at the end of the run). */
  close(): void {
    const held = this.held;
    this.held = undefined;
    held?.close();
  }
}
