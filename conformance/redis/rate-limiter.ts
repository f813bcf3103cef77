/** A token bucket: at most `perSecond` commands per second (`--max-ops`); 0 or less means unlimited. */
export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number) {
    this.tokens = Math.min(perSecond, 1000);
  }
  async take(n: number): Promise<void> {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return;
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= n || this.tokens >= this.perSecond) {
        this.tokens -= n;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.max(1, ((n - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
