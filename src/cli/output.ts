// Writes images and sidecars without ever overwriting: a temp file is hard-linked to a free name
// (link fails if the name appeared meanwhile, then the next name is tried) and the temp removed,
// whatever failed (a full disk mid-write included), so no temp file and no partial file remain.
import { randomBytes } from 'node:crypto';
import { access, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { extensionFor, MAX_FILE_NAME_BYTES, pickFreeName, utf8Length } from '../core/naming';
import type { GeneratedImage } from '../core/types';
import { UsageError } from './usage';

/** A written image and its sidecar. */
export interface WrittenFile {
  path: string;
  sidecar?: string;
  index: number;
  format: GeneratedImage['format'];
}

/** Creates the folder when missing; a path that is (or lies below) a file is a usage error. */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new UsageError(`--out ${dir} is a file or lies below one; it must be a folder`);
    throw e;
  }
  if (!(await stat(dir)).isDirectory()) throw new UsageError(`--out ${dir} is not a folder`);
}

/**
 * Checks, before anything is sent (images are billed), that the folder takes a file: a probe temp
 * file is created and removed, and every planned name fits the 255-byte name limit with its
 * numbered variant and sidecar suffix.
 */
export async function checkWritable(dir: string, names: string[]): Promise<void> {
  for (const name of names) {
    if (utf8Length(`${name}-10000.jpeg.json`) > MAX_FILE_NAME_BYTES) throw new UsageError(`the file name ${name} is longer than ${MAX_FILE_NAME_BYTES} bytes; use a shorter --name`);
  }
  const probe = join(dir, `.image-studio-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`cannot write to --out ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was sent`);
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}

/** Writes bytes under `base.ext` (or the first free variant) in `dir`; returns the full path. */
export async function writeNoClobber(dir: string, base: string, ext: string, bytes: Uint8Array): Promise<string> {
  const temp = join(dir, `.image-studio-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = await pickFreeName(base, ext, (n) => exists(join(dir, n)));
      try {
        await link(temp, join(dir, name));
        return join(dir, name);
      } catch (e) {
        // Someone took the name between the check and the link: pick again.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new Error(`could not find a free file name for ${base}.${ext}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Writes the sidecar `<image>.json` next to an image through a temp file, refusing to overwrite
 * one: a full disk leaves no 0-byte sidecar.
 */
export async function writeSidecar(imagePath: string, provenance: unknown): Promise<string> {
  const temp = join(dirname(imagePath), `.image-studio-${randomBytes(6).toString('hex')}.tmp`);
  const path = `${imagePath}.json`;
  try {
    await writeFile(temp, `${JSON.stringify(provenance, null, 2)}\n`, { flag: 'wx' });
    await link(temp, path);
    return path;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}


/** File extension for an image. */
export function imageExtension(image: GeneratedImage): string {
  return extensionFor(image.format);
}

/** Reads an input image from a path, or all of stdin for `-`. */
export async function readInput(pathOrDash: string, stdin: NodeJS.ReadableStream): Promise<{ bytes: Uint8Array; filename: string }> {
  if (pathOrDash === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    return { bytes: new Uint8Array(Buffer.concat(chunks)), filename: 'stdin' };
  }
  return { bytes: new Uint8Array(await readFile(pathOrDash)), filename: pathOrDash };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
