// The tile seam score: how different the pixels on either side of the wrap-around are. A tile
// repeats cleanly when its right edge continues into its left edge and its bottom into its top,
// so each column (row) near one edge is compared with its mirror across the seam.
import type { RgbaImage } from '../pngCodec';

/** Strips compared on each side: the pixels next to the seam and the ones after them. */
const STRIP = 2;

/** Mean absolute RGB difference across the left/right and top/bottom seams (the worse of the two), 0–255. */
export function seamScore(image: RgbaImage): number {
  const { width: w, height: h, data } = image;
  const diff = (p: number, q: number): number =>
    (Math.abs((data[p] ?? 0) - (data[q] ?? 0)) +
      Math.abs((data[p + 1] ?? 0) - (data[q + 1] ?? 0)) +
      Math.abs((data[p + 2] ?? 0) - (data[q + 2] ?? 0))) /
    3;
  let across = 0;
  let n = 0;
  const sx = Math.min(STRIP, w >> 1);
  for (let y = 0; y < h; y++)
    for (let k = 0; k < sx; k++) {
      across += diff((y * w + k) * 4, (y * w + w - 1 - k) * 4);
      n++;
    }
  const horizontal = n ? across / n : 0;
  let down = 0;
  let m = 0;
  const sy = Math.min(STRIP, h >> 1);
  for (let k = 0; k < sy; k++)
    for (let x = 0; x < w; x++) {
      down += diff((k * w + x) * 4, ((h - 1 - k) * w + x) * 4);
      m++;
    }
  const vertical = m ? down / m : 0;
  return Math.max(horizontal, vertical);
}
