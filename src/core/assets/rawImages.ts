// The API's image of an asset, kept as it arrived (before the asset's processing steps) under
// `.image-studio/raw/<asset path>`, so a change to the steps alone re-processes it and sends no
// request. When no step changed the image, the asset's own file is its raw image and nothing more
// is kept; the sidecar records the raw image's hash either way.
import { sha256Hex } from '../provenance';
import { FileNotFoundError, type SaveFileSystem } from '../save/fileSystem';
import { replaceFileContent } from '../save/writeFiles';
import { insideFolder } from '../save/insideFolder';

/** What a sidecar's asset record says about the raw image (status.ts's AssetRecord has these fields). */
export interface RawRecord {
  /** The asset's path (the manifest key). */
  path: string;
  /** The output file's hash. */
  sha256: string;
  /** The raw image's hash. */
  raw?: string;
}

/** Folder (next to the manifest) that keeps the raw images. */
export const RAW_FOLDER = '.image-studio/raw';

/** Where an asset's raw image is kept. */
export function rawPath(fs: SaveFileSystem, dir: string, assetPath: string): string {
  return fs.join(dir, `${RAW_FOLDER}/${assetPath}`);
}

/** Keeps the raw image (unless it is the output itself); returns its hash for the sidecar. */
export async function keepRaw(fs: SaveFileSystem, dir: string, assetPath: string, raw: Uint8Array, output: Uint8Array): Promise<string> {
  const sha = await sha256Hex(raw);
  // Resolved by real path: a link in the repository must not take the image elsewhere.
  const path = await insideFolder(fs, dir, `${RAW_FOLDER}/${assetPath}`);
  if (sha === (await sha256Hex(output))) {
    // The output is the raw image: an older kept copy would only mislead.
    await fs.delete(path).catch(() => undefined);
    return sha;
  }
  await fs.mkdir(fs.dirname(path));
  await replaceFileContent(fs, path, raw);
  return sha;
}

/** Whether the raw image a record names is there (by name: its bytes are checked when read). */
export async function rawKept(fs: SaveFileSystem, dir: string, record: RawRecord): Promise<boolean> {
  if (!record.raw) return false;
  return record.raw === record.sha256 || (await fs.exists(rawPath(fs, dir, record.path)));
}

/** The raw image a record names, or undefined when it is gone or its bytes are not the recorded ones. */
export async function readRaw(fs: SaveFileSystem, dir: string, record: RawRecord, outputPath: string): Promise<Uint8Array | undefined> {
  if (!record.raw) return undefined;
  for (const path of record.raw === record.sha256 ? [outputPath] : [await insideFolder(fs, dir, `${RAW_FOLDER}/${record.path}`)]) {
    try {
      const bytes = await fs.readFile(path);
      if ((await sha256Hex(bytes)) === record.raw) return bytes;
    } catch (e) {
      if (!(e instanceof FileNotFoundError)) throw e;
    }
  }
  return undefined;
}
