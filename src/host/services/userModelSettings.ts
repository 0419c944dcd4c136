// The imageStudio.models setting: the user's model declarations, read from user settings only (a
// repository's settings cannot change what a model is believed to accept), checked with the same
// parser as the CLI's --models file, and registered for validation, pickers and the Studio.
import * as vscode from 'vscode';
import { ModelDeclarationError, parseModelDeclarations, registerUserModels } from '../../core/models/userModels';
import type { Log } from './log';

/** Reads and registers the declarations; returns the error shown, if any (then none are used). */
export function applyUserModels(log: Log): string | undefined {
  const value = vscode.workspace.getConfiguration('imageStudio').inspect<unknown>('models')?.globalValue;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    registerUserModels([]);
    return undefined;
  }
  try {
    const rows = registerUserModels(parseModelDeclarations(value, 'imageStudio.models'));
    log.info(`Model declarations: ${rows.map((r) => r.id).join(', ')}`);
    return undefined;
  } catch (e) {
    registerUserModels([]);
    const message =
      e instanceof ModelDeclarationError
        ? vscode.l10n.t('Image Studio: the setting {message}. No declared model is used until it is fixed.', { message: e.message })
        : String(e);
    log.error(message);
    void vscode.window.showErrorMessage(message, vscode.l10n.t('Open Settings')).then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
    });
    return message;
  }
}
