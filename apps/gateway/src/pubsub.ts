import { EventEmitter, on } from 'node:events';
import type { DomainSettingsEvent, VerificationStepEvent } from './__generated__/resolvers-types.js';
import type { EmailActivityRow, MessageRow } from './db/tables/sync.table.js';

/** Every topic and its payload: a typo in a topic or a wrong payload is a compile error. */
export interface GatewayTopics {
  domainSettingsChanged: DomainSettingsEvent;
  /** Progress of a connection check, for its owner only. */
  connectionCheck: { userId: string; seq: number; step: VerificationStepEvent };
  /** A connection's status, error or sync state changed (the subscriber re-reads it). */
  connectionChanged: { connectionId: string; userId: string };
  syncProgress: { connectionId: string; userId: string; folder: string; done: number; total: number };
  messageSynced: { connectionId: string; userId: string; message: MessageRow };
  activityLogged: { userId: string; activity: EmailActivityRow };
}

/** In-process pub/sub (the embedded default); a Redis-backed one has the same shape. */
export class PubSub<Topics extends object = GatewayTopics> {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof Topics & string>(topic: K, payload: Topics[K]): void {
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
}
