/** The day the browser tests run on (injected, never read from the clock; the same as the unit tests'). */
export const TODAY = '2026-11-21';
