// Laying registered frames out on the output sheet: uniform cells left to right, wrapping onto a
// new row before the sheet would pass the widest texture mobile and web GPUs take (4096 px).
import type { RgbaImage } from '../image/pngCodec';
import { blankImage, blitImage, type PixelRect } from '../image/raster';
import type { PixelSize } from './gridCut';

/** The widest sheet written before wrapping onto another row. */
export const MAX_SHEET_WIDTH = 4096;

/** Where each cell goes on the sheet and the sheet's size. */
export interface SheetLayout {
  width: number;
  height: number;
  columns: number;
  rows: number;
  cells: PixelRect[];
}

/** Places `count` cells of `cell` size in rows no wider than `maxWidth`, `spacing` px apart. */
export function layoutCells(count: number, cell: PixelSize, spacing = 0, maxWidth = MAX_SHEET_WIDTH): SheetLayout {
  const columns = Math.max(1, Math.min(count, Math.floor((maxWidth + spacing) / (cell.width + spacing))));
  const rows = Math.max(1, Math.ceil(count / columns));
  const cells = Array.from({ length: count }, (_, i) => ({
    x: (i % columns) * (cell.width + spacing),
    y: Math.floor(i / columns) * (cell.height + spacing),
    w: cell.width,
    h: cell.height,
  }));
  return { width: columns * cell.width + (columns - 1) * spacing, height: rows * cell.height + (rows - 1) * spacing, columns, rows, cells };
}

/** Draws `frames` into a new sheet at the layout's cells. */
export function drawSheet(frames: readonly RgbaImage[], layout: SheetLayout): RgbaImage {
  const sheet = blankImage(layout.width, layout.height);
  frames.forEach((frame, i) => {
    const at = layout.cells[i];
    if (at) blitImage(sheet, frame, at.x, at.y);
  });
  return sheet;
}
