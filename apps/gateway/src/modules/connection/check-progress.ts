import type { ResolversTypes } from '../../__generated__/resolvers-types.js';
import { mapStream } from '../../event-stream.js';
import type { PubSub } from '../../pubsub.js';

type VerificationStepEvent = Awaited<ResolversTypes['VerificationStepEvent']>;

interface Recorded {
  userId: string;
  expiresAt: number;
  steps: { seq: number; step: VerificationStepEvent }[];
}

/**
 * Step events of connection checks, kept for a short while so a client whose subscription started a
 * moment after the check (a WebSocket is slower to set up than a POST) still sees every step.
 */
export class CheckProgress {
  private readonly checks = new Map<string, Recorded>();
  private seq = 0;

  constructor(
    private readonly pubsub: PubSub,
    private readonly ttlMs = 2 * 60_000,
  ) {}

  publish(userId: string, step: VerificationStepEvent): void {
    const now = Date.now();
    for (const [id, check] of this.checks) if (check.expiresAt < now) this.checks.delete(id);
    const check = this.checks.get(step.checkId) ?? {
      userId,
      expiresAt: now + this.ttlMs,
      steps: [],
    };
    if (check.userId !== userId) return; // a checkId reused by another user is not theirs to write into
    const seq = ++this.seq;
    if (check.steps.length < 64) check.steps.push({ seq, step });
    this.checks.set(step.checkId, check);
    this.pubsub.publish('connectionCheck', { userId, seq, step });
  }

  /** Replays what happened so far, then follows live, without duplicates. */
  follow(userId: string, checkId: string): AsyncIterableIterator<VerificationStepEvent> {
    const check = this.checks.get(checkId);
    const replay = check?.userId === userId ? [...check.steps] : [];
    const last = replay.at(-1)?.seq ?? 0;
    // Subscribed in the same tick as the replay was read: nothing can fall between the two.
    const live = this.pubsub.subscribe('connectionCheck', {
      filter: (event) =>
        event.userId === userId && event.step.checkId === checkId && event.seq > last,
      replay: replay.map(({ seq, step }) => ({ userId, seq, step })),
    });
    return mapStream(live, (event) => event.step);
  }
}
