// Colours as a manifest writes them ("#0f0", "#00ff00", "#00ff0080", "transparent") and as the
// sidecar records them, plus the one colour distance the chain and the gates share.
import type { Rgb, Rgba } from './processTypes';

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** Parses "#rgb", "#rrggbb", "#rrggbbaa" or "transparent"; undefined when it is none of them. */
export function parseColour(text: string): Rgba | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'transparent') return [0, 0, 0, 0];
  if (!trimmed.startsWith('#')) return undefined;
  const m = HEX.exec(trimmed);
  if (!m?.[1]) return undefined;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const n = (i: number): number => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return [n(0), n(1), n(2), h.length === 8 ? n(3) : 255];
}

/** "#rrggbb" (or "#rrggbbaa" when not opaque): how the sidecar writes a colour. */
export function formatColour(c: Rgb | Rgba): string {
  const hex = (v: number): string => Math.round(v).toString(16).padStart(2, '0');
  const alpha = c.length === 4 && c[3] !== 255 ? hex(c[3]) : '';
  return `#${hex(c[0])}${hex(c[1])}${hex(c[2])}${alpha}`;
}

/**
 * RMS difference of two RGB colours, 0 (same) to 255 (black against white): the scale of
 * `tolerance`, so a tolerance reads as "this far, per channel, on average".
 */
export function colourDistance(r1: number, g1: number, b1: number, r2: number, g2: number, b2: number): number {
  const dr = r1 - r2;
  const dg = g1 - g2;
  const db = b1 - b2;
  return Math.sqrt((dr * dr + dg * dg + db * db) / 3);
}
