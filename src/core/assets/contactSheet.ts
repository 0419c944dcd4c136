// A contact sheet of assets, for a pull request's review: one image with a labelled cell per
// asset (its picture at its real aspect on a checkerboard, its path and its state in words), so a
// reviewer looks at the assets rather than reads about them. Pure pixels: the CLI decodes the
// files and encodes the sheet; the labels are drawn with the bitmap font, no font library.
import { drawText, fillRect, fitText, GLYPH_HEIGHT, textWidth, wrapTwoLines } from '../image/bitmapFont';
import type { RgbaImage } from '../image/pngCodec';
import { resizeRgba } from '../image/resize';

/** One cell: the picture (absent: a note says why) and its two label lines. */
export interface SheetEntry {
  path: string;
  /** The state in words ("up to date", "stale"…). */
  state: string;
  /** The state's code, for the swatch's colour (the words say it too). */
  code: string;
  image?: RgbaImage;
  /** Said in the picture's place when there is none ("not built yet", "JPEG: no preview"). */
  note?: string;
}

/** Layout of the sheet. */
export interface SheetOptions {
  /** The line above the cells. */
  title: string;
  /** The thumbnail box (square), in pixels. */
  thumb?: number;
  columns?: number;
}

type Rgba = readonly [number, number, number, number];
const INK: Rgba = [32, 32, 32, 255];
const MUTED: Rgba = [96, 96, 96, 255];
const PAPER: Rgba = [255, 255, 255, 255];
const SWATCH: Record<string, Rgba> = {
  'up-to-date': [56, 138, 52, 255],
  stale: [191, 136, 3, 255],
  missing: [191, 136, 3, 255],
  'changed-by-hand': [0, 95, 184, 255],
  invalid: [205, 49, 49, 255],
};
const SCALE = 2;
const PAD = 12;
const LINE = (GLYPH_HEIGHT + 3) * SCALE;

/** Lays the entries out in a grid under a title; returns the sheet. */
export function renderContactSheet(entries: readonly SheetEntry[], options: SheetOptions): RgbaImage {
  const thumb = options.thumb ?? 224;
  const columns = Math.max(1, Math.min(options.columns ?? 5, entries.length || 1));
  const cellW = thumb + PAD * 2;
  const cellH = thumb + PAD * 2 + LINE * 3;
  const rows = Math.ceil(entries.length / columns);
  const head = PAD + LINE + PAD;
  const width = columns * cellW;
  const height = head + Math.max(1, rows) * cellH;
  const sheet: RgbaImage = { width, height, data: new Uint8Array(width * height * 4) };
  fillRect(sheet, 0, 0, width, height, PAPER);
  drawText(sheet, fitText(options.title, width - PAD * 2, SCALE), PAD, PAD, INK, SCALE);
  entries.forEach((entry, i) => {
    const x = (i % columns) * cellW + PAD;
    const y = head + Math.floor(i / columns) * cellH;
    drawCell(sheet, entry, x, y, thumb);
  });
  return sheet;
}

function drawCell(sheet: RgbaImage, entry: SheetEntry, x: number, y: number, thumb: number): void {
  checkerboard(sheet, x, y, thumb, thumb);
  if (entry.image && entry.image.width > 0 && entry.image.height > 0) {
    const scale = Math.min(thumb / entry.image.width, thumb / entry.image.height, 1);
    const w = Math.max(1, Math.round(entry.image.width * scale));
    const h = Math.max(1, Math.round(entry.image.height * scale));
    const small = resizeRgba(entry.image, w, h, 'fill', 'box');
    blend(sheet, small, x + Math.floor((thumb - w) / 2), y + Math.floor((thumb - h) / 2));
  } else {
    fillRect(sheet, x, y, thumb, thumb, [240, 240, 240, 255]);
    const note = fitText(entry.note ?? '', thumb - 8, SCALE);
    drawText(
      sheet,
      note,
      x + Math.floor((thumb - textWidth(note, SCALE)) / 2),
      y + Math.floor((thumb - GLYPH_HEIGHT * SCALE) / 2),
      MUTED,
      SCALE,
    );
  }
  const textY = y + thumb + 6;
  const lines = wrapTwoLines(entry.path, thumb, SCALE);
  lines.forEach((line, i) => drawText(sheet, line, x, textY + i * LINE, INK, SCALE));
  const stateY = textY + lines.length * LINE;
  const swatch = GLYPH_HEIGHT * SCALE;
  fillRect(sheet, x, stateY, swatch, swatch, SWATCH[entry.code] ?? MUTED);
  drawText(sheet, fitText(entry.state, thumb - swatch - 6, SCALE, 'start'), x + swatch + 6, stateY, MUTED, SCALE);
}

/** Light and mid grey squares, so transparency shows as what it is. */
function checkerboard(sheet: RgbaImage, x: number, y: number, w: number, h: number): void {
  const cell = 8;
  for (let yy = 0; yy < h; yy += cell)
    for (let xx = 0; xx < w; xx += cell) {
      const dark = ((xx / cell + yy / cell) & 1) === 1;
      fillRect(sheet, x + xx, y + yy, Math.min(cell, w - xx), Math.min(cell, h - yy), dark ? [204, 204, 204, 255] : [255, 255, 255, 255]);
    }
}

/** Draws `top` over the sheet at (x, y) with its alpha. */
function blend(sheet: RgbaImage, top: RgbaImage, x: number, y: number): void {
  for (let row = 0; row < top.height; row++) {
    const sy = y + row;
    if (sy < 0 || sy >= sheet.height) continue;
    for (let col = 0; col < top.width; col++) {
      const sx = x + col;
      if (sx < 0 || sx >= sheet.width) continue;
      const t = (row * top.width + col) * 4;
      const s = (sy * sheet.width + sx) * 4;
      const a = top.data[t + 3]! / 255;
      for (let c = 0; c < 3; c++) sheet.data[s + c] = Math.round(top.data[t + c]! * a + sheet.data[s + c]! * (1 - a));
      sheet.data[s + 3] = 255;
    }
  }
}
