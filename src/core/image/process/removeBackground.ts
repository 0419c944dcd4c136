// Keying out a flat background colour (what a model paints when asked for a plain backdrop, and
// what the transparency fallback asks for). A plain distance threshold leaves a halo: an edge
// pixel that is half subject and half key is far enough from the key to stay, and keeps half the
// key's tint. So after the hard key, every pixel near the cut is explained as a mix of the key and
// a nearby solid subject pixel, C = a·F + (1 − a)·K; its alpha becomes a and the key's share is
// subtracted from its colour ("decontamination", as compositing tools do).
import { t } from '../../l10n';
import type { RgbaImage } from '../pngCodec';
import { colourDistance, formatColour } from './colour';
import { ProcessError, type RemoveBackgroundStep, type Rgb, type StepResult } from './processTypes';

/** How far (px) from the keyed area edge pixels are re-estimated. */
const RING = 2;
/** How far (px) to look for the solid subject colour an edge pixel mixes with. */
const REACH = 3;
/** A mix is trusted only when the pixel lies this close (RMS) to the line from the key to the subject colour. */
const MAX_RESIDUAL = 28;
/** Corner patches for 'auto': a flat corner varies by at most this much, and corners agree within twice that. */
const CORNER_PATCH = 4;
const CORNER_FLAT = 12;

/** The flat colour shared by most corners; undefined when the corners are all transparent. */
export function cornerColour(image: RgbaImage): Rgb | undefined {
  const { width: w, height: h, data } = image;
  const size = Math.max(1, Math.min(CORNER_PATCH, w, h));
  const corners: Array<[number, number]> = [
    [0, 0],
    [w - size, 0],
    [0, h - size],
    [w - size, h - size],
  ];
  const flat: Rgb[] = [];
  let transparent = 0;
  for (const [x0, y0] of corners) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let y = y0; y < y0 + size; y++)
      for (let x = x0; x < x0 + size; x++) {
        const o = (y * w + x) * 4;
        r += data[o] ?? 0;
        g += data[o + 1] ?? 0;
        b += data[o + 2] ?? 0;
        a += data[o + 3] ?? 0;
      }
    const n = size * size;
    if (a / n < 128) {
      transparent++;
      continue;
    }
    const mean: Rgb = [Math.round(r / n), Math.round(g / n), Math.round(b / n)];
    let spread = 0;
    for (let y = y0; y < y0 + size; y++)
      for (let x = x0; x < x0 + size; x++) {
        const o = (y * w + x) * 4;
        spread = Math.max(spread, colourDistance(data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0, ...mean));
      }
    if (spread <= CORNER_FLAT) flat.push(mean);
  }
  if (transparent === 4) return undefined;
  let best: Rgb | undefined;
  let bestVotes = 0;
  for (const c of flat) {
    const votes = flat.filter((o) => colourDistance(...c, ...o) <= CORNER_FLAT * 2).length;
    if (votes > bestVotes) [best, bestVotes] = [c, votes];
  }
  // One flat corner could be the subject touching the edge; two agreeing ones are a background.
  if (!best || bestVotes < Math.min(2, 4 - transparent)) {
    throw new ProcessError(
      'no_background',
      t('No flat background colour at the corners of the image: name the colour to remove, e.g. "removeBackground": {"color": "#00ff00"}.'),
    );
  }
  return best;
}

/** Makes the key colour transparent (in place: the chain owns the pixels) and cleans the edge. */
export function removeBackground(image: RgbaImage, step: RemoveBackgroundStep): StepResult {
  const key = step.color === 'auto' ? cornerColour(image) : step.color;
  if (!key)
    return {
      image,
      record: { step: 'removeBackground', color: 'auto', tolerance: step.tolerance, removed: 0, softened: 0, skipped: 'transparent' },
    };
  const { width: w, height: h, data } = image;
  const [kr, kg, kb] = key;
  const keyed = new Uint8Array(w * h);
  // Squared distances against 3·tolerance²: the same test as colourDistance() ≤ tolerance, without a root per pixel.
  const limit = 3 * step.tolerance * step.tolerance;
  let removed = 0;
  for (let p = 0, o = 0; p < w * h; p++, o += 4) {
    if (data[o + 3] === 0) continue;
    const dr = (data[o] ?? 0) - kr;
    const dg = (data[o + 1] ?? 0) - kg;
    const db = (data[o + 2] ?? 0) - kb;
    if (dr * dr + dg * dg + db * db <= limit) {
      keyed[p] = 1;
      data[o] = data[o + 1] = data[o + 2] = data[o + 3] = 0;
      removed++;
    }
  }
  const softened = removed ? decontaminateEdge(image, keyed, key) : 0;
  return { image, record: { step: 'removeBackground', color: formatColour(key), tolerance: step.tolerance, removed, softened } };
}

