/**
 * A copy of `o` without its undefined fields, so that an absent option stays absent in a request
 * body or a sidecar instead of arriving as `"key": undefined`.
 */
export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
