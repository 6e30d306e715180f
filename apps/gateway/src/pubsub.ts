import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { DomainSettingsEvent, ResolversTypes } from './__generated__/resolvers-types.js';
import type { EmailActivityRow, MessageRow } from './db/tables/sync.table.js';
import type { Logger } from './logger.js';
import type { SyncCommand } from './engine/sync-command.js';
import { EventStream } from './event-stream.js';

export interface SubscribeOptions<T> {
  /** Only payloads it accepts are queued. */
  filter?: (payload: T) => boolean;
  /** Ends the stream (and removes the listener) when aborted. */
  signal?: AbortSignal;
  /** Delivered first, before anything published after subscribing. */
  replay?: readonly T[];
}

/** A session, an API token or a whole user can no longer authenticate: every gateway closes their graphql-ws sockets. */
export interface PrincipalRevoked {
  /** Every socket of this user (deactivated, or their role or seat changed: subscriptions were authorized under the old one). */
  userId?: string;
  /** The sockets this user opened with a console session (signed out everywhere, password set); their API tokens stay. */
  sessionsOfUserId?: string;
  /** With sessionsOfUserId: this session's sockets stay (the one that changed the password or signed out elsewhere). */
  exceptSessionId?: string;
  /** One session's sockets; its id is the hash of the cookie, never the cookie. */
  sessionId?: string;
  tokenId?: string;
  /** Sent to the client as the close reason. */
  reason:
    | 'Signed out'
    | 'Signed out everywhere'
    | 'Signed out elsewhere'
    | 'Session revoked'
    | 'Password set'
    | 'Password changed'
    | 'API token revoked'
    | 'User deactivated'
    | 'Access changed';
}

/** Every topic and its payload: a typo in a topic or a wrong payload is a compile error. Payloads are JSON. */
export interface GatewayTopics {
  domainSettingsChanged: DomainSettingsEvent;
  /** Progress of a connection check, for its owner only. */
  connectionCheck: {
    userId: string;
    seq: number;
    step: Awaited<ResolversTypes['VerificationStepEvent']>;
  };
  /** A connection's status, error or sync state changed (the subscriber re-reads it). */
  connectionChanged: { connectionId: string; userId: string };
  syncProgress: {
    connectionId: string;
    userId: string;
    folder: string;
    done: number;
    total: number;
  };
  messageSynced: { connectionId: string; userId: string; message: MessageRow };
  activityLogged: { userId: string; activity: EmailActivityRow };
  /** To the sync supervisors: the owner of the connection (or the first to claim it) acts. */
  syncCommand: SyncCommand;
  principalRevoked: PrincipalRevoked;
  /** A user's name, role or seat changed (viewerChanged re-reads them). */
  viewerChanged: { userId: string };
  /** To the outbox workers: an email was queued. */
  outboxWake: Record<string, never>;
  /**
   * A sync worker stopped its sessions because it cannot reach the database (`until` unset), or can
   * again (`until` set): told over pub/sub, which needs no database, so every process can say why.
   */
  syncPaused: {
    workerId: string;
    reason: 'DATABASE_UNAVAILABLE';
    since: string;
    until?: string;
    connections: { connectionId: string; userId: string }[];
  };
  /** A one-to-one email reached its end: accepted by the server, or failed for good. */
  emailSettled: {
    userId: string;
    connectionId: string;
    outboxId: string;
    messageId: string;
    status: 'SENT' | 'FAILED';
    /** The ProviderErrorCode of a failure. */
    errorCode: string | null;
  };
  /** To the webhook delivery workers: deliveries were recorded. */
  webhookWake: Record<string, never>;
  /** To the sequence schedulers: contacts were enrolled or resumed. */
  sequenceWake: Record<string, never>;
  /** An enrollment changed (the subscriber re-reads it); userId enrolled it, ownerId owns the sequence. */
  enrollmentChanged: { enrollmentId: string; sequenceId: string; userId: string; ownerId: string };
}

/** Sees every event this process publishes (not those it receives from other processes). */
export type PublishObserver = (topic: string, payload: unknown) => void;

/** Carries published events to every process (Redis), which hands them back through `deliver`. */
export interface PubSubTransport {
  send(topic: string, payload: unknown): void;
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * Typed pub/sub. Embedded: an in-process emitter. At scale: every publish goes through Redis and every
 * process (gateway replicas, sync workers) receives it, so a subscription on any replica sees events
 * from any worker.
 */
export class PubSub<Topics extends object = GatewayTopics> {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  private readonly observers: PublishObserver[] = [];

