// After keying, a cell can still hold specks of background noise and the tips of a neighbouring
// figure that crossed the cell's edge. Both would move the frame's trim and registration, so
// connected blobs are labelled and only the figure's are kept: the largest, and any other big
// enough (a share of the largest) whose centre lies in the cell's inner part.
import type { RgbaImage } from '../image/pngCodec';

/** What counts as part of the figure. */
export interface CleanupOptions {
  /** Alpha above which a pixel is part of a blob. */
  alphaThreshold?: number;
  /** A blob smaller than this share of the largest is noise. */
  minShare?: number;
  /** A secondary blob is kept only when its centre lies within this central share of the cell (each axis). */
  inner?: number;
}

/** Clears every pixel outside the figure's blobs (in place); returns how many blobs were dropped. */
export function keepFigureBlobs(cell: RgbaImage, options: CleanupOptions = {}): number {
  const threshold = options.alphaThreshold ?? 16;
  const { width, height, data } = cell;
  const labels = new Int32Array(width * height).fill(-1);
  const blobs: Array<{ size: number; minX: number; maxX: number; minY: number; maxY: number }> = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < width * height; start++) {
    if (labels[start] !== -1 || (data[start * 4 + 3] ?? 0) <= threshold) continue;
    const id = blobs.length;
    const blob = { size: 0, minX: width, maxX: -1, minY: height, maxY: -1 };
    let top = 0;
    stack[top++] = start;
    labels[start] = id;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      const x = p % width;
      const y = (p - x) / width;
      blob.size++;
      if (x < blob.minX) blob.minX = x;
      if (x > blob.maxX) blob.maxX = x;
      if (y < blob.minY) blob.minY = y;
      if (y > blob.maxY) blob.maxY = y;
      // 8-connected: a diagonal step still belongs to the same stroke.
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (labels[q] !== -1 || (data[q * 4 + 3] ?? 0) <= threshold) continue;
          labels[q] = id;
          stack[top++] = q;
        }
      }
    }
    blobs.push(blob);
  }
  if (blobs.length <= 1) return 0;
  const largest = Math.max(...blobs.map((b) => b.size));
  const minSize = largest * (options.minShare ?? 0.02);
  const margin = (1 - (options.inner ?? 0.8)) / 2;
  const keep = blobs.map((b) => {
    if (b.size === largest) return true;
    const cx = (b.minX + b.maxX + 1) / 2 / width;
    const cy = (b.minY + b.maxY + 1) / 2 / height;
    return b.size >= minSize && cx >= margin && cx <= 1 - margin && cy >= margin && cy <= 1 - margin;
  });
  for (let p = 0; p < width * height; p++) {
    const label = labels[p] ?? -1;
    // Faint pixels (at or under the threshold) belong to no blob: they stay only as the soft edge of a kept one.
    if (label >= 0 ? !keep[label] : (data[p * 4 + 3] ?? 0) > 0 && !touchesKept(p)) data.fill(0, p * 4, p * 4 + 4);
  }
  return keep.filter((k) => !k).length;

  function touchesKept(p: number): boolean {
    const x = p % width;
    const y = (p - x) / width;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx,
          ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const l = labels[ny * width + nx] ?? -1;
        if (l >= 0 && keep[l]) return true;
      }
    return false;
  }
}
