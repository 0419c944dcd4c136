// The CLI's checks of its output folder before anything is sent, and its input reading. Images
// are written by core's engine (placeInFolder.ts) over Node's fs.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mb } from '../core/client/bodyLimits';
import { MAX_INPUT_FILE_BYTES } from '../core/image/imageLimits';
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

/**
 * Reads an input image from a path, or stdin for `-`, stopping at `limit` bytes (no model takes
 * more): stdin is counted as it arrives and never buffered past the limit; a file's type and size
 * are checked on the open handle before a byte is read (a FIFO would block, a device never end).
 */
export async function readInput(
  pathOrDash: string,
  stdin: NodeJS.ReadableStream,
  limit = MAX_INPUT_FILE_BYTES,
): Promise<{ bytes: Uint8Array; filename: string }> {
  const tooLarge = (what: string): UsageError =>
    new UsageError(`${what} is larger than ${mb(limit)} (${limit} bytes), more than any model takes as an input; it was not read further`);
  if (pathOrDash === '-') {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const c of stdin) {
      const chunk = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
      total += chunk.length;
      // Leaving the loop ends the stream: nothing more is read.
      if (total > limit) throw tooLarge('stdin');
      chunks.push(chunk);
    }
    return { bytes: new Uint8Array(Buffer.concat(chunks)), filename: 'stdin' };
  }
  let handle;
  try {
    handle = await open(pathOrDash, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new UsageError(`${pathOrDash} is a folder, not an image file`);
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UsageError(`${pathOrDash} is a folder, not an image file`);
    if (!info.isFile()) throw new UsageError(`${pathOrDash} is not a regular file (a pipe, socket or device); pass - to read stdin`);
    if (info.size > limit) throw tooLarge(`${pathOrDash} (${info.size} bytes)`);
    return { bytes: new Uint8Array(await handle.readFile()), filename: pathOrDash };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
