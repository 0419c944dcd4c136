// Looking at a sheet frame by frame: its frames as PNGs with its animations (for the Studio's
// player), beside the frames of the generation its last rebuild replaced, cut the same way, so a
// rebuilt sheet is compared frame for frame; then Keep (forget the previous generation) or Revert
// (put it back and cut it again: no request).
import { encodeRgbaPng, decodePng, RESULT_DECODE_LIMITS } from '../../image/pngCodec';
import { cropImage } from '../../image/raster';
import { buildSheetFromCells, buildSheetFromGrid } from '../../sheets/buildSheet';
import { parseCellSize, parseGrid } from '../../sheets/gridCut';
import { resolveAnimations } from '../../sheets/sheetFrames';
import { layoutCells } from '../../sheets/sheetLayout';
import { sheetFrameNames } from './atlasSection';
import { sheetBase } from './readSheets';
import { PREVIOUS_RAW_FOLDER, RAW_FOLDER, readIfThere, writeOutputs } from './sectionRecords';
import type { SheetSpec } from './sectionTypes';
import { buildSheet, generationHash, rawPaths, sheetKeyer, type SheetContext, type SheetImageMaker } from './sheetSection';

/** One frame as a PNG. */
export interface FramePng {
  name: string;
  png: Uint8Array;
}

/** What the Studio's frame player shows for a sheet. */
export interface SheetPreview {
  frames: FramePng[];
  /** Animations as frame indexes, at their fps. */
  animations: Array<{ name: string; frames: number[]; fps: number; loop: boolean }>;
  /** The replaced generation's frames, cut the same way (after a rebuild, until Keep or Revert). */
  previous?: FramePng[];
}

const previousPaths = (path: string, spec: SheetSpec) => rawPaths(path, spec).map((p) => PREVIOUS_RAW_FOLDER + p.slice(RAW_FOLDER.length));

/** True when a rebuild left a previous generation to review. */
export async function hasPreviousGeneration(path: string, spec: SheetSpec, ctx: SheetContext): Promise<boolean> {
  for (const p of previousPaths(path, spec)) if (!(await ctx.fs.exists(ctx.fs.join(ctx.dir, p)))) return false;
  return true;
}

async function framesOfPrevious(path: string, spec: SheetSpec, ctx: SheetContext): Promise<FramePng[] | undefined> {
  const bytes = await Promise.all(previousPaths(path, spec).map((p) => readIfThere(ctx.fs, ctx.fs.join(ctx.dir, p))));
  if (bytes.some((b) => !b)) return undefined;
  const images = await Promise.all(bytes.map((b) => decodePng(b!, RESULT_DECODE_LIMITS)));
  const options = {
    cell: parseCellSize(spec.cell)!,
    imageName: 'previous.png',
    base: sheetBase(path),
    ...(spec.names ? { names: spec.names } : {}),
    ...(spec.pivot ? { pivot: spec.pivot } : {}),
  };
  const sheet = spec.frames
    ? await buildSheetFromCells(images, sheetKeyer(spec), options)
    : await buildSheetFromGrid(images[0]!, parseGrid(spec.grid!)!, sheetKeyer(spec), options);
  return Promise.all(
    sheet.layout.cells.map(async (cell, i) => ({
      name: sheet.data.pages[0]!.frames[i]!.name,
      png: await encodeRgbaPng(cropImage(sheet.image, cell)),
    })),
  );
}

/** The sheet's frames from its PNG on disk, its animations, and the previous generation's frames when there are some. */
export async function sheetPreview(path: string, spec: SheetSpec, ctx: SheetContext): Promise<SheetPreview> {
  const image = await decodePng(await ctx.fs.readFile(ctx.fs.join(ctx.dir, path)), RESULT_DECODE_LIMITS);
  const names = sheetFrameNames(path, spec);
  const layout = layoutCells(names.length, parseCellSize(spec.cell)!, spec.spacing ?? 0);
  const frames = await Promise.all(names.map(async (name, i) => ({ name, png: await encodeRgbaPng(cropImage(image, layout.cells[i]!)) })));
  const index = new Map(names.map((n, i) => [n, i]));
  const animations = resolveAnimations(names, spec.animations).map((a) => ({
    name: a.name,
    frames: a.frames.map((f) => index.get(f)!),
    fps: a.fps,
    loop: a.loop,
  }));
  const previous = await framesOfPrevious(path, spec, ctx);
  return { frames, animations, ...(previous ? { previous } : {}) };
}

/** Keeps the rebuilt sheet: the previous generation is forgotten. */
export async function keepSheet(path: string, spec: SheetSpec, ctx: SheetContext): Promise<void> {
  for (const p of [...previousPaths(path, spec), `${PREVIOUS_RAW_FOLDER}/${path}.json`]) await ctx.fs.delete(ctx.fs.join(ctx.dir, p));
}

/** Puts the previous generation back and cuts it again (no request: `make` is never called for a current generation). */
export async function revertSheet(path: string, spec: SheetSpec, ctx: SheetContext, make: SheetImageMaker): Promise<void> {
  const from = [...previousPaths(path, spec), `${PREVIOUS_RAW_FOLDER}/${path}.json`];
  const to = [...rawPaths(path, spec), `${RAW_FOLDER}/${path}.json`];
  const files = await Promise.all(from.map((p) => readIfThere(ctx.fs, ctx.fs.join(ctx.dir, p))));
  if (files.some((f) => !f)) throw new Error(`${path} has no previous generation to revert to`);
  // The previous images now stand for the current spec (as Accept does for an asset), so the cut needs no request.
  const record = new TextEncoder().encode(JSON.stringify({ generation: await generationHash(spec, ctx) }) + '\n');
  await writeOutputs(
    ctx.fs,
    ctx.dir,
    files.map((bytes, i) => ({ path: to[i]!, bytes: i === files.length - 1 ? record : bytes! })),
  );
  await keepSheet(path, spec, ctx);
  await buildSheet(path, spec, ctx, make);
}
