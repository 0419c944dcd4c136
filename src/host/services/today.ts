// The extension's idea of today's date (YYYY-MM-DD, UTC). Lifecycle checks read it here, so the
// integration tests can pin it through the extension's exported API instead of reading the clock.
import { isoDay } from '../../core/models/lifecycle';

let pinned: string | undefined;

/** Today's date for lifecycle checks. */
export function hostToday(): string {
  return pinned ?? isoDay();
}

/** Pins "today" (tests); undefined returns to the system clock. */
export function pinToday(day: string | undefined): void {
  if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('pinToday expects YYYY-MM-DD');
  pinned = day;
}
