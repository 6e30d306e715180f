/**
 * Caps how many accounts connect and catch up against one mail host at once, so a restart or the end of
 * an outage does not open hundreds of connections at the same moment (servers rate-limit or ban that).
 * A session holds its slot until it is up to date. Waiters are FIFO.
 */
export class HostSlots {
  private readonly inUse = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly perHost: number) {}

  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const key = host.toLowerCase();
    if ((this.inUse.get(key) ?? 0) >= this.perHost) {
      await new Promise<void>((resolve, reject) => {
        const queue = this.waiting.get(key) ?? [];
        const wake = () => resolve();
        queue.push(wake);
        this.waiting.set(key, queue);
        signal?.addEventListener(
          'abort',
          () => {
            const i = queue.indexOf(wake);
            if (i >= 0) queue.splice(i, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    }
    this.inUse.set(key, (this.inUse.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse.set(key, (this.inUse.get(key) ?? 1) - 1);
      this.waiting.get(key)?.shift()?.();
    };
  }

  count(host: string): number {
    return this.inUse.get(host.toLowerCase()) ?? 0;
  }
}
