// The save pipeline's file system over workspace.fs, so Remote, WSL, Codespaces and virtual
// workspaces write where the workspace is. Paths are URI strings.
import { constants } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { concatBytes } from '../../core/concatBytes';
import { FileExistsError, FileNotFoundError, handleStream, NotAFileError, type SaveFileSystem } from '../../core/save/fileSystem';

function uri(path: string): vscode.Uri {
  return vscode.Uri.parse(path, true);
}

function isCode(err: unknown, code: string): boolean {
  return err instanceof vscode.FileSystemError && err.code === code;
}

/** workspace.fs behind the SaveFileSystem interface. */
export const workspaceFileSystem: SaveFileSystem = {
  join: (dir, relative) => vscode.Uri.joinPath(uri(dir), ...relative.split('/')).toString(),
  dirname: (path) => vscode.Uri.joinPath(uri(path), '..').toString(),
  async exists(path) {
    try {
      await vscode.workspace.fs.stat(uri(path));
      return true;
    } catch {
      return false;
    }
  },
  async readFile(path) {
    const target = uri(path);
    // A local folder is read through Node, which can check the file's type before reading it.
    if (target.scheme === 'file') return readLocalFile(target.fsPath, path);
    try {
      return await vscode.workspace.fs.readFile(target);
    } catch (e) {
      if (isCode(e, 'FileNotFound')) throw new FileNotFoundError(path);
      if (isCode(e, 'FileIsADirectory')) throw new NotAFileError(path, 'folder');
      throw e;
    }
  },
  async writeFile(path, bytes) {
    await vscode.workspace.fs.writeFile(uri(path), bytes);
  },
  async rename(from, to, { overwrite }) {
    try {
      await vscode.workspace.fs.rename(uri(from), uri(to), { overwrite });
    } catch (e) {
      throw isCode(e, 'FileExists') ? new FileExistsError(to) : e;
    }
  },
  async delete(path) {
    try {
      await vscode.workspace.fs.delete(uri(path));
    } catch (e) {
      if (!isCode(e, 'FileNotFound')) throw e;
    }
  },
  async mkdir(path) {
    await vscode.workspace.fs.createDirectory(uri(path));
  },
  // A local folder streams through Node's fs (Image Studio runs where the files are, even under
  // Remote); workspace.fs has no piecewise write, so on other file systems (a virtual folder) the
  // pieces are gathered and written whole when the file is closed.
  async createStream(path) {
    const target = uri(path);
    if (target.scheme === 'file') {
      try {
        return handleStream(await open(target.fsPath, 'wx'));
      } catch (e) {
        throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? new FileExistsError(path) : e;
      }
    }
    if (await this.exists(path)) throw new FileExistsError(path);
    const pieces: Uint8Array[] = [];
    return {
      write: async (bytes) => void pieces.push(bytes),
      close: () => Promise.resolve(vscode.workspace.fs.writeFile(target, concatBytes(pieces.splice(0)))),
    };
  },
  // Local folders can hold links (a cloned repository decides them); a virtual file system has none,
  // so there a path is its own real path.
  async realPath(path) {
    const target = uri(path);
    if (target.scheme === 'file') return vscode.Uri.file(await localRealPath(target.fsPath, path)).toString();
    if (!(await this.exists(path))) throw new FileNotFoundError(path);
    return target.toString();
  },
  // The batch runs of .image-studio/batches/ are found by listing the folder.
  async listDir(path) {
    try {
      return (await vscode.workspace.fs.readDirectory(uri(path))).map(([name]) => name);
    } catch (e) {
      if (isCode(e, 'FileNotFound')) return [];
      throw e;
    }
  },
};

// Node's fs for local folders (file: URIs): the reads and real paths core's save pipeline and its
// inside-the-folder rule need, where workspace.fs has no equivalent (it follows links silently and
// has no non-blocking open). The CLI's nodeFileSystem does the same over paths.

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/**
 * Reads a regular file, checking its type on the open handle first (opened without blocking): a
 * FIFO would hang the read, a device never end, and a folder gives an EISDIR that names no path.
 * Errors name `shown` (the path as the workspace names it).
 */
async function readLocalFile(fsPath: string, shown: string): Promise<Uint8Array> {
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
async function localRealPath(fsPath: string, shown: string, depth = 0): Promise<string> {
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
