// The save pipeline's file system over workspace.fs, so Remote, WSL, Codespaces and virtual
// workspaces write where the workspace is. Paths are URI strings.
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { concatBytes } from '../../core/concatBytes';
import { FileExistsError, FileNotFoundError, handleStream, NotAFileError, type SaveFileSystem } from '../../core/save/fileSystem';
import { localRealPath, readLocalFile } from './localFiles';

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
