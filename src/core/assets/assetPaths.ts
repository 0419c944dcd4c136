// Every file a manifest's assets touch, checked against the one inside-the-folder rule before a
// command reads an input or writes anything: the CLI and the extension both call this (it replaced
// their own link checks, which differed). Writes check again where they happen.
import type { Manifest } from './manifestTypes';
import { BATCHES_FOLDER } from '../batch/batchRuns';
import { allInsideFolder, OWN_FOLDER } from '../save/insideFolder';
import type { SaveFileSystem } from '../save/fileSystem';

/**
 * The manifest-relative paths an asset reads (inputs, mask, markup) and writes (its path, its sizes). Its
 * history and candidates lie in .image-studio, whose own folder is checked once here and whose
 * sub-folders are checked where they are written or listed (saveAsset.ts, candidates.ts).
 */
export function pathsOfAsset(manifest: Manifest, path: string): string[] {
  const spec = manifest.assets[path];
  if (!spec) return [];
  return [
    path,
    ...Object.keys(spec.sizes ?? {}),
    ...(spec.inputs ?? []),
    ...(spec.mask ? [spec.mask] : []),
    ...(spec.markup ? [spec.markup] : []),
  ];
}

/**
 * Refuses (OutsideFolderError) when any path of the given assets (all when none are named) leaves
 * the manifest's folder `dir` through a link, or when `.image-studio` or its batch records folder is a link.
 */
export async function checkManifestPaths(fs: SaveFileSystem, dir: string, manifest: Manifest, paths?: string[]): Promise<void> {
  const assets = paths ?? Object.keys(manifest.assets);
  await allInsideFolder(fs, dir, [OWN_FOLDER, BATCHES_FOLDER, ...new Set(assets.flatMap((p) => pathsOfAsset(manifest, p)))]);
}
