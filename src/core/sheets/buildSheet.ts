// A sheet from start to end: cells (cut from one grid image, or one image per frame) → keyed,
// trimmed and registered frames → the output sheet → its data (pages, frames, animations) for the
// writers. Pure: the caller reads and writes the files.
import type { AtlasData, FrameRecord } from '../atlas/atlasData';
import type { RgbaImage } from '../image/pngCodec';
import { cutGrid, type Grid } from './gridCut';
import type { Keyer } from './keying';
import { registerFrames, type RegisterOptions } from './registerFrames';
import { frameNames, resolveAnimations, type SheetAnimationSpec } from './sheetFrames';
import { drawSheet, layoutCells, type SheetLayout } from './sheetLayout';

/** What a sheet is made of besides its cells. */
export interface SheetOptions extends RegisterOptions {
  /** The sheet image's file name as its data names it (the file sits beside the data). */
  imageName: string;
  /** The frame names' prefix when `names` does not give one: the sheet's file name without extension. */
  base: string;
  names?: readonly string[];
  animations?: Readonly<Record<string, SheetAnimationSpec>>;
  /** Pixels between cells on the sheet (0: cells touch). */
  spacing?: number;
  /** Widest sheet before wrapping onto another row. */
  maxWidth?: number;
}

/** A built sheet: its pixels, its layout and its data. */
export interface BuiltSheet {
  image: RgbaImage;
  layout: SheetLayout;
  data: AtlasData;
  /** Frames keying left empty (a sign the background colour or the grid is wrong). */
  emptyFrames: string[];
  /** The one scale applied to every frame. */
  scale: number;
}

/** Builds a sheet from one grid image. */
export function buildSheetFromGrid(image: RgbaImage, grid: Grid, keyer: Keyer, options: SheetOptions): Promise<BuiltSheet> {
  return buildSheetFromCells(cutGrid(image, grid), keyer, options);
}

/** Builds a sheet from its cells (a grid's, or one image per frame), in frame order. */
export async function buildSheetFromCells(cells: readonly RgbaImage[], keyer: Keyer, options: SheetOptions): Promise<BuiltSheet> {
  const names = frameNames(cells.length, options.base, options.names);
  const animations = resolveAnimations(names, options.animations);
  const registered = await registerFrames(cells, keyer, options);
  const layout = layoutCells(cells.length, options.cell, options.spacing ?? 0, options.maxWidth);
  const image = drawSheet(
    registered.frames.map((f) => f.image),
    layout,
  );
  const { width: w, height: h } = options.cell;
  const frames = names.map((name, i): FrameRecord => ({
    name,
    frame: { x: layout.cells[i]!.x, y: layout.cells[i]!.y, w, h },
    trimmed: false,
    spriteSourceSize: { x: 0, y: 0, w, h },
    sourceSize: { w, h },
    anchor: registered.anchor,
  }));
  return {
    image,
    layout,
    data: { pages: [{ image: options.imageName, width: layout.width, height: layout.height, frames }], animations },
    emptyFrames: names.filter((_, i) => !registered.frames[i]?.hasContent),
    scale: registered.scale,
  };
}
