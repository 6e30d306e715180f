export const DEFAULT_MAX_UIDVALIDITY_REBUILDS = 3;
export const DEFAULT_UIDVALIDITY_WINDOW_MS = 60 * 60_000;
export const DEFAULT_UIDVALIDITY_PAUSE_MS = 60 * 60_000;

export interface UidValidityGuardOptions {
  /** Rebuilds of one folder caused by a changed UIDVALIDITY accepted within `windowMs`. Default 3. */
  maxRebuilds?: number;
  /** Default 1 hour. */
  windowMs?: number;
  /** How long a folder stays paused before it is tried again. Default 1 hour. */
  pauseMs?: number;
  /** Clock (ms epoch), for tests. */
  now?: () => number;
}

export type RebuildVerdict =
  | { allowed: true }
  /** `changes`: UIDVALIDITY changes within the window, this one included; `until`: end of the pause (ms epoch). */
  | { allowed: false; changes: number; until: number };

/**
 * The UIDVALIDITY flapping guard. A server whose UIDVALIDITY for a folder keeps changing (a broken
 * server, some proxies) would have that folder read from scratch over and over, hammering the server
 * and churning rows. This counts the rebuilds a changed UIDVALIDITY causes, per folder: past
 * `maxRebuilds` within `windowMs` the next one is refused and the folder is paused for `pauseMs`.
 * When the pause ends the folder starts over with a fresh budget (one that still flaps is paused again
 * after `maxRebuilds` more rebuilds), so it costs the server at most `maxRebuilds` rebuilds per pause.
 *
 * Keep one per account across its sessions (ImapSyncSessionOptions.uidValidityGuard): Dovecot ends a
 * session whose selected folder gets a new UIDVALIDITY ("IMAP session state is inconsistent, please
 * relogin"), so a count kept by each session would start over at every reconnect.
 */
export class UidValidityGuard {
  readonly maxRebuilds: number;
  readonly windowMs: number;
  readonly pauseMs: number;
  private readonly now: () => number;
  private readonly rebuilds = new Map<string, number[]>();
  private readonly paused = new Map<string, number>();

  constructor(options: UidValidityGuardOptions = {}) {
    this.maxRebuilds = Math.max(
      0,
      Math.floor(options.maxRebuilds ?? DEFAULT_MAX_UIDVALIDITY_REBUILDS),
    );
    this.windowMs = Math.max(0, options.windowMs ?? DEFAULT_UIDVALIDITY_WINDOW_MS);
    this.pauseMs = Math.max(0, options.pauseMs ?? DEFAULT_UIDVALIDITY_PAUSE_MS);
    this.now = options.now ?? Date.now;
  }

  /** A rebuild of `folder` because its UIDVALIDITY changed is about to start: allowed (and counted), or refused and the folder paused. */
  admit(folder: string): RebuildVerdict {
    const now = this.now();
    const until = this.pausedUntil(folder);
    const recent = (this.rebuilds.get(folder) ?? []).filter((at) => now - at < this.windowMs);
    if (until !== null) return { allowed: false, changes: recent.length + 1, until };
    if (recent.length >= this.maxRebuilds) {
      this.rebuilds.set(folder, recent);
      const pausedUntil = now + this.pauseMs;
      this.paused.set(folder, pausedUntil);
      return { allowed: false, changes: recent.length + 1, until: pausedUntil };
    }
    recent.push(now);
    this.rebuilds.set(folder, recent);
    return { allowed: true };
  }

  /** When a paused folder may be tried again (ms epoch), or null when it is not paused. A pause that has ended resets the folder's count. */
  pausedUntil(folder: string): number | null {
    const until = this.paused.get(folder);
    if (until === undefined) return null;
    if (this.now() < until) return until;
    this.paused.delete(folder);
    this.rebuilds.delete(folder);
    return null;
  }
}
