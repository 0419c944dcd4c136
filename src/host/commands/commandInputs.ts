import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';

/** Uris from an Explorer invocation: (clicked, selection) with the selection winning when it has several. */
export function explorerSelection(clicked: unknown, selected: unknown): vscode.Uri[] {
  if (Array.isArray(selected) && selected.length > 0 && selected.every((u) => u instanceof vscode.Uri)) return selected as vscode.Uri[];
  if (clicked instanceof vscode.Uri) return [clicked];
  return [];
}

/** Asks for image files with the open dialog (palette invocation without a selection). */
export async function pickImageFiles(title: string, canSelectMany: boolean): Promise<vscode.Uri[]> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectMany,
    canSelectFolders: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] },
  });
  return picked ?? [];
}

/** The outcome of reading command arguments: parsed, or refused with a message already shown. */
export type ParsedArgs<T> = { ok: true; args: T | undefined } | { ok: false; error: string };

/** Runs an argument parser; a refusal (a path outside the workspace, say) is shown and returned, not thrown. */
export function parseCommandArgs<T>(parse: () => T | undefined): ParsedArgs<T> {
  try {
    return { ok: true, args: parse() };
  } catch (err) {
    const error = errorMessage(err);
    void vscode.window.showErrorMessage(error);
    return { ok: false, error };
  }
}
