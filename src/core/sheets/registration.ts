// Where a frame stands, so frames of one animation do not slide against each other. Centring
// bounding boxes moves the body whenever an arm or a sword swings out (one project measured a
// torso jumping 44 px); instead a frame is anchored at its core column (the median x of the
// pixels in its tallest columns: the trunk, not the limbs) and its baseline (the lowest row with
// opaque pixels: the feet).
import type { RgbaImage } from '../image/pngCodec';

/** A frame's registration point in its own pixels: the core column's index and the baseline row's index. */
export interface RegistrationPoint {
  column: number;
  baseline: number;
}

/** Columns at least this share of the tallest column's opaque count make up the trunk. */
const TRUNK_SHARE = 0.5;

/** The frame's core column and baseline (alpha above `threshold` counts as opaque); undefined when nothing is opaque. */
export function registrationPoint(image: RgbaImage, threshold = 127): RegistrationPoint | undefined {
  const { width, height, data } = image;
  const columns = new Uint32Array(width);
  let baseline = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((data[(y * width + x) * 4 + 3] ?? 0) <= threshold) continue;
      columns[x]!++;
      baseline = y;
    }
  }
  if (baseline < 0) return undefined;
  const tallest = Math.max(...columns);
  const floor = tallest * TRUNK_SHARE;
  // The weighted median of the trunk's pixels: half of them lie left of it, half right.
  let total = 0;
  for (const n of columns) if (n >= floor) total += n;
  let seen = 0;
  for (let x = 0; x < width; x++) {
    const n = columns[x] ?? 0;
    if (n < floor) continue;
    seen += n;
    if (seen * 2 >= total) return { column: x, baseline };
  }
  return { column: width - 1, baseline };
}
