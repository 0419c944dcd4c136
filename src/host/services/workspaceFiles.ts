// Workspace files the commands and the Studio both resolve: arguments that name a file inside the
// workspace, image and mask names, and the mask stored next to an image by convention.
import * as vscode from 'vscode';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp)$/i;

/**
 * Turns an argument (a Uri, or a string path relative to the first workspace folder, or a
 * file: URI string) into a Uri inside the workspace. Arguments may come from a repository's own
 * tasks.json, so a path outside every workspace folder is refused rather than read and uploaded.
 */
export function workspaceUriFromArg(value: unknown): vscode.Uri | undefined {
  let uri: vscode.Uri | undefined;
  if (value instanceof vscode.Uri) uri = value;
  else if (typeof value === 'string' && value.trim()) {
    const text = value.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) uri = vscode.Uri.parse(text, true);
    else {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return undefined;
      if (text.startsWith('/') || /^[a-z]:[\\/]/i.test(text)) uri = vscode.Uri.file(text);
      else uri = vscode.Uri.joinPath(folder.uri, ...text.split(/[\\/]+/).filter((s) => s && s !== '.'));
    }
  }
  if (!uri) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  // getWorkspaceFolder matches by prefix; a `..` segment could still climb out.
  return uri.path.startsWith(base) && !uri.path.split('/').includes('..') ? uri : undefined;
}

/** True for names the Explorer menus offer the commands on. */
export function isImageName(uri: vscode.Uri): boolean {
  return IMAGE_EXTENSIONS.test(uri.path);
}

/** A conventional mask name among the selection or next to the image (`name.mask.png`, `name-mask.png`, `name_mask.png`). */
export function isMaskName(uri: vscode.Uri): boolean {
  return /[._-]mask\.png$/i.test(uri.path);
}

/** The mask file stored next to an image by convention, if it exists. */
export async function conventionalMask(image: vscode.Uri): Promise<vscode.Uri | undefined> {
  const stem = image.path.replace(/\.[^./]+$/, '');
  for (const suffix of ['.mask.png', '-mask.png', '_mask.png']) {
    const candidate = image.with({ path: `${stem}${suffix}` });
    try {
      await vscode.workspace.fs.stat(candidate);
      return candidate;
    } catch {
      /* not there */
    }
  }
  return undefined;
}
