/** Delays between sync attempts: steady when they succeed, doubling (with jitter) up to a cap while they fail. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly steadyMs = 60_000,
    private readonly firstRetryMs = 5_000,
    private readonly maxMs = 5 * 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  succeeded(): number {
    this.failures = 0;
    return this.steadyMs;
  }

  failed(): number {
    const base = Math.min(this.maxMs, this.firstRetryMs * 2 ** this.failures);
    this.failures++;
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }
}
