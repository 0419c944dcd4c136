// How a finished image is shown. A result arrives while the user may be typing elsewhere: it must
// never move the focus (a run that ended during typing lost 6 of 8 keystrokes to the image
// preview). `imageStudio.openResults` chooses between a preview beside the editor that keeps the
// focus where it is, and a notification with an Open button (nothing opens by itself).
import * as vscode from 'vscode';

/** The choices of `imageStudio.openResults`. */
export type OpenResults = 'beside' | 'notify';

/** The user's choice; anything else reads as the default, "beside". */
export function readOpenResults(scope?: vscode.Uri): OpenResults {
  return vscode.workspace.getConfiguration('imageStudio', scope).get<unknown>('openResults') === 'notify' ? 'notify' : 'beside';
}

/** Opens an image in a preview beside the active editor, leaving the focus (and the keyboard) where it is. */
export async function previewBeside(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

/** A button offered with the result (e.g. Compare with the original). */
export interface ResultAction {
  label: string;
  run(): void;
}

/**
 * Shows a finished image the way the setting says, together with `message` (what was saved):
 * "beside" previews it without focus and says the message; "notify" says the message with an
 * Open button and opens nothing until it is pressed. Without a message (another notification
 * says what happened), "notify" leaves the image to the Studio's gallery. `actions` are offered
 * beside the message either way.
 */
export async function announceResult(uri: vscode.Uri, message?: string, actions: readonly ResultAction[] = []): Promise<void> {
  const offer = (...buttons: ResultAction[]): void => {
    if (!message) return;
    void vscode.window.showInformationMessage(message, ...buttons.map((b) => b.label)).then((choice) => {
      buttons.find((b) => b.label === choice)?.run();
    });
  };
  if (readOpenResults(uri) === 'beside') {
    await previewBeside(uri);
    return offer(...actions);
  }
  const open: ResultAction = {
    label: vscode.l10n.t('Open'),
    run: () => void vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: true }),
  };
  offer(open, ...actions);
}
