// Writing that never loses a file: bytes go to a hidden temp file in the target folder first and
// are renamed into place, so a crash, a full disk or a cancel never leaves half an image (or half a
// sidecar) under a real name, and a temp file never outlives a failed write. The CLI, the host and
// the asset build all write through here.
import { pickFreeName } from '../naming';
import { deleteQuietly, FileExistsError, type SaveFileSystem } from './fileSystem';

/** A hidden temp name next to the target; random so parallel writers never collide. */
export function tempName(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return `.image-studio-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}.tmp`;
}

/** Writes `bytes` to a temp file in `dir`; on any failure the partial temp file is removed. */
export async function writeTemp(fs: SaveFileSystem, dir: string, bytes: Uint8Array): Promise<string> {
  const temp = fs.join(dir, tempName());
  try {
    await fs.writeFile(temp, bytes);
  } catch (e) {
    await deleteQuietly(fs, temp);
    throw e;
  }
  return temp;
}

/** A file written under a free name. */
export interface NewFile {
  path: string;
  name: string;
}

/**
 * Writes bytes under `base.ext` in `dir`, or the first free `base-N.ext`, never replacing anything.
 * With `sidecar`, a name is free only if `<name>.json` is free too, so an image and its provenance
 * always pair by name.
 */
export async function writeNewFile(
  fs: SaveFileSystem,
  dir: string,
  base: string,
  ext: string,
  bytes: Uint8Array,
  options: { sidecar?: boolean } = {},
): Promise<NewFile> {
  await fs.mkdir(dir);
  return moveToNewFile(fs, await writeTemp(fs, dir, bytes), dir, base, ext, options);
}

/**
 * Moves a finished temp file in `dir` (written by writeTemp, or a streamed image's spool file) to
 * `base.ext` or the first free `base-N.ext`, never replacing anything; the temp is gone afterwards
 * whether the move succeeded or not.
 */
export async function moveToNewFile(
  fs: SaveFileSystem,
  temp: string,
  dir: string,
  base: string,
  ext: string,
  options: { sidecar?: boolean } = {},
): Promise<NewFile> {
  try {
    // Another writer may take the name between the check and the rename: then pick again.
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = await pickFreeName(
        base,
        ext,
        async (n) => (await fs.exists(fs.join(dir, n))) || (!!options.sidecar && (await fs.exists(fs.join(dir, `${n}.json`)))),
      );
      try {
        await fs.rename(temp, fs.join(dir, name), { overwrite: false });
        return { path: fs.join(dir, name), name };
      } catch (e) {
        if (!(e instanceof FileExistsError)) throw e;
      }
    }
    throw new Error(`Could not find a free file name for ${base}.${ext}.`);
  } finally {
    await deleteQuietly(fs, temp);
  }
}

/** Writes bytes at exactly `path` through a temp file; FileExistsError if something is there. */
export async function writeExactFile(fs: SaveFileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const dir = fs.dirname(path);
  await fs.mkdir(dir);
  const temp = await writeTemp(fs, dir, bytes);
  try {
    await fs.rename(temp, path, { overwrite: false });
  } finally {
    await deleteQuietly(fs, temp);
  }
}

/** The sidecar's path for an image. */
export function sidecarPath(imagePath: string): string {
  return `${imagePath}.json`;
}

/** Serialises a sidecar the way every writer does (two-space JSON, final newline). */
export function sidecarBytes(content: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(content, null, 2)}\n`);
}

/** Writes `<image>.json` next to an image, never replacing an existing file. */
export async function writeSidecar(fs: SaveFileSystem, imagePath: string, content: unknown): Promise<string> {
  const path = sidecarPath(imagePath);
  await writeExactFile(fs, path, sidecarBytes(content));
  return path;
}

/** Replaces a file's content through a temp file and a rename, so a reader never sees half of it. */
export async function replaceFileContent(fs: SaveFileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const temp = await writeTemp(fs, fs.dirname(path), bytes);
  try {
    await fs.rename(temp, path, { overwrite: true });
  } finally {
    await deleteQuietly(fs, temp);
  }
}
