import { EventEmitter } from 'node:events';
import type { ProviderError } from './provider-error.js';
import type { SessionProgress, SessionState } from './sync-session.js';

/** The events every provider session emits about its own life. */
export interface LifecycleEvents {
  status: [status: { state: SessionState; progress: SessionProgress | null }];
  error: [error: ProviderError];
  closed: [event: { error: ProviderError | null }];
}

/**
 * The life both sync sessions (IMAP, EWS) share: started once, closed once. The first failure is kept,
 * emitted as `error` (when someone listens) and closes the session; stop() and later failures join that
 * same close, which ends with `closed`. Listeners that throw do not break the session.
 */
export abstract class SessionLifecycle<
  E extends Record<keyof E, unknown[]> & LifecycleEvents,
> extends EventEmitter<E> {
  protected phase: 'new' | 'starting' | 'running' | 'closing' | 'closed' = 'new';
  protected failure: ProviderError | undefined;
  /** Aborted when the session closes: requests and waits in flight end. */
  protected readonly abort = new AbortController();
  private state: SessionState = 'SYNCING';
  private closing: Promise<void> | undefined;

  get syncState(): SessionState {
    return this.state;
  }

  /** Stops whatever runs and closes; resolves when closed. Safe to call at any time, and twice. */
  stop(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  /** Frees what the session holds (timers, connections, requests) once it is closing. */
  protected abstract release(): Promise<void>;

  /** The close under way, if any. */
  protected get closed(): Promise<void> | undefined {
    return this.closing;
  }

  /** Reports the first failure, then closes everything. Later failures (the other connections dropping) are ignored. */
  protected fail(error: ProviderError): Promise<void> {
    if (this.closing) return this.closing;
    this.failure = error;
    const done = (this.closing = this.shutdown());
    // An 'error' event without a listener would throw out of the session; `closed` carries the error too.
    if (this.untyped.listenerCount('error') > 0) this.notify('error', ...([error] as E['error']));
    return done;
  }

  protected isClosing(): boolean {
    return this.phase === 'closing' || this.phase === 'closed';
  }

  protected setStatus(state: SessionState, progress: SessionProgress | null): void {
    this.state = state;
    this.notify('status', ...([{ state, progress }] as E['status']));
  }

  /** Listeners run synchronously inside the session; one that throws must not break it. */
  protected notify<K extends keyof E>(event: K, ...args: E[K]): void {
    try {
      this.untyped.emit(event as string | symbol, ...args);
    } catch {
      // a listener's failure is not the server's
    }
  }

  /** This emitter without its event map: EventEmitter<E>'s methods cannot check the keys of a generic E. */
  private get untyped(): EventEmitter {
    return this as unknown as EventEmitter;
  }

  private async shutdown(): Promise<void> {
    this.phase = 'closing';
    this.abort.abort(new Error('sync session closing'));
    await this.release();
    this.phase = 'closed';
    this.notify('closed', ...([{ error: this.failure ?? null }] as E['closed']));
  }
}
