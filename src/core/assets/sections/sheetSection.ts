// A sheet from the manifest to its files. Its generation (one grid image, or one edit of the
// anchor per frame) is kept under .image-studio/raw/ with the hash of what was asked, so only a
// change to the prompt, model, size, grid, inputs or frame prompts costs a request; a change to
// the cut (cell, background, names, animations, pivot, formats) or a deleted sheet is re-cut from
// the kept images.
import { atlasDataFiles, dataFilePaths } from '../../atlas/atlasFiles';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS } from '../../image/pngCodec';
import { parseHexColour } from '../../image/raster';
import { sha256Hex } from '../../provenance';
import type { SaveFileSystem } from '../../save/fileSystem';
import { buildSheetFromCells, buildSheetFromGrid, type BuiltSheet } from '../../sheets/buildSheet';
import { parseCellSize, parseGrid } from '../../sheets/gridCut';
import { flatColourKeyer, keepAlpha, type Keyer } from '../../sheets/keying';
import {
  hashOf,
  outputState,
  PREVIOUS_RAW_FOLDER,
  RAW_FOLDER,
  readIfThere,
  readRecord,
  writeOutputs,
  writeRecord,
  type OutputState,
} from './sectionRecords';
import { sheetBase } from './readSheets';
import type { SheetSpec } from './sectionTypes';

/** Bumped when the cut changes for the same inputs, so every sheet is re-cut (never re-generated). */
const CUT_VERSION = 1;

/** One image request a sheet needs: a generation (no inputs) or an edit of `inputs`. */
export interface SheetRequest {
  prompt: string;
  model?: string;
  size?: string;
  quality?: string;
  /** Manifest-relative paths of the images to edit (an anchor character). */
  inputs: string[];
  /** Ask the API for a transparent background (the `transparent` background). */
  transparent: boolean;
}

/** An image made for a sheet, with the provenance sidecar it would have had (kept in the raw record). */
export interface MadeImage {
  bytes: Uint8Array;
  sidecar?: Record<string, unknown>;
}

/** Makes one image for a request: the part of a sheet build that talks to the API (the engine; a stand-in in tests). */
export type SheetImageMaker = (request: SheetRequest) => Promise<Uint8Array | MadeImage>;

/** Where the sheet lives and what it may use. */
export interface SheetContext {
  fs: SaveFileSystem;
  /** The manifest's folder. */
  dir: string;
  styles: Readonly<Record<string, string>>;
  /** Resolves an input (an asset path or a file) to its bytes' SHA-256, or undefined when it is missing. */
  inputHash(path: string): Promise<string | undefined>;
}

/** The requests of a sheet, in order (one for a grid, one per frame for the frames mode). */
export function sheetRequests(spec: SheetSpec, styles: Readonly<Record<string, string>>): SheetRequest[] {
  const styled = (text: string) => (spec.style && styles[spec.style] ? `${text}\n\n${styles[spec.style]}` : text);
  const transparent = spec.background.kind === 'transparent';
  const backdrop = transparent
    ? 'a transparent background'
    : `a flat, solid ${spec.background.kind === 'colour' ? spec.background.hex : 'single-colour'} background (one uniform colour, no gradient, no shadow, no texture)`;
  const common = { ...(spec.model ? { model: spec.model } : {}), ...(spec.quality ? { quality: spec.quality } : {}), transparent };
  if (spec.frames) {
    return spec.frames.prompts.map((frame) => ({
      ...common,
      ...(spec.size ? { size: spec.size } : {}),
      prompt: styled(
        `${spec.prompt ? `${spec.prompt}\n\n` : ''}${frame}\n\nKeep the character exactly as in the image: the same identity, outfit, colours, proportions and scale. Show the whole figure, centred, on ${backdrop}.`,
      ),
      inputs: [spec.frames!.anchor],
    }));
  }
  const grid = parseGrid(spec.grid!)!;
  const count = grid.columns * grid.rows;
  const size = spec.size ?? (grid.columns > grid.rows ? '1536x1024' : grid.rows > grid.columns ? '1024x1536' : '1024x1024');
  return [
    {
      ...common,
      size,
      prompt: styled(
        `${spec.prompt}\n\nA sprite sheet: a grid of ${grid.columns} columns and ${grid.rows} rows, ${count} equal cells, one animation frame per cell in reading order (left to right, then top to bottom). The same character in every cell at the same size, the whole figure inside its cell with a margin, nothing crossing into another cell; no grid lines, borders, numbers or text; ${backdrop} in every cell.`,
      ),
      inputs: spec.inputs ?? [],
    },
  ];
}

/** Paths of the kept raw images of a sheet. */
export function rawPaths(path: string, spec: SheetSpec): string[] {
  if (!spec.frames) return [`${RAW_FOLDER}/${path}`];
  const stem = path.replace(/\.png$/i, '');
  return spec.frames.prompts.map((_, i) => `${RAW_FOLDER}/${stem}-frame-${i}.png`);
}

/** The files a sheet writes: its PNG and its data files. */
export function sheetOutputs(path: string, spec: SheetSpec): string[] {
  return [path, ...dataFilePaths(path, spec.formats, 1)];
}

/** What the kept generation must match: everything a request depends on. */
export async function generationHash(spec: SheetSpec, ctx: SheetContext): Promise<string> {
  const requests = sheetRequests(spec, ctx.styles);
  const inputs = await Promise.all(
    [...new Set(requests.flatMap((r) => r.inputs))].map(async (p) => [p, (await ctx.inputHash(p)) ?? 'missing']),
  );
  return hashOf({ requests, inputs });
}

