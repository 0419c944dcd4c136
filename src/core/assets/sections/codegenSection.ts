// The codegen section: the typed module of every asset, sheet and atlas, rewritten on each build
// and compared byte for byte by `assets check` (stale when the manifest or an asset's size
// changed and nobody rebuilt). Sizes come from the files' headers, or from what the manifest
// declares for a file not built yet.
import { dataFilePaths, pagePath } from '../../atlas/atlasFiles';
import { assetsModule, type ModuleAsset, type ModuleContents } from '../../codegen/assetsModule';
import { inspectImage } from '../../image/imageHeader';
import { parseSize } from '../../models/capabilities';
import type { SaveFileSystem } from '../../save/fileSystem';
import { parseCellSize } from '../../sheets/gridCut';
import { resolveAnimations } from '../../sheets/sheetFrames';
import type { AssetSpec } from '../manifestTypes';
import { atlasSources, sheetFrameNames } from './atlasSection';
import { readIfThere, readRecord } from './sectionRecords';
import type { CodegenSpec, ManifestSections } from './sectionTypes';

/** What the module is made from. */
export interface CodegenContext {
  fs: SaveFileSystem;
  dir: string;
  /** The manifest's file name, for the module's header. */
  manifestName: string;
  assets: Readonly<Record<string, AssetSpec & { alt?: string }>>;
  sections: ManifestSections;
}

/** The URL code loads a path from, under `codegen.base` with `codegen.root` cut off. */
export function srcOf(path: string, spec: CodegenSpec): string {
  const inRoot = spec.root && path.startsWith(spec.root) ? path.slice(spec.root.length) : path;
  return spec.base === undefined ? inRoot : spec.base.replace(/\/?$/, '/') + inRoot;
}

async function sizeOf(ctx: CodegenContext, path: string, declared?: string): Promise<{ width: number; height: number }> {
  const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, path));
  if (bytes) {
    try {
      const info = inspectImage(bytes);
      return { width: info.width, height: info.height };
    } catch {
      // Not an image we can read: fall back to what the manifest says.
    }
  }
  const size = declared && /^\d+x\d+$/.test(declared) ? parseSize(declared) : undefined;
  return size ?? { width: 0, height: 0 };
}

/** The module's contents from the manifest and the files on disk. */
export async function codegenContents(spec: CodegenSpec, ctx: CodegenContext): Promise<ModuleContents> {
  const assets: ModuleAsset[] = [];
  for (const [path, asset] of Object.entries(ctx.assets)) {
    const size = await sizeOf(ctx, path, asset.resize ?? asset.size);
    assets.push({ path, src: srcOf(path, spec), ...size, ...(asset.alt !== undefined ? { alt: asset.alt } : {}) });
    for (const [output, box] of Object.entries(asset.sizes ?? {}))
      assets.push({ path: output, src: srcOf(output, spec), ...(await sizeOf(ctx, output, box)) });
  }
  const { sheets, atlases } = ctx.sections;
  const assetPaths = assets.map((a) => a.path);
  return {
    manifest: ctx.manifestName,
    assets,
    sheets: Object.entries(sheets).map(([path, sheet]) => {
      const frames = sheetFrameNames(path, sheet);
      const cell = parseCellSize(sheet.cell)!;
      return {
        path,
        src: srcOf(path, spec),
        data: srcOf(dataFilePaths(path, sheet.formats, 1)[0]!, spec),
        frameWidth: cell.width,
        frameHeight: cell.height,
        frames,
        animations: resolveAnimations(frames, sheet.animations),
      };
    }),
    atlases: await Promise.all(
      Object.entries(atlases).map(async ([path, atlas]) => {
        const sources = atlasSources(atlas, { assetPaths, sheets });
        const frames = [
          ...sources.assets.map((p) => p.replace(/\.[^./]*$/, '')),
          ...sources.sheets.flatMap((p) => sheetFrameNames(p, sheets[p]!)),
        ];
        const pageCount = ((await readRecord(ctx.fs, ctx.dir, 'atlas', path))?.facts?.pages as string[] | undefined)?.length ?? 1;
        const pages = Array.from({ length: pageCount }, (_, i) => srcOf(pagePath(path, i), spec));
        const files = dataFilePaths(path, atlas.formats, 1);
        return { path, pages, data: Object.fromEntries(atlas.formats.map((f, i) => [f, srcOf(files[i]!, spec)])), frames };
      }),
    ),
  };
}

/** The module's text as a build would write it now. */
export async function codegenText(spec: CodegenSpec, ctx: CodegenContext): Promise<string> {
  return assetsModule(await codegenContents(spec, ctx));
}

/** Whether the module on disk is what a build would write ('missing', 'stale' or 'up-to-date'). */
export async function codegenState(spec: CodegenSpec, ctx: CodegenContext): Promise<'missing' | 'stale' | 'up-to-date'> {
  const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, spec.out));
  if (!bytes) return 'missing';
  return new TextDecoder().decode(bytes) === (await codegenText(spec, ctx)) ? 'up-to-date' : 'stale';
}
