// The imageStudio.models setting: the user's model declarations, read from user settings only (a
// repository's settings cannot change what a model is believed to accept), checked with the same
// parser as the CLI's --models file, and made into the extension's model catalogue.
import * as vscode from 'vscode';
import { modelCatalogue, type ModelCatalogue } from '../../core/models/modelCatalogue';
import { ModelDeclarationError, parseModelDeclarations } from '../../core/models/userModels';
import type { Log } from './log';

/**
 * The extension's models: the table with the setting's declarations on top. One is made at
 * activation; `reload` builds a new catalogue when the setting changes, so a job that started
 * keeps the catalogue it started with.
 */
export class UserModelSettings {
  private current: ModelCatalogue = modelCatalogue();

  constructor(private readonly log: Log) {}

  /** The catalogue in force now. */
  get catalogue(): ModelCatalogue {
    return this.current;
  }

  /** Reads the declarations again; returns the error shown, if any (then none are used). */
  reload(): string | undefined {
    const value = vscode.workspace.getConfiguration('imageStudio').inspect<unknown>('models')?.globalValue;
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      this.current = modelCatalogue();
      return undefined;
    }
    try {
      this.current = modelCatalogue(parseModelDeclarations(value, 'imageStudio.models'));
      this.log.info(`Model declarations: ${this.current.userRows.map((r) => r.id).join(', ')}`);
      return undefined;
    } catch (e) {
      this.current = modelCatalogue();
      const message =
        e instanceof ModelDeclarationError
          ? vscode.l10n.t('Image Studio: the setting {message}. No declared model is used until it is fixed.', { message: e.message })
          : String(e);
      this.log.error(message);
      void vscode.window.showErrorMessage(message, vscode.l10n.t('Open Settings')).then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
      });
      return message;
    }
  }
}
