import { realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';

/** A problem with where images would be written; the message is for the user. */
export class OutputLocationError extends Error {
  override readonly name = 'OutputLocationError';
}

/**
 * Resolves the output folder setting (relative to the workspace folder) and refuses anything that
 * would land outside it: absolute paths, drive letters, `..` that climbs out, control characters.
 * Workspace settings are written by whoever wrote the repository, so this is a security boundary.
 */
export function resolveOutputFolder(folder: vscode.WorkspaceFolder, relative: string): vscode.Uri {
  const raw = relative.trim() === '' ? '.' : relative.trim();
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    throw new OutputLocationError(
      vscode.l10n.t('The output folder setting contains control characters. Use a plain relative path such as "images".'),
    );
  }
  if (
    raw.startsWith('/') ||
    raw.startsWith('\\') ||
    /^[a-zA-Z]:/.test(raw) ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ||
    raw.startsWith('~')
  ) {
    throw new OutputLocationError(
      vscode.l10n.t(
        'The output folder "{raw}" is not relative to the workspace folder. Use a path such as "images" or "assets/generated".',
        { raw },
      ),
    );
  }
  const segments: string[] = [];
  for (const part of raw.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) {
        throw new OutputLocationError(
          vscode.l10n.t('The output folder "{raw}" points outside the workspace folder "{name}". Choose a folder inside it.', {
            raw,
            name: folder.name,
          }),
        );
      }
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  return segments.length ? vscode.Uri.joinPath(folder.uri, ...segments) : folder.uri;
}

/**
 * On a local disk, follows symbolic links: a folder inside the workspace can be a link to one
 * outside, and writing through it would land there. The real path of the deepest existing part of
 * `dir` must lie inside the real path of the workspace folder. Other file systems (remote,
 * virtual) have no links this side can follow and rely on resolveOutputFolder alone.
 */
export async function checkRealLocation(folder: vscode.WorkspaceFolder, dir: vscode.Uri): Promise<void> {
  const real = realPathOutside(folder, dir);
  if (real) {
    throw new OutputLocationError(
      vscode.l10n.t('The output folder "{folder}" is a link to {real}, outside the workspace folder "{name}". Choose a folder inside it.', {
        folder: relative(folder.uri.fsPath, dir.fsPath) || '.',
        real,
        name: folder.name,
      }),
    );
  }
}

/**
 * The real path of `dir` when it lies outside the real path of the workspace folder (through a
 * link), else undefined. Synchronous (a few realpath calls on a local disk) so the Studio's
 * webview options can use it too.
 */
export function realPathOutside(folder: vscode.WorkspaceFolder, dir: vscode.Uri): string | undefined {
  if (folder.uri.scheme !== 'file' || dir.scheme !== 'file') return undefined;
  const root = realOr(folder.uri.fsPath);
  let existing = dir.fsPath;
  const rest: string[] = [];
  for (;;) {
    try {
      existing = realpathSync(existing);
      break;
    } catch {
      const parent = join(existing, '..');
      if (parent === existing) return undefined;
      rest.unshift(basename(existing));
      existing = parent;
    }
  }
  const real = join(existing, ...rest);
  const inside = relative(root, real);
  return inside.startsWith('..') || isAbsolute(inside) ? real : undefined;
}

function realOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The workspace folder to write into: an explicit one, the active editor's, the only one, or the user's pick. */
export async function chooseWorkspaceFolder(preferred?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (preferred) {
    const match = vscode.workspace.getWorkspaceFolder(preferred);
    if (match) return match;
  }
  if (folders.length === 1) return folders[0];
  if (folders.length === 0) return undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && vscode.workspace.getWorkspaceFolder(active);
  if (fromEditor) return fromEditor;
  return vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which workspace folder should the images go into?') });
}

/** A path relative to its workspace folder, with forward slashes (for links, messages and the gallery). */
export function relativeToFolder(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
}
