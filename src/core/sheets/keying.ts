// Keying a cell's background away. The cell pipeline takes any `Keyer`, so the processing chain's
// `removeBackground` (with its defringing) plugs in as it is; the flat-colour keyer here is the
// simple one the sheet cutter needs on its own: a named colour, or the colour of the corners.
import type { RgbaImage } from '../image/pngCodec';
import type { Rgba } from '../image/raster';

/** Makes a cell's background transparent; returns a new image (or the same one when nothing changes). */
export type Keyer = (cell: RgbaImage) => RgbaImage | Promise<RgbaImage>;

/** Keeps the cell as it is: for sheets that already come with transparency. */
export const keepAlpha: Keyer = (cell) => cell;

/** The colour the four corner pixels agree on most (the median per channel), as a model's flat background is. */
export function cornerColour(image: RgbaImage): Rgba {
  const corners = [
    [0, 0],
    [image.width - 1, 0],
    [0, image.height - 1],
    [image.width - 1, image.height - 1],
  ].map(([x, y]) => image.data.subarray(((y ?? 0) * image.width + (x ?? 0)) * 4, ((y ?? 0) * image.width + (x ?? 0)) * 4 + 4));
  const median = (c: number) => {
    const v = corners.map((p) => p[c] ?? 0).sort((a, b) => a - b);
    return Math.round(((v[1] ?? 0) + (v[2] ?? 0)) / 2);
  };
  return [median(0), median(1), median(2), 255];
}

/** Options of the flat-colour keyer. */
export interface FlatKeyOptions {
  /** The background colour; the corners' colour when absent. */
  colour?: Rgba;
  /** RGB distance (0–441) under which a pixel is background. */
  tolerance?: number;
  /** Width of the soft band above the tolerance, where alpha ramps up and the key's spill is taken out. */
  softness?: number;
}

/** A keyer that makes one flat colour transparent, with a soft, despilled edge. */
export function flatColourKeyer(options: FlatKeyOptions = {}): Keyer {
  const tolerance = options.tolerance ?? 60;
  const softness = options.softness ?? 40;
  return (cell) => {
    const [kr, kg, kb] = options.colour ?? cornerColour(cell);
    const out: RgbaImage = { width: cell.width, height: cell.height, data: new Uint8Array(cell.data) };
    const d = out.data;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i] ?? 0,
        g = d[i + 1] ?? 0,
        b = d[i + 2] ?? 0;
      const dist = Math.hypot(r - kr, g - kg, b - kb);
      if (dist < tolerance) {
        d[i + 3] = 0;
      } else if (dist < tolerance + softness) {
        const keep = (dist - tolerance) / softness;
        d[i + 3] = Math.round((d[i + 3] ?? 0) * keep);
        // Subtract the key's share from the edge colour so it does not halo on another background.
        d[i] = clampByte((r - kr * (1 - keep)) / keep);
        d[i + 1] = clampByte((g - kg * (1 - keep)) / keep);
        d[i + 2] = clampByte((b - kb * (1 - keep)) / keep);
      }
    }
    return out;
  };
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
