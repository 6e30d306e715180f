import type { GatewayServices } from '../gateway-services.js';
import type { GatewayTopics } from '../pubsub.js';

export interface WakeableLoopOptions {
  /** Names the job in the log line of a failed tick. */
  name: string;
  pollMs: number;
  /** Topics that run a tick at once, whether published in this process or in another one. */
  wakeOn: readonly (keyof GatewayTopics & string)[];
}

/**
 * The rhythm of a background job (outbox, webhooks, sequences): a tick every `pollMs`, and at once when
 * a wake topic is published. A wake during a tick runs the next tick right after it, so nothing waits
 * a whole poll; one tick runs at a time. A failed tick is logged and the loop goes on.
 */
export class WakeableLoop {
  private timer: NodeJS.Timeout | undefined;
  private readonly wakeups = new AbortController();
  private running: Promise<void> | undefined;
  private pending = false;
  /** A sooner next tick asked for during the running one (runIn). */
  private soonerMs: number | undefined;
  private stopped = false;

  constructor(
    private readonly services: Pick<GatewayServices, 'pubsub' | 'logger'>,
    private readonly tick: () => Promise<void>,
    private readonly options: WakeableLoopOptions,
  ) {}

  start(): void {
    for (const topic of this.options.wakeOn) void this.listen(topic);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeups.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  /** Another tick as soon as possible: right after the running one (it left work behind), or now. */
  again(): void {
    if (this.running) this.pending = true;
    else this.schedule(0);
  }

  /** The next tick in `ms` rather than a whole poll later (a retry falls due sooner), also when asked during a tick. */
  runIn(ms: number): void {
    const next = Math.min(ms, this.options.pollMs);
    if (this.running) this.soonerMs = Math.min(this.soonerMs ?? next, next);
    else this.schedule(next);
  }

  /** One tick now, after the running one; tests drive the loop with their own clock. */
  async runOnce(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.tick();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async listen(topic: keyof GatewayTopics & string): Promise<void> {
    const wakes = this.services.pubsub.subscribe(topic, { signal: this.wakeups.signal });
    for await (const _ of wakes) this.again();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // The tick starts once `running` is set, so whatever it asks for (again, runIn) sees it running.
      this.running = Promise.resolve()
        .then(() => this.tick())
        .catch((err: unknown) =>
          this.services.logger.error({ err }, `${this.options.name} tick failed`),
        )
        .finally(() => {
          this.running = undefined;
          const next = this.pending ? 0 : (this.soonerMs ?? this.options.pollMs);
          this.pending = false;
          this.soonerMs = undefined;
          this.schedule(next);
        });
    }, ms);
    this.timer.unref?.();
  }
}
