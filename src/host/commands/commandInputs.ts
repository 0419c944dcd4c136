import * as vscode from 'vscode';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp)$/i;

/** Uris from an Explorer invocation: (clicked, selection) with the selection winning when it has several. */
export function explorerSelection(clicked: unknown, selected: unknown): vscode.Uri[] {
  if (Array.isArray(selected) && selected.length > 0 && selected.every((u) => u instanceof vscode.Uri)) return selected as vscode.Uri[];
  if (clicked instanceof vscode.Uri) return [clicked];
  return [];
}

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

/** Asks for image files with the open dialog (palette invocation without a selection). */
export async function pickImageFiles(title: string, canSelectMany: boolean): Promise<vscode.Uri[]> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectMany,
    canSelectFolders: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] },
  });
  return picked ?? [];
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

/** The outcome of reading command arguments: parsed, or refused with a message already shown. */
export type ParsedArgs<T> = { ok: true; args: T | undefined } | { ok: false; error: string };

/** Runs an argument parser; a refusal (a path outside the workspace, say) is shown and returned, not thrown. */
export function parseCommandArgs<T>(parse: () => T | undefined): ParsedArgs<T> {
  try {
    return { ok: true, args: parse() };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(error);
    return { ok: false, error };
  }
}
