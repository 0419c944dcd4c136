// Where "today" comes from. Model lifecycles turn on dates (a model shuts down on a given day) and
// file names and sidecars carry them, so every caller takes a Calendar instead of reading the system
// time: tests, CI and reproducible builds pin the day with IMAGE_STUDIO_TODAY, on any real date.

/** A source of the current time. */
export interface Calendar {
  now(): Date;
}

/** The environment variable that pins the calendar day (YYYY-MM-DD). */
export const TODAY_VARIABLE = 'IMAGE_STUDIO_TODAY';

const DAY_MS = 86_400_000;

/** YYYY-MM-DD (UTC) of a moment. */
export function isoDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** Today's YYYY-MM-DD on a calendar. */
export function todayOn(calendar: Calendar): string {
  return isoDay(calendar.now());
}

/** Parses YYYY-MM-DD into the UTC midnight of that day, or undefined when it is not a real date. */
export function parseIsoDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const day = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || isoDay(day) !== text ? undefined : day;
}

/**
 * A calendar on the given day whose time of day runs on from `base`, so that names made seconds apart
 * still differ and sort in order while the date is the pinned one.
 */
export function calendarOnDay(day: string, base: Calendar): Calendar {
  const start = parseIsoDay(day);
  if (!start) throw new RangeError(`${TODAY_VARIABLE} must be a date as YYYY-MM-DD (got '${day}')`);
  return {
    now: () => {
      const real = base.now().getTime();
      return new Date(start.getTime() + (((real % DAY_MS) + DAY_MS) % DAY_MS));
    },
  };
}

/**
 * The calendar an environment asks for: the pinned day when IMAGE_STUDIO_TODAY is set, else `base`.
 * Throws a RangeError naming the variable when its value is not a date.
 */
export function calendarFromEnvironment(env: Readonly<Record<string, string | undefined>>, base: Calendar): Calendar {
  const day = env[TODAY_VARIABLE]?.trim();
  return day ? calendarOnDay(day, base) : base;
}
