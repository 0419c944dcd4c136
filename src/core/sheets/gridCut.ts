// Cutting one generated image into the cells of its grid ("4x2": four columns, two rows). The
// model draws the grid itself, so cell edges are where the image divides evenly; when its size is
// not a multiple of the grid, edges fall on the rounded fractions so no pixel is lost or shared.
import type { RgbaImage } from '../image/pngCodec';
import { cropImage, type PixelRect } from '../image/raster';

/** Columns and rows of a sheet's grid. */
export interface Grid {
  columns: number;
  rows: number;
}

/** A width and a height in pixels. */
export interface PixelSize {
  width: number;
  height: number;
}

/** The most cells one grid may have: a 16x16 grid of 64 px cells already fills 1024². */
export const MAX_GRID_CELLS = 256;

/** Parses `"4x2"` (columns × rows) or `"128x128"` (a size); undefined when it is not two positive integers. */
export function parseDimensions(text: string): { a: number; b: number } | undefined {
  const m = /^\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > 0 && b > 0 ? { a, b } : undefined;
}

/** Parses a grid such as `"4x2"`; undefined when malformed or over MAX_GRID_CELLS cells. */
export function parseGrid(text: string): Grid | undefined {
  const d = parseDimensions(text);
  return d && d.a * d.b <= MAX_GRID_CELLS ? { columns: d.a, rows: d.b } : undefined;
}

/** Parses a cell size such as `"128x128"`; undefined when malformed or a side is over 4096 px. */
export function parseCellSize(text: string): PixelSize | undefined {
  const d = parseDimensions(text);
  return d && d.a <= 4096 && d.b <= 4096 ? { width: d.a, height: d.b } : undefined;
}

/** The rectangle of each cell in row-major order (left to right, then top to bottom). */
export function gridCells(size: PixelSize, grid: Grid): PixelRect[] {
  const edge = (i: number, n: number, total: number) => Math.round((i * total) / n);
  const cells: PixelRect[] = [];
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.columns; c++) {
      const x = edge(c, grid.columns, size.width);
      const y = edge(r, grid.rows, size.height);
      cells.push({ x, y, w: edge(c + 1, grid.columns, size.width) - x, h: edge(r + 1, grid.rows, size.height) - y });
    }
  }
  return cells;
}

/** Cuts `image` into its grid's cells, row-major; each cell is a copy. */
export function cutGrid(image: RgbaImage, grid: Grid): RgbaImage[] {
  if (grid.columns > image.width || grid.rows > image.height)
    throw new RangeError(`A ${image.width}x${image.height} image cannot hold a ${grid.columns}x${grid.rows} grid.`);
  return gridCells(image, grid).map((rect) => cropImage(image, rect));
}
