/** The message of anything thrown: an Error's own message, anything else in words. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
