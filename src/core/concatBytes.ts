/**
 * The parts as one array, in order. A single part is returned as it is, not copied: the body
 * readers, scanners and PNG chunk reader that call this never write into what they get back.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const [only] = parts;
  if (parts.length === 1 && only) return only;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
