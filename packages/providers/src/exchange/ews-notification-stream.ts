import { EventEmitter } from 'node:events';
import type { EwsClient } from './ews-client.js';
import { EwsCallError } from './ews-errors.js';
import { HttpFailure } from './ews-http.js';
import {
  getStreamingEventsXml,
  readStreamingMessage,
  subscribeStreaming,
} from './ews-streaming-operations.js';

/**
 * idle: not asked to watch yet. live: subscribed, a stream is open or being reopened. down: the
 * subscription was lost, subscribing again after a pause. unsupported: the server has no streaming
 * notifications (or refuses them); nothing more is tried in this session.
 */
export type StreamingState = 'idle' | 'live' | 'down' | 'unsupported';

export interface EwsNotificationStreamOptions {
  client: EwsClient;
  /** GetStreamingEvents' ConnectionTimeout (1-30 minutes): the server ends each stream after it. */
  connectionTimeoutMinutes: number;
  /** Budget of the Subscribe request. */
  requestTimeoutMs: number;
  /** First pause before subscribing again after a failure; it doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs: number;
}

export interface EwsNotificationStreamEvents {
  /** Items changed in these folders (ids as the server names them). */
  changed: [folderIds: Set<string>];
  /** A new subscription is live; changes made before it are not notified, so catch up. */
  subscribed: [];
  /** The subscription or its stream failed; it is retried after a pause. */
  lost: [error: unknown];
  state: [state: StreamingState];
}

// A request-level refusal of Subscribe or GetStreamingEvents: this server does not stream.
const UNSUPPORTED_CODES = new Set([
  'ErrorInvalidRequest',
  'ErrorInvalidServerVersion',
  'ErrorSchemaValidation',
  'ErrorIncorrectSchemaVersion',
  'ErrorInvalidSchemaVersionForMailboxVersion',
]);
/** A silent connection is given this long past its ConnectionTimeout before it counts as dead. */
const STREAM_GRACE_MS = 60_000;
/** A server that closes streams at once is not asked again more often than this. */
const MIN_REOPEN_MS = 1_000;
/** A stream that stayed up this long worked: the pause after a break starts small again. */
const HEALTHY_STREAM_MS = 60_000;

/**
 * EWS streaming notifications for a set of folders: Subscribe (StreamingSubscriptionRequest), then
 * GetStreamingEvents held open and reopened each time the server closes it at its
 * ConnectionTimeout. A dropped connection is reopened on the same subscription, a lost
 * subscription (ErrorSubscriptionNotFound, ...) replaced, each after a growing pause; the owner keeps
 * polling meanwhile. It never fails on its own: the owner hears `lost` and decides whether that is a
 * failure (a refused password) or a reason to sync (which reports a server that is really gone).
 */
export class EwsNotificationStream extends EventEmitter<EwsNotificationStreamEvents> {
  private readonly closing = new AbortController();
  private folderIds: string[] = [];
  /** Bumped on each new folder list: a subscription of an older one is replaced. */
  private generation = 0;
  /** Ends the request or pause in progress (folder list changed, or closing). */
  private step: AbortController | undefined;
  private running: Promise<void> | undefined;
  private current: StreamingState = 'idle';
  /** Failures in a row, for the pause before the next try; a stream that worked resets it. */
  private failures = 0;

  constructor(private readonly options: EwsNotificationStreamOptions) {
    super();
  }

  get state(): StreamingState {
    return this.current;
  }

  /** Follows these folders from now on; subscribes again when the set changes. */
  watch(folderIds: readonly string[]): void {
    if (this.closing.signal.aborted || this.current === 'unsupported') return;
    if (this.running && sameSet(folderIds, this.folderIds)) return;
    this.folderIds = [...folderIds];
    this.generation += 1;
    this.step?.abort(new Error('The folder list changed.'));
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  /** Closes the open stream (no Unsubscribe: streaming subscriptions expire on their own). */
  async stop(): Promise<void> {
    this.closing.abort(new Error('notification stream closing'));
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.closing.signal.aborted) {
      const generation = this.generation;
      let failure: unknown;
      try {
        const id = await subscribeStreaming(
          this.options.client,
          this.folderIds,
          AbortSignal.any([this.nextStep(), AbortSignal.timeout(this.options.requestTimeoutMs)]),
        );
        this.setState('live');
        this.notify('subscribed');
        failure = await this.follow(id, generation);
      } catch (err) {
        failure = err;
      }
      if (this.closing.signal.aborted) return;
      if (generation !== this.generation) continue; // new folders: subscribe for them at once
      if (isUnsupported(failure)) return this.setState('unsupported');
      this.lose(failure);
      await this.pause(this.nextDelay());
    }
  }

