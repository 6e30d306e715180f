/**
 * Capped exponential backoff with full jitter: attempt n waits a random time in [base, min(cap, base*2^n)].
 * The attempt counter resets only after the connection stayed up for `stableMs`, so a server that
 * accepts then drops connections does not cause a reconnect storm.
 */
export class Backoff {
  private attempt = 0;
  private upSince: number | undefined;

  constructor(
    private readonly options: { baseMs: number; capMs: number; stableMs: number },
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next reconnect; counts one failure. */
  next(now = Date.now()): number {
    if (this.upSince !== undefined && now - this.upSince >= this.options.stableMs) this.attempt = 0;
    this.upSince = undefined;
    const ceiling = Math.min(this.options.capMs, this.options.baseMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(this.options.baseMs + this.random() * (ceiling - this.options.baseMs));
  }

  /** The connection is up; the counter resets if it stays up for the stable period. */
  connected(now = Date.now()): void {
    this.upSince = now;
  }

  get failures(): number {
    return this.attempt;
  }
}
