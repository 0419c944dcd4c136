// Images that depend on the request, so that trying Image Studio against the fake (npm start)
// shows something happening: each prompt paints its own scene (colours and shapes seeded from the
// prompt and the image's index), partial images fill in towards the final one, an edit repaints
// only the masked area of its input, a variation is its input re-coloured and re-arranged, and a
// transparent background is really transparent. Deterministic and cheap: one pass over the pixels.
import { seededRandom } from '../fixtures/seededRandom';
import type { RgbaImage } from '../support/png';

interface Disc {
  x: number;
  y: number;
  r: number;
  rgb: [number, number, number];
}

/** FNV-1a of a text: the prompt's seed. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

/** Options for a painted scene. */
export interface SceneOptions {
  transparent?: boolean;
  /** 0..1: how far a partial image has come (1 = the final image). */
  detail?: number;
}

/** Paints the scene of a prompt: a two-colour sky, a horizon, and seeded discs. */
export function paintScene(width: number, height: number, prompt: string, index: number, opts: SceneOptions = {}): RgbaImage {
  const random = seededRandom(seedOf(`${prompt}\u0000${index}`));
  const hue = random() * 360;
  const top = hsl(hue, 0.6, 0.72);
  const bottom = hsl((hue + 40 + random() * 80) % 360, 0.55, 0.35);
  const horizon = 0.55 + random() * 0.25;
  const detail = Math.max(0, Math.min(1, opts.detail ?? 1));
  const discs: Disc[] = [];
  const count = 3 + Math.floor(random() * 5);
  for (let i = 0; i < count; i++) {
    discs.push({
      x: random() * width,
      y: random() * height,
      r: (0.06 + random() * 0.18) * Math.min(width, height),
      rgb: hsl((hue + 150 + random() * 120) % 360, 0.7, 0.5),
    });
  }
  const shown = discs.slice(0, Math.max(1, Math.round(count * detail)));
  // Partials are blocky: coarse cells that become single pixels in the final image.
  const cell = detail >= 1 ? 1 : Math.max(2, Math.round((Math.min(width, height) / 16) * (1 - detail)));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const cy = y - (y % cell);
    const t = cy / Math.max(1, height - 1);
    for (let x = 0; x < width; x++) {
      const cx = x - (x % cell);
      const o = (y * width + x) * 4;
      let rgb: readonly number[] | undefined;
      for (let i = shown.length - 1; i >= 0; i--) {
        const d = shown[i]!;
        if ((cx - d.x) ** 2 + (cy - d.y) ** 2 <= d.r * d.r) {
          rgb = d.rgb;
          break;
        }
      }
      if (rgb) {
        data[o] = rgb[0]!;
        data[o + 1] = rgb[1]!;
        data[o + 2] = rgb[2]!;
        data[o + 3] = 255;
      } else if (!opts.transparent) {
        const ground = t > horizon;
        const k = ground ? 0.8 : 1 - t * 0.5;
        const base = ground ? bottom : top;
        data[o] = Math.round(base[0] * k);
        data[o + 1] = Math.round(base[1] * k);
        data[o + 2] = Math.round(base[2] * k);
        data[o + 3] = 255;
      }
    }
  }
  return { width, height, data };
}

/**
 * An edit: the prompt's scene blended into the input where the mask is transparent (everywhere
 * when there is no mask); every other pixel is the input's, untouched.
 */
export function editScene(input: RgbaImage, mask: RgbaImage | undefined, prompt: string, index: number): RgbaImage {
  const scene = paintScene(input.width, input.height, prompt, index);
  const data = new Uint8Array(input.data);
  for (let p = 0; p < input.width * input.height; p++) {
    const o = p * 4;
    if (mask && mask.data[o + 3] !== 0) continue;
    for (let c = 0; c < 3; c++) data[o + c] = Math.round(scene.data[o + c]! * 0.7 + input.data[o + c]! * 0.3);
    data[o + 3] = 255;
  }
  return { width: input.width, height: input.height, data };
}

/** A variation: the input mirrored (odd indexes), its hues turned by index, with a faint wash. */
export function varyScene(input: RgbaImage, index: number): RgbaImage {
  const { width, height } = input;
  const data = new Uint8Array(input.data.length);
  const turn = (index + 1) % 3;
  const wash = hsl((index * 97) % 360, 0.6, 0.5);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + (index % 2 ? width - 1 - x : x)) * 4;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = Math.round(input.data[from + ((c + turn) % 3)]! * 0.8 + wash[c]! * 0.2);
      data[o + 3] = input.data[from + 3]!;
    }
  }
  return { width, height, data };
}
