// The CLI's checks of its output folder before anything is sent, and its input reading. Images
// are written by core's engine (placeInFolder.ts) over Node's fs.
import { randomBytes } from 'node:crypto';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_FILE_NAME_BYTES, utf8Length } from '../core/naming';
import { nodeFileSystem } from './nodeFileSystem';
import { UsageError } from './usage';

/** Creates the folder when missing; a path that is (or lies below) a file is a usage error. */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await nodeFileSystem.mkdir(dir);
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
    if (utf8Length(`${name}-10000.jpeg.json`) > MAX_FILE_NAME_BYTES)
      throw new UsageError(`the file name ${name} is longer than ${MAX_FILE_NAME_BYTES} bytes; use a shorter --name`);
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

/** Reads an input image from a path, or all of stdin for `-`. */
export async function readInput(pathOrDash: string, stdin: NodeJS.ReadableStream): Promise<{ bytes: Uint8Array; filename: string }> {
  if (pathOrDash === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    return { bytes: new Uint8Array(Buffer.concat(chunks)), filename: 'stdin' };
  }
  return { bytes: new Uint8Array(await readFile(pathOrDash)), filename: pathOrDash };
}