  constructor(private readonly transport?: PubSubTransport) {
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof Topics & string>(topic: K, payload: Topics[K]): void {
    if (this.transport) this.transport.send(topic, payload);
    else this.emitter.emit(topic, payload);
    for (const observe of this.observers) observe(topic, payload);
  }

  /**
   * Calls `observer` for each event published in this process, once, wherever it is delivered: the
   * webhook recorder, which wakes the delivery workers after the commits that recorded deliveries.
   */
  observePublishes(observer: PublishObserver): void {
    this.observers.push(observer);
  }

  /**
   * Calls `listener` at once for each event of the topic this process receives, from itself or (with
   * a transport) from any process; nothing is queued. For caches that drop what an event names.
   */
  listen<K extends keyof Topics & string>(
    topic: K,
    listener: (payload: Topics[K]) => void,
  ): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  /** Hands an event that arrived over the transport to this process's subscribers. */
  deliver(topic: string, payload: unknown): void {
    this.emitter.emit(topic, payload);
  }

  /**
   * The topic's payloads, filtered where they are published so a subscriber is woken only for its own
   * events. `return()` (graphql-ws unsubscribe, a closed socket) removes the listener at once, even
   * while nothing was ever delivered; an aborted `signal` does the same.
   */
  subscribe<K extends keyof Topics & string>(
    topic: K,
    options: SubscribeOptions<Topics[K]> = {},
  ): EventStream<Topics[K]> {
    const { filter, signal } = options;
    const listener = (payload: Topics[K]) => {
      if (!filter || filter(payload)) stream.push(payload);
    };
    const stream = new EventStream<Topics[K]>(() => {
      this.emitter.off(topic, listener);
      signal?.removeEventListener('abort', end);
    }, options.replay);
    const end = () => void stream.return();
    this.emitter.on(topic, listener);
    if (signal?.aborted) end();
    else signal?.addEventListener('abort', end, { once: true });
    return stream;
  }

  /** Live subscribers of a topic in this process (metrics and tests). */
  listenerCount(topic: keyof Topics & string): number {
    return this.emitter.listenerCount(topic);
  }

  /** False while the transport (Redis) is unreachable; the in-process emitter always is. */
  connected(): boolean {
    return this.transport?.connected() ?? true;
  }

  async close(): Promise<void> {
    await this.transport?.close();
  }
}

/** Events kept in the Redis stream: what a replica can catch up on after a Redis or network outage. */
export const REDIS_STREAM_MAX_EVENTS = 10_000;
/** Publishes a process may hold while Redis is unreachable before it drops new ones (and says so). */
export const MAX_PENDING_PUBLISHES = 10_000;

/**
 * Connects a PubSub to Redis through a stream (`<prefix>:events`) rather than pub/sub: every process
 * reads it from the last entry it saw, so events published while Redis (or the link to it) was down are
 * delivered once it is back, in order and without duplicates (pub/sub lost them, and the first one
 * after). The stream is capped at about REDIS_STREAM_MAX_EVENTS entries. Resolves once the reader knows
 * where the stream ends, so nothing published after start-up is missed.
 */
export async function redisPubSub(url: string, prefix: string, logger: Logger): Promise<PubSub> {
  const options = { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 5_000 };
  const publisher = new Redis(url, { ...options, connectionName: `${prefix}:publisher` });
  const reader = new Redis(url, { ...options, connectionName: `${prefix}:reader` });
  const key = `${prefix}:events`;
  for (const client of [publisher, reader])
    client.on('error', (err: Error) =>
      logger.warn({ err: { message: err.message } }, 'Redis connection problem'),
    );
  let lastId: string;
  try {
    await Promise.all([publisher.connect(), reader.connect()]);
    const [newest] = await reader.xrevrange(key, '+', '-', 'COUNT', 1);
    lastId = newest?.[0] ?? '0-0';
  } catch (err) {
    publisher.disconnect();
    reader.disconnect();
    throw new Error(`Could not connect to Redis at REDIS_URL (${redactUrl(url)})`, { cause: err });
  }

  let closing = false;
  let pending = 0;
  const pubsub: PubSub = new PubSub({
    send(topic, payload) {
      if (pending >= MAX_PENDING_PUBLISHES) {
        logger.error(
          { topic, pending },
          'Redis has been unreachable too long: an event was dropped',
        );
        return;
      }
      pending += 1;
      publisher
        .xadd(
          key,
          'MAXLEN',
          '~',
          String(REDIS_STREAM_MAX_EVENTS),
          '*',
          'topic',
          topic,
          'payload',
          JSON.stringify(payload),
        )
        .catch((err: Error) =>
          logger.warn({ err: { message: err.message }, topic }, 'could not publish an event'),
        )
        .finally(() => (pending -= 1));
    },
    connected: () => publisher.status === 'ready' && reader.status === 'ready',
    async close() {
      closing = true;
      reader.disconnect(); // ends the blocking read; the loop sees `closing` and stops
      // QUIT flushes what is queued, but waits forever for a Redis that is gone: bounded, then dropped.
      await Promise.race([
        publisher.quit().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
      publisher.disconnect();
    },
  });

  // One blocking read at a time; ioredis sends it again after a reconnect, from the same last id.
  void (async () => {
    while (!closing) {
      let batch: [string, [string, string[]][]][] | null;
      try {
        batch = (await reader.xread(
          'COUNT',
          500,
          'BLOCK',
          5_000,
          'STREAMS',
          key,
          lastId,
        )) as typeof batch;
      } catch (err) {
        if (closing) return;
        logger.warn(
          { err: { message: (err as Error).message } },
          'reading events from Redis failed; trying again',
        );
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      for (const [, entries] of batch ?? []) {
        for (const [id, fields] of entries) {
          lastId = id;
          const field = (name: string) => fields[fields.indexOf(name) + 1];
          try {
            pubsub.deliver(field('topic') ?? '', JSON.parse(field('payload') ?? 'null'));
          } catch (err) {
            logger.warn({ err, id }, 'dropped an unreadable event');
          }
        }
      }
    }
  })();
  return pubsub;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
