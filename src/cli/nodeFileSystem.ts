// The save pipeline's file system over Node's fs, for the CLI.
import { constants } from 'node:fs';
import { access, link, lstat, mkdir, open, readdir, readlink, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FileExistsError, FileNotFoundError, handleStream, NotAFileError, type SaveFileSystem } from '../core/save/fileSystem';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** Node's fs behind the SaveFileSystem interface. */
export const nodeFileSystem: SaveFileSystem = {
  join: (dir, relative) => join(dir, ...relative.split('/')),
  dirname: (path) => dirname(path),
  async exists(path) {
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  },
  readFile: readRegularFile,
  async writeFile(path, bytes) {
    await writeFile(path, bytes);
  },
  async rename(from, to, { overwrite }) {
    if (overwrite) return rename(from, to);
    // rename(2) replaces silently; link(2) fails with EEXIST, so a name taken meanwhile is never lost.
    try {
      await link(from, to);
    } catch (e) {
      if (code(e) === 'EEXIST') throw new FileExistsError(to);
      // File systems without hard links (FAT, some network shares): check, then rename.
      if (code(e) !== 'EPERM' && code(e) !== 'ENOTSUP' && code(e) !== 'EOPNOTSUPP' && code(e) !== 'EXDEV') throw e;
      if (await this.exists(to)) throw new FileExistsError(to);
      return rename(from, to);
    }
    await unlink(from);
  },
  async delete(path) {
    try {
      await unlink(path);
    } catch (e) {
      if (code(e) !== 'ENOENT') throw e;
    }
  },
  async mkdir(path) {
    await mkdir(path, { recursive: true });
  },
  async createStream(path) {
    return handleStream(await open(path, 'wx'));
  },
  realPath: (path) => realPathOf(path, 0),
  async listDir(path) {
    try {
      return await readdir(path);
    } catch (e) {
      if (code(e) === 'ENOENT') return [];
      throw e;
    }
  },
};

/**
 * Reads a regular file. It is opened without blocking and its type checked on the open handle
 * before a byte is read: a FIFO would block the read until someone writes to it, a device
 * (/dev/zero) would never end, and a folder gives a bare EISDIR that names no path.
 */
export async function readRegularFile(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (code(e) === 'ENOENT') throw new FileNotFoundError(path);
    if (code(e) === 'EISDIR') throw new NotAFileError(path, 'folder');
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new NotAFileError(path, 'folder');
    if (!info.isFile()) throw new NotAFileError(path, 'other');
    return new Uint8Array(await handle.readFile());
  } catch (e) {
    throw code(e) === 'EISDIR' ? new NotAFileError(path, 'folder') : e;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** realpath(3), except that a link to nowhere resolves to where it points (itself resolved as far as it exists). */
async function realPathOf(path: string, depth: number): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
  }
  let isLink = false;
  try {
    isLink = (await lstat(path)).isSymbolicLink();
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') throw new FileNotFoundError(path);
    throw e;
  }
  if (!isLink || depth > 40) throw new FileNotFoundError(path);
  const target = resolve(dirname(path), await readlink(path));
  try {
    return await realPathOf(target, depth + 1);
  } catch (e) {
    if (!(e instanceof FileNotFoundError) || dirname(target) === target) throw e;
    // The target's parent may exist (and be a link itself): resolve it, then append the name.
    return join(await realPathOf(dirname(target), depth + 1).catch(() => dirname(target)), basename(target));
  }
}
