import { EventEmitter, on } from 'node:events';
import { Redis } from 'ioredis';
import type { DomainSettingsEvent, ResolversTypes } from './__generated__/resolvers-types.js';
import type { EmailActivityRow, MessageRow } from './db/tables/sync.table.js';
import type { Logger } from './logger.js';
import type { SyncCommand } from './engine/supervisor-api.js';

/** Every topic and its payload: a typo in a topic or a wrong payload is a compile error. Payloads are JSON. */
export interface GatewayTopics {
  domainSettingsChanged: DomainSettingsEvent;
  /** Progress of a connection check, for its owner only. */
  connectionCheck: { userId: string; seq: number; step: Awaited<ResolversTypes['VerificationStepEvent']> };
  /** A connection's status, error or sync state changed (the subscriber re-reads it). */
  connectionChanged: { connectionId: string; userId: string };
  syncProgress: { connectionId: string; userId: string; folder: string; done: number; total: number };
  messageSynced: { connectionId: string; userId: string; message: MessageRow };
  activityLogged: { userId: string; activity: EmailActivityRow };
  /** To the sync supervisors: the owner of the connection (or the first to claim it) acts. */
  syncCommand: SyncCommand;
  /** To the outbox workers: an email was queued. */
  outboxWake: Record<string, never>;
}

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

  constructor(private readonly transport?: PubSubTransport) {
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof Topics & string>(topic: K, payload: Topics[K]): void {
    if (this.transport) this.transport.send(topic, payload);
    else this.emitter.emit(topic, payload);
  }

  /** Hands an event that arrived over the transport to this process's subscribers. */
  deliver(topic: string, payload: unknown): void {
    this.emitter.emit(topic, payload);
  }

  /** An async iterator of the topic's payloads; `return()` (graphql-ws unsubscribe) removes the listener. */
  async *subscribe<K extends keyof Topics & string>(topic: K, signal?: AbortSignal): AsyncGenerator<Topics[K]> {
    try {
      for await (const [payload] of on(this.emitter, topic, { signal })) yield payload as Topics[K];
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }

  /** False while the transport (Redis) is unreachable; the in-process emitter always is. */
  connected(): boolean {
    return this.transport?.connected() ?? true;
  }

  async close(): Promise<void> {
    await this.transport?.close();
  }
}

/**
 * Connects a PubSub to Redis: one connection publishes, one listens on `<prefix>:*`. Resolves once the
 * listener is subscribed, so nothing published after start-up is missed. Redis going away is logged
 * and retried by ioredis; events published meanwhile are queued by the publishing connection.
 */
export async function redisPubSub(url: string, prefix: string, logger: Logger): Promise<PubSub> {
  const options = { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 5_000 };
  const publisher = new Redis(url, options);
  const listener = new Redis(url, options);
  let pubsub: PubSub | undefined;
  for (const client of [publisher, listener]) client.on('error', (err: Error) => logger.warn({ err: { message: err.message } }, 'Redis connection problem'));
  listener.on('pmessage', (_pattern: string, channel: string, message: string) => {
    const topic = channel.slice(prefix.length + 1);
    try {
      pubsub?.deliver(topic, JSON.parse(message));
    } catch (err) {
      logger.warn({ err, channel }, 'dropped an unreadable pub/sub message');
    }
  });
  try {
    await Promise.all([publisher.connect(), listener.connect()]);
    await listener.psubscribe(`${prefix}:*`);
  } catch (err) {
    publisher.disconnect();
    listener.disconnect();
    throw new Error(`Could not connect to Redis at REDIS_URL (${redactUrl(url)})`, { cause: err });
  }
  pubsub = new PubSub({
    send(topic, payload) {
      publisher.publish(`${prefix}:${topic}`, JSON.stringify(payload)).catch((err: Error) => logger.warn({ err: { message: err.message }, topic }, 'could not publish an event'));
    },
    connected: () => publisher.status === 'ready' && listener.status === 'ready',
    async close() {
      await Promise.allSettled([publisher.quit(), listener.quit()]);
    },
  });
  return pubsub;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
