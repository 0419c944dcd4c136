// The extension's calendar: the system clock, or the day pinned by IMAGE_STUDIO_TODAY in the
// extension host's environment (how the integration tests run on a fixed date whatever the real
// one). Read once at activation; every lifecycle check and file-name date asks here.
import { calendarFromEnvironment, calendarOnDay, systemCalendar, todayOn, type Calendar } from '../../core/calendar';

let calendar: Calendar = systemCalendar;
let configured: Calendar = systemCalendar;

/** Takes the calendar from the environment; returns a warning when the variable is not a date. */
export function configureHostCalendar(env: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    calendar = configured = calendarFromEnvironment(env);
    return undefined;
  } catch (err) {
    calendar = systemCalendar;
    return `${(err as Error).message}; using the system date.`; // l10n-ignore: logged only
  }
}

/** The current moment on the extension's calendar. */
export function hostNow(): Date {
  return calendar.now();
}

/** Today's YYYY-MM-DD on the extension's calendar. */
export function hostToday(): string {
  return todayOn(calendar);
}

/** Pins the day (the integration tests' per-suite dates, through activate()'s API); undefined returns to the configured calendar. */
export function pinHostToday(day: string | undefined): void {
  calendar = day === undefined ? configured : calendarOnDay(day, systemCalendar);
}