  /**
   * Keeps a stream open on one subscription, reopening it when the server closes it at its
   * ConnectionTimeout, and after a pause when the connection breaks (the server queues the
   * subscription's events meanwhile). Returns the error that ends the subscription (the server
   * says it is gone or refuses it), or undefined when the folder list changed or the stream closes.
   */
  private async follow(subscriptionId: string, generation: number): Promise<unknown> {
    for (;;) {
      const opened = Date.now();
      let failure: unknown;
      try {
        if (!(await this.listen(subscriptionId)))
          failure = new HttpFailure(
            'network',
            'The notification stream ended without ConnectionStatus Closed.',
            'ECONNRESET',
          );
      } catch (err) {
        failure = err;
      }
      if (this.closing.signal.aborted || generation !== this.generation) return undefined;
      if (failure === undefined || Date.now() - opened >= HEALTHY_STREAM_MS) this.failures = 0;
      if (failure === undefined) {
        // Closed at its ConnectionTimeout: reopen (not in a tight loop if the server closes at once).
        await this.pause(MIN_REOPEN_MS - (Date.now() - opened));
      } else {
        if (
          failure instanceof EwsCallError &&
          (failure.kind === 'response' || failure.kind === 'fault' || isUnsupported(failure))
        )
          return failure;
        this.lose(failure);
        await this.pause(this.nextDelay());
      }
      if (this.closing.signal.aborted || generation !== this.generation) return undefined;
      this.setState('live');
    }
  }

  /** One GetStreamingEvents connection; true when the server closed it normally (ConnectionStatus Closed). */
  private async listen(subscriptionId: string): Promise<boolean> {
    const minutes = this.options.connectionTimeoutMinutes;
    const signal = this.nextStep();
    const step = this.step!;
    const deadline = setTimeout(
      () =>
        step.abort(
          new HttpFailure(
            'network',
            `The notification stream stayed open past its ${minutes} min timeout.`,
            'ETIMEDOUT',
          ),
        ),
      minutes * 60_000 + STREAM_GRACE_MS,
    );
    deadline.unref();
    let closed = false;
    try {
      await this.options.client.stream(
        'GetStreamingEvents',
        getStreamingEventsXml(subscriptionId, minutes),
        'Exchange2010_SP2',
        signal,
        (doc) => {
          // Throws for an error message (the subscription is gone): the stream is dropped with it.
          const message = readStreamingMessage(doc);
          if (message.folderIds.size > 0) this.notify('changed', message.folderIds);
          if (message.connectionStatus === 'Closed') closed = true;
        },
      );
    } finally {
      clearTimeout(deadline);
    }
    return closed;
  }

  private lose(failure: unknown): void {
    this.setState('down');
    this.notify('lost', failure);
  }

  /** The pause before the next try: retryMs, doubling with each failure in a row, up to maxRetryMs. */
  private nextDelay(): number {
    return Math.min(this.options.maxRetryMs, this.options.retryMs * 2 ** this.failures++);
  }

  private pause(ms: number): Promise<void> {
    const signal = this.nextStep();
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }

  /** A fresh signal for the next request or pause: aborted by watch() with new folders, and by stop(). */
  private nextStep(): AbortSignal {
    this.step = new AbortController();
    return AbortSignal.any([this.step.signal, this.closing.signal]);
  }

  private setState(state: StreamingState): void {
    if (state === this.current) return;
    this.current = state;
    this.notify('state', state);
  }

  private notify<K extends keyof EwsNotificationStreamEvents>(
    event: K,
    ...args: EwsNotificationStreamEvents[K]
  ): void {
    try {
      (this.emit as (event: K, ...args: EwsNotificationStreamEvents[K]) => boolean)(event, ...args);
    } catch {
      // a listener's failure is not the stream's
    }
  }
}

function isUnsupported(err: unknown): boolean {
  if (!(err instanceof EwsCallError)) return false;
  if (err.kind === 'fault' || err.kind === 'response')
    return UNSUPPORTED_CODES.has(err.responseCode ?? '');
  // No EWS answer at all for the operation (404, 405, 501, a 500 page...); busy (429, 503) is not a refusal.
  return err.kind === 'status' && err.status >= 400 && err.status !== 429 && err.status !== 503;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