/** What the cut depends on, beyond the generation. */
export async function cutHash(spec: SheetSpec, generation: string): Promise<string> {
  const { cell, background, names, animations, pivot, spacing, formats } = spec;
  return hashOf({ CUT_VERSION, generation, cell, background, names, animations, pivot, spacing, formats });
}

/** A sheet's state: whether the kept generation still serves, and whether the files are current. */
export interface SheetStatus {
  path: string;
  /** The kept generation matches the spec: building sends no request. */
  rawCurrent: boolean;
  outputs: OutputState;
  generation: string;
  cut: string;
}

/** The raw generation's record: the hash it was made for. */
interface RawRecord {
  generation: string;
}

async function rawRecord(ctx: SheetContext, path: string): Promise<RawRecord | undefined> {
  const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, `${RAW_FOLDER}/${path}.json`));
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as RawRecord;
  } catch {
    return undefined;
  }
}

/** Where a sheet stands, from files alone (no key, no request). */
export async function sheetStatus(path: string, spec: SheetSpec, ctx: SheetContext): Promise<SheetStatus> {
  const generation = await generationHash(spec, ctx);
  const cut = await cutHash(spec, generation);
  const raw = await rawRecord(ctx, path);
  let rawCurrent = raw?.generation === generation;
  for (const p of rawPaths(path, spec)) if (rawCurrent && !(await ctx.fs.exists(ctx.fs.join(ctx.dir, p)))) rawCurrent = false;
  const record = await readRecord(ctx.fs, ctx.dir, 'sheet', path);
  return { path, rawCurrent, outputs: await outputState(ctx.fs, ctx.dir, record, cut, sheetOutputs(path, spec)), generation, cut };
}

/** The keyer a sheet's background asks for. */
export function sheetKeyer(spec: SheetSpec): Keyer {
  if (spec.background.kind === 'transparent') return keepAlpha;
  if (spec.background.kind === 'auto') return flatColourKeyer();
  return flatColourKeyer({ colour: parseHexColour(spec.background.hex)! });
}

/** What a sheet build did. */
export interface SheetBuildResult {
  path: string;
  /** Requests sent (0 when the kept generation was re-cut). */
  requests: number;
  files: string[];
  emptyFrames: string[];
  sheet: BuiltSheet;
}

/** Moves the generation being replaced to .image-studio/raw-previous/, for a frame-by-frame review and a revert. */
async function keepPreviousGeneration(ctx: SheetContext, path: string, raws: readonly string[]): Promise<void> {
  const files = [...raws, `${RAW_FOLDER}/${path}.json`];
  const kept: Array<{ path: string; bytes: Uint8Array }> = [];
  for (const file of files) {
    const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, file));
    if (!bytes) return;
    kept.push({ path: PREVIOUS_RAW_FOLDER + file.slice(RAW_FOLDER.length), bytes });
  }
  await writeOutputs(ctx.fs, ctx.dir, kept);
}

/** Builds a sheet: generates only when the kept generation does not match, then cuts and writes. */
export async function buildSheet(path: string, spec: SheetSpec, ctx: SheetContext, make: SheetImageMaker): Promise<SheetBuildResult> {
  const status = await sheetStatus(path, spec, ctx);
  const raws = rawPaths(path, spec);
  let requests = 0;
  let images: Uint8Array[];
  if (status.rawCurrent) images = await Promise.all(raws.map((p) => ctx.fs.readFile(ctx.fs.join(ctx.dir, p))));
  else {
    const asked = sheetRequests(spec, ctx.styles);
    const made = (await Promise.all(asked.map((r) => make(r)))).map((m) => (m instanceof Uint8Array ? { bytes: m } : m));
    images = made.map((m) => m.bytes);
    requests = asked.length;
    await keepPreviousGeneration(ctx, path, raws);
    await writeOutputs(
      ctx.fs,
      ctx.dir,
      images.map((bytes, i) => ({ path: raws[i]!, bytes })),
    );
    // The raw record: what the generation was made for, and each image's provenance.
    const record = { generation: status.generation, provenance: made.map((m) => m.sidecar ?? null) };
    await writeOutputs(ctx.fs, ctx.dir, [
      { path: `${RAW_FOLDER}/${path}.json`, bytes: new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n') },
    ]);
  }
  const decoded = await Promise.all(images.map((bytes) => decodePng(bytes, RESULT_DECODE_LIMITS)));
  const options = {
    cell: parseCellSize(spec.cell)!,
    imageName: path.slice(path.lastIndexOf('/') + 1),
    base: sheetBase(path),
    ...(spec.names ? { names: spec.names } : {}),
    ...(spec.animations ? { animations: spec.animations } : {}),
    ...(spec.pivot ? { pivot: spec.pivot } : {}),
    ...(spec.spacing !== undefined ? { spacing: spec.spacing } : {}),
  };
  const keyer = sheetKeyer(spec);
  const sheet = spec.frames
    ? await buildSheetFromCells(decoded, keyer, options)
    : await buildSheetFromGrid(decoded[0]!, parseGrid(spec.grid!)!, keyer, options);
  const png = await encodeRgbaPng(sheet.image);
  const data = atlasDataFiles(path, sheet.data, spec.formats).map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) }));
  const files = await writeOutputs(ctx.fs, ctx.dir, [{ path, bytes: png }, ...data]);
  const page = sheet.data.pages[0]!;
  await writeRecord(ctx.fs, ctx.dir, {
    kind: 'sheet',
    key: path,
    hash: status.cut,
    files,
    facts: {
      anchor: page.frames[0]?.anchor,
      frames: page.frames.map((f) => f.name),
      width: page.width,
      height: page.height,
      raw: await sha256Hex(images[0]!),
    },
  });
  return { path, requests, files: Object.keys(files), emptyFrames: sheet.emptyFrames, sheet };
}