/** Marks the visible pixels within RING px (square) of a keyed pixel, starting only from keyed pixels on the cut. */
function ringAround(keyed: Uint8Array, w: number, h: number): Uint8Array {
  const near = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0, p = y * w; x < w; x++, p++) {
      if (!keyed[p]) continue;
      // Inside the keyed area (all four neighbours keyed or off the image) nothing is near the cut.
      if ((x === 0 || keyed[p - 1]) && (x === w - 1 || keyed[p + 1]) && (y === 0 || keyed[p - w]) && (y === h - 1 || keyed[p + w]))
        continue;
      for (let dy = Math.max(0, y - RING); dy <= Math.min(h - 1, y + RING); dy++)
        for (let dx = Math.max(0, x - RING); dx <= Math.min(w - 1, x + RING); dx++) near[dy * w + dx] = 1;
    }
  return near;
}

/**
 * Re-estimates alpha and colour of the visible pixels near the cut. Each is matched with the
 * pixel within REACH (further from the key than itself) that best explains it as a mix with the
 * key; its alpha becomes the subject's share and its colour the subject's part of the mix.
 * Returns how many pixels changed.
 */
function decontaminateEdge(image: RgbaImage, keyed: Uint8Array, key: Rgb): number {
  const { width: w, height: h, data } = image;
  const near = ringAround(keyed, w, h);
  const [kr, kg, kb] = key;
  const updates: Array<[number, number, number, number, number]> = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      const o = p * 4;
      if (!near[p] || keyed[p] || (data[o + 3] ?? 0) === 0) continue;
      const cr = (data[o] ?? 0) - kr,
        cg = (data[o + 1] ?? 0) - kg,
        cb = (data[o + 2] ?? 0) - kb;
      const own = cr * cr + cg * cg + cb * cb;
      let share = 1;
      for (let sy = Math.max(0, y - REACH); sy <= Math.min(h - 1, y + REACH); sy++)
        for (let sx = Math.max(0, x - REACH); sx <= Math.min(w - 1, x + REACH); sx++) {
          const q = sy * w + sx;
          if (keyed[q] || (data[q * 4 + 3] ?? 0) < 128) continue;
          const fr = (data[q * 4] ?? 0) - kr,
            fg = (data[q * 4 + 1] ?? 0) - kg,
            fb = (data[q * 4 + 2] ?? 0) - kb;
          const len2 = fr * fr + fg * fg + fb * fb;
          // The subject colour of a mix is further from the key than the mix; and one close to the
          // key cannot be told apart from it.
          if (len2 <= own || len2 < 3 * 24 * 24) continue;
          const a = Math.min(1, Math.max(0, (cr * fr + cg * fg + cb * fb) / len2));
          const er = cr - a * fr,
            eg = cg - a * fg,
            eb = cb - a * fb;
          // Every pixel on the line from the key to the subject explains a mix; the one furthest
          // from the key (least share) is the subject's own colour.
          if ((er * er + eg * eg + eb * eb) / 3 <= MAX_RESIDUAL * MAX_RESIDUAL && a < share) share = a;
        }
      if (share >= 0.98) continue;
      updates.push([o, share, cr, cg, cb]);
    }
  // Written after the scan so no estimate reads a pixel another estimate already changed.
  for (const [o, share, cr, cg, cb] of updates) {
    if (share < 0.04) {
      data[o] = data[o + 1] = data[o + 2] = data[o + 3] = 0;
      continue;
    }
    data[o] = clamp(kr + cr / share);
    data[o + 1] = clamp(kg + cg / share);
    data[o + 2] = clamp(kb + cb / share);
    data[o + 3] = Math.round((data[o + 3] ?? 0) * share);
  }
  return updates.length;
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
