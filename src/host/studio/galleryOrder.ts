// The gallery's order, as a pure function: newest job first, and inside a job its images in index
// order, however they arrived. A batch's images are saved one by one as their requests complete;
// putting each at the top would show 4, 3, 2, 1 after a reload where the live gallery showed 1…4.

/** What the order needs of an entry. */
export interface Ordered {
  id: string;
  index: number;
  /** The job that made it; entries without one are single results. */
  batch?: string;
}

/** `list` with `item` added: at the top, or after the images of its batch with a lower index. */
export function insertInOrder<T extends Ordered>(list: readonly T[], item: T): T[] {
  const rest = list.filter((r) => r.id !== item.id);
  if (item.batch === undefined) return [item, ...rest];
  // A batch's entries sit together at the top while it runs; find their run.
  let start = rest.findIndex((r) => r.batch === item.batch);
  if (start === -1) return [item, ...rest];
  let end = start;
  while (rest[end]?.batch === item.batch) end++;
  let at = start;
  while (at < end && (rest[at]?.index ?? Infinity) < item.index) at++;
  start = at;
  return [...rest.slice(0, start), item, ...rest.slice(start)];
}
