/** Connection gaps (e.g. a Redis restart): when the subscriber was down, as `observe.gap` findings. */
import type { Collector } from '../findings/collector.ts';

export class GapTracker {
  readonly gaps: { from: string; to: string }[] = [];
  private start?: Date;

  constructor(
    private readonly collector: Collector,
    /** Called when a gap closes while the observation goes on (e.g. to re-read the server's config). */
    private readonly onReconnect: () => void,
  ) {}

  get open(): boolean {
    return this.start !== undefined;
  }

  opened(stopped: boolean): void {
    if (!stopped && !this.start) this.start = new Date();
  }

  closed(stopped: boolean, at = new Date()): void {
    if (!this.start) return;
    const gap = { from: this.start.toISOString(), to: at.toISOString() };
    this.start = undefined;
    this.gaps.push(gap);
    const secs = ((Date.parse(gap.to) - Date.parse(gap.from)) / 1000).toFixed(1);
    this.collector.add(
      this.collector.finding(
        'observe.gap',
        null,
        null,
        null,
        `lost the connection from ${gap.from} to ${gap.to} (${secs} s, e.g. a Redis restart): events in that interval were not observed`,
        'a continuous observation',
        `a ${secs} s gap`,
        null,
      ),
    );
    // A restarted server may have lost its runtime config.
    if (!stopped) this.onReconnect();
  }
}
