// One wait shared by every request of a run. When the server answers 429 with a retry-after, the
// limit is the account's, not the request's: the other requests in flight would only be refused
// the same way (and a refused image request still counts against the per-minute limit). So the
// request that was told to wait holds the gate, and every request about to start waits with it.
import type { Clock } from './retry';

/** A shared "not before" moment on a clock. */
export class RateGate {
  private until = 0;

  constructor(private readonly clock: Clock) {}

  /** Holds every new attempt for `ms` from now (a later wait already set is kept); returns the moment. */
  hold(ms: number): number {
    this.until = Math.max(this.until, this.clock.now() + ms);
    return this.until;
  }

  /**
   * Resolves once the shared wait is over. `served` is the moment this caller has already waited
   * for (the request that was told to wait sleeps its own wait), so nobody waits twice for one
   * hold; returns the moment now served. Rejects when `signal` aborts.
   */
  async pass(signal?: AbortSignal, served = 0): Promise<number> {
    for (;;) {
      const target = this.until;
      if (target <= served) return served;
      const left = target - this.clock.now();
      if (left > 0) await this.clock.sleep(left, signal);
      served = target;
    }
  }
}
