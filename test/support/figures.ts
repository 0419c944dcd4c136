// Figures drawn by code for sprite-sheet tests (and the fake Images API's answer to a sheet
// prompt): a torso with a head and two legs, and an arm whose reach changes from frame to frame,
// on a flat key colour. Each part has its own colour so a test can find the torso again after the
// sheet was cut, keyed, registered and scaled.
import type { RgbaImage } from './png';

/** The torso's colour: the part whose column must not move between frames. */
export const TORSO: [number, number, number] = [200, 40, 40];
/** The arm's colour: the part that moves. */
export const ARM: [number, number, number] = [40, 60, 200];
/** The green a model is asked to paint behind sprites. */
export const KEY_GREEN: [number, number, number] = [0, 255, 0];

/** Where one frame's figure stands in its cell and how far its arm reaches (negative: to the left). */
export interface FigurePose {
  /** The torso's left edge in the cell. */
  x: number;
  /** The feet's bottom row in the cell (exclusive). */
  feet: number;
  /** Arm reach in px from the torso's side; its sign picks the side. */
  arm: number;
  /** Head colour, so frames of different figures differ. */
  head?: [number, number, number];
}

function fillRect(image: RgbaImage, x: number, y: number, w: number, h: number, rgb: readonly number[]): void {
  for (let row = Math.max(0, y); row < Math.min(image.height, y + h); row++)
    for (let col = Math.max(0, x); col < Math.min(image.width, x + w); col++)
      image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], (row * image.width + col) * 4);
}

/** Paints one figure into `image` with the cell's top-left at (ox, oy). Torso 16×36, head 12×12, legs 6×16 each. */
export function paintFigure(image: RgbaImage, ox: number, oy: number, pose: FigurePose): void {
  const torsoTop = pose.feet - 16 - 36;
  fillRect(image, ox + pose.x, oy + torsoTop, 16, 36, TORSO);
  fillRect(image, ox + pose.x + 2, oy + torsoTop - 12, 12, 12, pose.head ?? [230, 190, 150]);
  fillRect(image, ox + pose.x, oy + pose.feet - 16, 6, 16, [60, 60, 60]);
  fillRect(image, ox + pose.x + 10, oy + pose.feet - 16, 6, 16, [60, 60, 60]);
  if (pose.arm > 0) fillRect(image, ox + pose.x + 16, oy + torsoTop + 4, pose.arm, 6, ARM);
  if (pose.arm < 0) fillRect(image, ox + pose.x + pose.arm, oy + torsoTop + 4, -pose.arm, 6, ARM);
}

/** A grid image of `columns`×`rows` cells of `cell` px on the key colour, one figure per cell. */
export function figureGrid(columns: number, rows: number, cell: number, poses: readonly FigurePose[]): RgbaImage {
  const image: RgbaImage = { width: columns * cell, height: rows * cell, data: new Uint8Array(columns * cell * rows * cell * 4) };
  fillRect(image, 0, 0, image.width, image.height, KEY_GREEN);
  poses.slice(0, columns * rows).forEach((pose, i) => paintFigure(image, (i % columns) * cell, Math.floor(i / columns) * cell, pose));
  return image;
}

/** Eight walking poses that drift in the cell as a model's drawing would: the arm swings from -26 to +26 px. */
export const WALK_POSES: readonly FigurePose[] = [
  { x: 50, feet: 110, arm: -26 },
  { x: 44, feet: 114, arm: -14 },
  { x: 58, feet: 106, arm: 0 },
  { x: 40, feet: 118, arm: 14 },
  { x: 55, feet: 112, arm: 26 },
  { x: 47, feet: 104, arm: 14 },
  { x: 61, feet: 116, arm: 0 },
  { x: 52, feet: 108, arm: -14 },
];

/** The mean x and the lowest row of the pixels of one colour in `image` (undefined when none). */
export function colourCentre(image: RgbaImage, rgb: readonly number[], tolerance = 60): { x: number; bottom: number } | undefined {
  let sum = 0,
    n = 0,
    bottom = -1;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if ((image.data[i + 3] ?? 0) < 128) continue;
      const d =
        Math.abs((image.data[i] ?? 0) - rgb[0]!) +
        Math.abs((image.data[i + 1] ?? 0) - rgb[1]!) +
        Math.abs((image.data[i + 2] ?? 0) - rgb[2]!);
      if (d > tolerance) continue;
      sum += x;
      n++;
      bottom = y;
    }
  return n ? { x: sum / n, bottom } : undefined;
}
