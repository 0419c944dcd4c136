// Node's fs for the workspace's local folders (file: URIs): the reads and real paths core's save
// pipeline and its inside-the-folder rule need, where workspace.fs has no equivalent (it follows
// links silently and has no non-blocking open). The CLI's nodeFileSystem does the same over paths.
import { constants } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FileNotFoundError, NotAFileError } from '../../core/save/fileSystem';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/**
 * Reads a regular file, checking its type on the open handle first (opened without blocking): a
 * FIFO would hang the read, a device never end, and a folder gives an EISDIR that names no path.
 * Errors name `shown` (the path as the workspace names it).
 */
export async function readLocalFile(fsPath: string, shown: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(fsPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (code(e) === 'ENOENT') throw new FileNotFoundError(shown);
    if (code(e) === 'EISDIR') throw new NotAFileError(shown, 'folder');
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new NotAFileError(shown, 'folder');
    if (!info.isFile()) throw new NotAFileError(shown, 'other');
    return new Uint8Array(await handle.readFile());
  } catch (e) {
    throw code(e) === 'EISDIR' ? new NotAFileError(shown, 'folder') : e;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** realpath(3), except that a link to nowhere resolves to where it points (FileNotFoundError: nothing there). */
export async function localRealPath(fsPath: string, shown: string, depth = 0): Promise<string> {
  try {
    return await realpath(fsPath);
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
  }
  let isLink = false;
  try {
    isLink = (await lstat(fsPath)).isSymbolicLink();
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') throw new FileNotFoundError(shown);
    throw e;
  }
  if (!isLink || depth > 40) throw new FileNotFoundError(shown);
  const target = resolve(dirname(fsPath), await readlink(fsPath));
  try {
    return await localRealPath(target, target, depth + 1);
  } catch (e) {
    if (!(e instanceof FileNotFoundError) || dirname(target) === target) throw e;
    return join(await localRealPath(dirname(target), target, depth + 1).catch(() => dirname(target)), basename(target));
  }
}
