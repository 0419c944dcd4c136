// The fake's answer to a sprite-sheet prompt: Image Studio asks for "a grid of C columns and R rows"
// on a flat key colour, so the fake draws exactly that: one walking figure per cell (torso, head,
// legs and a swinging arm, each frame drifting in its cell as a model's would), with a head colour
// of its own per cell so frames are told apart. An edit asked to "keep the character" (the frames
// mode) answers one such figure in the pose of its request number.
import { KEY_GREEN, paintFigure, WALK_POSES } from '../support/figures';
import type { RgbaImage } from '../support/png';

const GRID = /a grid of (\d+) columns and (\d+) rows/;
const KEEP = /Keep the character exactly as in the image/;

/** The key colour the prompt asks for (#rrggbb), green when it names none. */
function keyColour(prompt: string): [number, number, number] {
  const hex = /flat, solid #([0-9a-f]{6})\b/i.exec(prompt)?.[1];
  return hex ? [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)] : KEY_GREEN;
}

function fill(image: RgbaImage, rgb: readonly number[] | undefined): void {
  if (!rgb) return;
  for (let i = 0; i < image.data.length; i += 4) image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], i);
}

/** A figure of the pose `index`, scaled to a cell of `w`×`h` with its top-left at (ox, oy). */
function figure(image: RgbaImage, ox: number, oy: number, w: number, h: number, index: number): void {
  // Figures are drawn at 128 px cells; larger cells get a bigger figure by drawing into a scaled copy.
  const scale = Math.max(1, Math.floor(Math.min(w, h) / 128));
  const cell: RgbaImage = { width: 128, height: 128, data: new Uint8Array(128 * 128 * 4) };
  const pose = WALK_POSES[index % WALK_POSES.length]!;
  paintFigure(cell, 0, 0, { ...pose, head: [(index * 53) % 256, 120 + ((index * 29) % 100), (index * 97) % 256] });
  const dx = Math.floor((w - 128 * scale) / 2);
  const dy = Math.floor((h - 128 * scale) / 2);
  for (let y = 0; y < 128 * scale; y++)
    for (let x = 0; x < 128 * scale; x++) {
      const from = (Math.floor(y / scale) * 128 + Math.floor(x / scale)) * 4;
      if (cell.data[from + 3] === 0) continue;
      const tx = ox + dx + x;
      const ty = oy + dy + y;
      if (tx < 0 || ty < 0 || tx >= image.width || ty >= image.height) continue;
      image.data.set(cell.data.subarray(from, from + 4), (ty * image.width + tx) * 4);
    }
}

/** The sheet (or frame) the prompt asks for, or undefined when it is not a sheet prompt. */
export function paintSheet(
  width: number,
  height: number,
  prompt: string,
  transparent: boolean,
  requestNumber: number,
): RgbaImage | undefined {
  const grid = GRID.exec(prompt);
  const keep = !grid && KEEP.test(prompt);
  if (!grid && !keep) return undefined;
  const image: RgbaImage = { width, height, data: new Uint8Array(width * height * 4) };
  fill(image, transparent ? undefined : keyColour(prompt));
  if (keep) {
    figure(image, 0, 0, width, height, requestNumber);
    return image;
  }
  const columns = Number(grid![1]);
  const rows = Number(grid![2]);
  for (let i = 0; i < columns * rows; i++) {
    const x0 = Math.round(((i % columns) * width) / columns);
    const y0 = Math.round((Math.floor(i / columns) * height) / rows);
    const x1 = Math.round((((i % columns) + 1) * width) / columns);
    const y1 = Math.round(((Math.floor(i / columns) + 1) * height) / rows);
    figure(image, x0, y0, x1 - x0, y1 - y0, i);
  }
  return image;
}
