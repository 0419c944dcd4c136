// Bounds-checked big/little-endian reads. Every read past the end throws `truncated`, so the format
// parsers never have to remember to check lengths and a short file can never read as zeros.
import { ImageInputError } from './imageErrors';

/** Throws a `truncated` error unless `bytes` holds `needed` bytes. */
export function requireLength(bytes: Uint8Array, needed: number, what: string): void {
  if (bytes.length < needed) {
    throw new ImageInputError(
      'truncated',
      `The ${what} ends after ${bytes.length} bytes, before its header is complete: the file is cut short (an interrupted download or copy?). Save or export it again.`,
    );
  }
}

/** Unsigned 16-bit big-endian. */
export function u16be(b: Uint8Array, at: number, what: string): number {
  requireLength(b, at + 2, what);
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** Unsigned 32-bit big-endian. */
export function u32be(b: Uint8Array, at: number, what: string): number {
  requireLength(b, at + 4, what);
  return (((b[at] ?? 0) << 24) >>> 0) + (((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0));
}

/** Unsigned 16-bit little-endian. */
export function u16le(b: Uint8Array, at: number, what: string): number {
  requireLength(b, at + 2, what);
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

/** Unsigned 24-bit little-endian. */
export function u24le(b: Uint8Array, at: number, what: string): number {
  requireLength(b, at + 3, what);
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);
}

/** Unsigned 32-bit little-endian. */
export function u32le(b: Uint8Array, at: number, what: string): number {
  requireLength(b, at + 4, what);
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16)) + (((b[at + 3] ?? 0) << 24) >>> 0);
}

/** `len` bytes at `at` as Latin-1 text (chunk types, FourCCs). */
export function ascii(b: Uint8Array, at: number, len: number, what: string): string {
  requireLength(b, at + len, what);
  let s = '';
  for (let i = at; i < at + len; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

/** CRC-32 (IEEE, as PNG uses) of `b[start, end)`. */
export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (CRC_TABLE[(crc ^ (b[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
