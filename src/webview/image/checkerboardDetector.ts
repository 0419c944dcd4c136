// Detects the grey/white "transparency" checkerboard that image models sometimes paint into an
// opaque image when asked for a transparent background. The corners usually show background, so
// each corner block is tested for: two flat, unsaturated tones, alternating in both directions with
// the same period. Two matching corners are enough; photos, gradients and stripes fail the test.

/** True when at least two corners of the image hold a two-tone checkerboard. */
export function looksLikeCheckerboard(pixels: ImageData): boolean {
  const { width, height } = pixels;
  const block = Math.min(256, Math.max(24, Math.round(Math.min(width, height) / 5)));
  if (width < block || height < block) return false;
  const corners: Array<[number, number]> = [
    [0, 0],
    [width - block, 0],
    [0, height - block],
    [width - block, height - block],
  ];
  return corners.filter(([x, y]) => blockIsCheckerboard(pixels, x, y, block)).length >= 2;
}

function blockIsCheckerboard(pixels: ImageData, bx: number, by: number, size: number): boolean {
  const d = pixels.data;
  const gray = new Uint8Array(size * size);
  let saturated = 0;
  const histogram = new Uint32Array(256);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = ((by + y) * pixels.width + bx + x) * 4;
      const r = d[i] ?? 0,
        g = d[i + 1] ?? 0,
        b = d[i + 2] ?? 0;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 24) saturated++;
      const v = Math.round((r + g + b) / 3);
      gray[y * size + x] = v;
      histogram[v] = (histogram[v] ?? 0) + 1;
    }
  }
  const n = size * size;
  if (saturated > n * 0.1) return false;
  const lo = percentile(histogram, n, 0.05);
  const hi = percentile(histogram, n, 0.95);
  if (hi - lo < 12) return false;
  // Both tones flat: nearly every pixel sits close to one of the two levels.
  const tolerance = (hi - lo) / 4;
  const mid = (lo + hi) / 2;
  const cls = new Uint8Array(n);
  let near = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const v = gray[i] ?? 0;
    if (Math.abs(v - lo) <= tolerance || Math.abs(v - hi) <= tolerance) near++;
    cls[i] = v > mid ? 1 : 0;
    high += cls[i] ?? 0;
  }
  if (near < n * 0.9 || high < n * 0.25 || high > n * 0.75) return false;
  const cell = medianRunLength(cls, size);
  if (cell < 3 || cell > size / 2) return false;
  // Shifting by one cell must flip the tone horizontally and vertically (stripes flip only one way).
  let flipsX = 0;
  let flipsY = 0;
  let total = 0;
  for (let y = 0; y + cell < size; y++) {
    for (let x = 0; x + cell < size; x++) {
      const c = cls[y * size + x];
      if (c !== cls[y * size + x + cell]) flipsX++;
      if (c !== cls[(y + cell) * size + x]) flipsY++;
      total++;
    }
  }
  return flipsX > total * 0.75 && flipsY > total * 0.75;
}

function percentile(histogram: Uint32Array, n: number, p: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v] ?? 0;
    if (seen >= n * p) return v;
  }
  return 255;
}

/** Median length of same-tone runs that do not touch the block's edges, over all rows. */
function medianRunLength(cls: Uint8Array, size: number): number {
  const runs: number[] = [];
  for (let y = 0; y < size; y++) {
    let start = 0;
    for (let x = 1; x <= size; x++) {
      if (x === size || cls[y * size + x] !== cls[y * size + start]) {
        if (start > 0 && x < size) runs.push(x - start);
        start = x;
      }
    }
  }
  if (runs.length === 0) return 0;
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1] ?? 0;
}
