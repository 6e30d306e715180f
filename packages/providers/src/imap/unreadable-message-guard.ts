/** Connection losses at the same message after which it is quarantined instead of fetched. */
export const DEFAULT_LOSSES_BEFORE_QUARANTINE = 2;

/**
 * Messages whose fetch ends the connection. Dovecot answers a FETCH that reaches a message file it
 * cannot open (permissions, a broken file) by closing the connection ("Disconnected: FETCH failed"),
 * not with a NO: every sync then dies at that message, reconnects, resumes at the same batch and dies
 * again, and nothing after it is ever stored. A FETCH that loses its connection names the message it
 * stopped at (batch-fetch.ts); once the same message was named `lossesBeforeQuarantine` times in a row,
 * the next sync quarantines it without asking the server for it and goes on with the rest (a single
 * loss may be the network, so one loss quarantines nothing).
 *
 * Keep one per account across its sessions (ImapSyncSessionOptions.unreadableMessages): each loss ends
 * the session, so a guard kept by a session would forget every loss.
 */
export class UnreadableMessageGuard {
  readonly lossesBeforeQuarantine: number;
  /** By folder: the UID the last losses stopped at, and how many times in a row. */
  private readonly losses = new Map<string, { uid: number; count: number }>();

  constructor(lossesBeforeQuarantine = DEFAULT_LOSSES_BEFORE_QUARANTINE) {
    this.lossesBeforeQuarantine = Math.max(1, Math.floor(lossesBeforeQuarantine));
  }

  /** A FETCH of `folder` lost its connection at message `uid`. */
  lostAt(folder: string, uid: number): void {
    const last = this.losses.get(folder);
    this.losses.set(folder, { uid, count: last?.uid === uid ? last.count + 1 : 1 });
  }

  /** Whether `uid` of `folder` is to be quarantined, not fetched. */
  unreadable(folder: string, uid: number): boolean {
    const last = this.losses.get(folder);
    return last?.uid === uid && last.count >= this.lossesBeforeQuarantine;
  }

  /** Whether a FETCH of `folder` lost its connection since its messages last came through. */
  hasLosses(folder: string): boolean {
    return this.losses.has(folder);
  }

  /** A FETCH stream of the folder got through (skipping what is unreadable): its count starts over. */
  passed(folder: string): void {
    this.losses.delete(folder);
  }
}

export const UNREADABLE_REASON =
  'The server closed the connection each time Inlet asked for this message (a message file it cannot read).';
