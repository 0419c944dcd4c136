// "Compare with the original" for an edit made outside the Studio (Explorer → Edit Image…): the
// Studio keeps the bytes it sent, but a palette edit has only its files, so the original is the
// input the edit's sidecar names, found among the files the edit was given.
import * as vscode from 'vscode';
import { readSidecar } from './sidecarReader';
import type { SavedImage } from './jobTypes';

/** The file `saved` was edited from: the first input image its sidecar names, among `inputs`; undefined for other jobs. */
export async function editedFrom(saved: SavedImage, inputs: readonly vscode.Uri[]): Promise<vscode.Uri | undefined> {
  const sidecar = await readSidecar(saved);
  // A variation through /edits (`route`) made a new picture, not an edit of this one.
  if (!sidecar || sidecar.endpoint !== 'edits' || sidecar.route !== undefined || !Array.isArray(sidecar.inputs)) return undefined;
  const first = (sidecar.inputs as unknown[]).find((i) => (i as { role?: unknown } | null)?.role === 'image') as
    { filename?: unknown } | undefined;
  if (typeof first?.filename !== 'string') return undefined;
  return inputs.find((u) => u.path.split('/').pop() === first.filename);
}

/** Opens VS Code's compare editor: the original on the left, the edit on the right. */
export async function compareWithOriginal(original: vscode.Uri, edited: vscode.Uri): Promise<void> {
  const name = (u: vscode.Uri): string => vscode.workspace.asRelativePath(u);
  await vscode.commands.executeCommand(
    'vscode.diff',
    original,
    edited,
    vscode.l10n.t('{original} ↔ {edited}', { original: name(original), edited: name(edited) }),
  );
}
