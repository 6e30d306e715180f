import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GatewayTopics, PubSub } from '../../pubsub.js';
import { findSessionByStoredId, type FoundSession } from './sessions.js';
import { hashSecret } from './secret-token.js';

/** How long a verified session is reused without reading it again: the bound on staleness if an event is lost. */
export const SESSION_CACHE_MS = 1_000;
/** Sessions kept at most (the least recently stored go first). */
const MAX_ENTRIES = 10_000;

interface Entry {
  found: FoundSession;
  /** Reused until then (ms since the epoch): the earlier of the cache's bound and the session's expiry. */
  until: number;
}

/**
 * Console sessions verified in the last second, so a burst of requests with one cookie reads the
 * session and its user once (issue #15: that read was a query per request, a round trip on PostgreSQL).
 *
 * Nothing stale is served past an event: every event that ends a session or changes a user
 * (`principalRevoked`, `viewerChanged`) forgets what it names, in this process as it is published and
 * in every other one as it is delivered. A read that started before such an event is not stored
 * (generation check), and an entry never outlives its session's expiry. What changes a session or a
 * user without an event (another tool writing the database) is seen within SESSION_CACHE_MS.
 */
export class SessionCache {
  readonly #entries = new Map<string, Entry>();
  #generation = 0;

  constructor(pubsub: PubSub) {
    // As this process publishes (before a transport hands it back), and as any process's arrives.
    pubsub.observePublishes((topic, payload) => {
      if (topic === 'principalRevoked' || topic === 'viewerChanged')
        this.forget(payload as Forgettable);
    });
    pubsub.listen('principalRevoked', (event) => this.forget(event));
    pubsub.listen('viewerChanged', (event) => this.forget(event));
  }

  /** The live session of this cookie secret and its user, from the cache or the database. */
  async find(db: Kysely<Database>, secret: string): Promise<FoundSession | undefined> {
    const id = hashSecret(secret);
    const now = Date.now();
    const entry = this.#entries.get(id);
    if (entry && entry.until > now) return entry.found;
    if (entry) this.#entries.delete(id);
    const generation = this.#generation;
    const found = await findSessionByStoredId(db, id);
    if (found && generation === this.#generation) {
      const until = Math.min(now + SESSION_CACHE_MS, Date.parse(found.session.expiresAt));
      if (this.#entries.size >= MAX_ENTRIES)
        this.#entries.delete(this.#entries.keys().next().value!);
      // Shared by concurrent requests: nobody may change it.
      Object.freeze(found.user);
      Object.freeze(found.session);
      this.#entries.set(id, { found: Object.freeze(found), until });
    }
    return found;
  }

  /** Drops the sessions an event names (all of a user's for a user-wide event). */
  forget(event: Forgettable): void {
    this.#generation += 1;
    const userId =
      event.userId ?? ('sessionsOfUserId' in event ? event.sessionsOfUserId : undefined);
    if ('sessionId' in event && event.sessionId) this.#entries.delete(event.sessionId);
    if (userId === undefined) return;
    for (const [id, entry] of this.#entries)
      if (entry.found.user.id === userId) this.#entries.delete(id);
  }
}

type Forgettable = GatewayTopics['principalRevoked'] | GatewayTopics['viewerChanged'];
