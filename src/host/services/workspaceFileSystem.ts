// The save pipeline's file system over workspace.fs, so Remote, WSL, Codespaces and virtual
// workspaces write where the workspace is. Paths are URI strings.
import * as vscode from 'vscode';
import { FileExistsError, FileNotFoundError, type SaveFileSystem } from '../../core/save/fileSystem';

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
    try {
      return await vscode.workspace.fs.readFile(uri(path));
    } catch (e) {
      throw isCode(e, 'FileNotFound') ? new FileNotFoundError(path) : e;
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
  async listDir(path) {
    try {
      return (await vscode.workspace.fs.readDirectory(uri(path))).map(([name]) => name);
    } catch (e) {
      if (isCode(e, 'FileNotFound')) return [];
      throw e;
    }
  },
};
