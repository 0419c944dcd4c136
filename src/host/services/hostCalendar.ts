// The extension's calendar: the system clock, or the day pinned by IMAGE_STUDIO_TODAY in the
// extension host's environment (how the integration tests run on a fixed date whatever the real
// one). One instance, made at activation and handed to whoever needs the day or the time.
import { calendarFromEnvironment, calendarOnDay, todayOn, type Calendar } from '../../core/calendar';

/** The system's time: the one place the extension reads the clock. */
const systemCalendar: Calendar = { now: () => new Date() };

/** The day and the time as the extension sees them. */
export class HostCalendar {
  private configured: Calendar;
  private pinned: Calendar | undefined;
  /** Set when IMAGE_STUDIO_TODAY is not a date (the system date is used; the caller logs it). */
  readonly warning: string | undefined;

  constructor(env: Readonly<Record<string, string | undefined>> = {}) {
    try {
      this.configured = calendarFromEnvironment(env, systemCalendar);
    } catch (err) {
      this.configured = systemCalendar;
      this.warning = `${(err as Error).message}; using the system date.`; // l10n-ignore: logged only
    }
  }

  /** The current moment. */
  now(): Date {
    return (this.pinned ?? this.configured).now();
  }

  /** Today's YYYY-MM-DD. */
  today(): string {
    return todayOn(this.pinned ?? this.configured);
  }

  /** Pins the day (the integration tests' per-suite dates, through activate()'s API); undefined returns to the configured calendar. */
  pin(day: string | undefined): void {
    this.pinned = day === undefined ? undefined : calendarOnDay(day, systemCalendar);
  }
}
