// An atlas from the manifest to its files: the PNG assets and sheet frames its `include` matches,
// packed into pages, with the data files of its formats. Its hash covers the sources' bytes, so
// rebuilding an icon or re-cutting a sheet makes the atlas stale, and nothing else does.
import { atlasDataFiles, pageFileName, pagePath } from '../../atlas/atlasFiles';
import type { AnimationRecord } from '../../atlas/atlasData';
import { packAtlas, type AtlasSprite } from '../../atlas/packAtlas';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS } from '../../image/pngCodec';
import { cropImage } from '../../image/raster';
import { t } from '../../l10n';
import { sha256Hex } from '../../provenance';
import type { SaveFileSystem } from '../../save/fileSystem';
import { parseCellSize, parseGrid } from '../../sheets/gridCut';
import { frameNames, resolveAnimations } from '../../sheets/sheetFrames';
import { layoutCells } from '../../sheets/sheetLayout';
import { matchesPattern } from './pathPatterns';
import { sheetBase } from './readSheets';
import { hashOf, outputState, readIfThere, readRecord, writeOutputs, writeRecord, type OutputState } from './sectionRecords';
import type { AtlasSpec, SheetSpec } from './sectionTypes';

/** Bumped when packing changes for the same inputs. */
const PACK_VERSION = 1;

/** What an atlas may draw from. */
export interface AtlasContext {
  fs: SaveFileSystem;
  dir: string;
  /** PNG outputs of `assets` (keys and sizes). */
  assetPaths: readonly string[];
  sheets: Readonly<Record<string, SheetSpec>>;
}

/** The asset and sheet paths an atlas takes, in manifest order, each once. */
export function atlasSources(spec: AtlasSpec, ctx: Pick<AtlasContext, 'assetPaths' | 'sheets'>): { assets: string[]; sheets: string[] } {
  const hit = (p: string) => spec.include.some((pattern) => matchesPattern(pattern, p));
  return { assets: ctx.assetPaths.filter((p) => /\.png$/i.test(p) && hit(p)), sheets: Object.keys(ctx.sheets).filter(hit) };
}

/** The frame names of a sheet, from its spec. */
export function sheetFrameNames(path: string, spec: SheetSpec): string[] {
  const grid = spec.grid ? parseGrid(spec.grid) : undefined;
  const count = spec.frames ? spec.frames.prompts.length : (grid?.columns ?? 0) * (grid?.rows ?? 0);
  return frameNames(count, sheetBase(path), spec.names);
}

async function sourceHashes(ctx: AtlasContext, paths: readonly string[]): Promise<Array<[string, string]>> {
  return Promise.all(
    paths.map(async (p): Promise<[string, string]> => {
      const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, p));
      return [p, bytes ? await sha256Hex(bytes) : 'missing'];
    }),
  );
}

/** What the atlas's files are made from. */
export async function atlasHash(path: string, spec: AtlasSpec, ctx: AtlasContext): Promise<string> {
  const sources = atlasSources(spec, ctx);
  const sheets = await Promise.all(sources.sheets.map(async (p) => [p, (await readRecord(ctx.fs, ctx.dir, 'sheet', p))?.hash ?? 'none']));
  return hashOf({ PACK_VERSION, path, spec, files: await sourceHashes(ctx, [...sources.assets, ...sources.sheets]), sheets });
}

/** Where an atlas stands. */
export async function atlasStatus(
  path: string,
  spec: AtlasSpec,
  ctx: AtlasContext,
): Promise<{ path: string; outputs: OutputState; hash: string }> {
  const hash = await atlasHash(path, spec, ctx);
  const record = await readRecord(ctx.fs, ctx.dir, 'atlas', path);
  const expected = record ? Object.keys(record.files) : [path];
  return {
    path,
    hash,
    outputs: await outputState(ctx.fs, ctx.dir, record, hash, expected.includes(path) ? expected : [path, ...expected]),
  };
}

async function readPng(ctx: AtlasContext, path: string) {
  const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, path));
  if (!bytes) throw new Error(t('{path} is not built yet: build it before the atlas that includes it.', { path }));
  return decodePng(bytes, RESULT_DECODE_LIMITS);
}

/** Packs the atlas and writes its pages, data files and record; returns the files written. */
export async function buildAtlas(path: string, spec: AtlasSpec, ctx: AtlasContext): Promise<{ files: string[]; frames: string[] }> {
  const hash = await atlasHash(path, spec, ctx);
  const sources = atlasSources(spec, ctx);
  const sprites: AtlasSprite[] = [];
  for (const asset of sources.assets) sprites.push({ name: asset.replace(/\.[^./]*$/, ''), image: await readPng(ctx, asset) });
  const animations: AnimationRecord[] = [];
  for (const sheetPath of sources.sheets) {
    const sheet = ctx.sheets[sheetPath]!;
    const image = await readPng(ctx, sheetPath);
    const names = sheetFrameNames(sheetPath, sheet);
    const layout = layoutCells(names.length, parseCellSize(sheet.cell)!, sheet.spacing ?? 0);
    const anchor = (await readRecord(ctx.fs, ctx.dir, 'sheet', sheetPath))?.facts?.anchor as { x: number; y: number } | undefined;
    names.forEach((name, i) => sprites.push({ name, image: cropImage(image, layout.cells[i]!), ...(anchor ? { anchor } : {}) }));
    // Two sheets may both have a "walk" (or the implicit "default"): the later one is prefixed with its sheet's name.
    for (const a of resolveAnimations(names, sheet.animations))
      animations.push(animations.some((b) => b.name === a.name) ? { ...a, name: `${sheetBase(sheetPath)}/${a.name}` } : a);
  }
  const packed = packAtlas(sprites, {
    padding: spec.padding,
    extrude: spec.extrude,
    trim: spec.trim,
    maxSize: spec.maxSize,
    powerOfTwo: spec.powerOfTwo,
    pageName: (i) => pageFileName(path, i),
  });
  const data = { ...packed.data, animations };
  const pngs = await Promise.all(packed.pages.map(async (page, i) => ({ path: pagePath(path, i), bytes: await encodeRgbaPng(page) })));
  const texts = atlasDataFiles(path, data, spec.formats).map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) }));
  const previous = await readRecord(ctx.fs, ctx.dir, 'atlas', path);
  const files = await writeOutputs(ctx.fs, ctx.dir, [...pngs, ...texts]);
  // Pages (and their data files) the atlas no longer needs go, so nothing stale is left to load.
  for (const old of Object.keys(previous?.files ?? {})) if (!(old in files)) await ctx.fs.delete(ctx.fs.join(ctx.dir, old));
  const frames = data.pages.flatMap((p) => p.frames.map((f) => f.name));
  await writeRecord(ctx.fs, ctx.dir, { kind: 'atlas', key: path, hash, files, facts: { frames, pages: pngs.map((p) => p.path) } });
  return { files: Object.keys(files), frames };
}
