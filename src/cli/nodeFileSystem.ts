// The save pipeline's file system over Node's fs, for the CLI.
import { access, link, mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileExistsError, FileNotFoundError, handleStream, type SaveFileSystem } from '../core/save/fileSystem';

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
  async readFile(path) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      throw code(e) === 'ENOENT' ? new FileNotFoundError(path) : e;
    }
  },
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
  async listDir(path) {
    try {
      return await readdir(path);
    } catch (e) {
      if (code(e) === 'ENOENT') return [];
      throw e;
    }
  },
};
