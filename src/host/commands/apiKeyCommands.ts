import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { describeKeySource, type ApiKeySource, type ApiKeyStore } from '../services/apiKeyStore';
import type { Log } from '../services/log';

/** What the key commands return, so tasks, keybindings and tests can see the outcome (never the key). */
export interface ApiKeyCommandResult {
  source: ApiKeySource;
  changed: boolean;
}

const KEY_SHAPE = /^\S{8,512}$/;

/** Why a key can't be right, or undefined when it may be. */
export function validateKeyShape(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return vscode.l10n.t('Enter the API key, or press Escape to cancel.');
  if (!KEY_SHAPE.test(trimmed)) return vscode.l10n.t('An API key is one word of 8 to 512 characters, without spaces.');
  return undefined;
}

/**
 * `Image Studio: Set API Key`. With a string argument (from a task, a keybinding or a test) it
 * stores that key without asking; otherwise it asks in a password box.
 */
export async function setApiKey(store: ApiKeyStore, log: Log, keyArgument?: unknown): Promise<ApiKeyCommandResult> {
  let key = typeof keyArgument === 'string' ? keyArgument : undefined;
  if (key !== undefined) {
    const problem = validateKeyShape(key);
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Image Studio: the API key was not stored. {problem}', { problem }));
      return { source: (await store.resolve()).source, changed: false };
    }
  } else {
    key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Image Studio: Set API Key'),
      prompt: vscode.l10n.t(
        'Your OpenAI (or Azure OpenAI, or compatible server) API key. It is kept in VS Code SecretStorage, never in settings.',
      ),
      placeHolder: 'sk-…', // l10n-ignore: the shape of a key, not words
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKeyShape,
    });
    if (key === undefined) return { source: (await store.resolve()).source, changed: false };
  }
  try {
    await store.store(key);
  } catch (err) {
    log.error(`Storing the API key in SecretStorage failed: ${errorMessage(err)}`);
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t(
          'Image Studio could not store the key in SecretStorage (is the system keyring locked or missing?). You can set the OPENAI_API_KEY environment variable instead.',
        ),
        vscode.l10n.t('Open Log'),
      )
      .then((choice) => {
        if (choice) log.show();
      });
    return { source: (await store.resolve()).source, changed: false };
  }
  const { source } = await store.resolve();
  log.info(`API key stored; the key in use now comes from ${describeKeySource(source)}.`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Image Studio: API key saved in {place}.', { place: describeKeySource(source) }));
  return { source, changed: true };
}

/** `Image Studio: Clear API Key`: deletes the stored key and says what is used from now on. */
export async function clearApiKey(store: ApiKeyStore, log: Log): Promise<ApiKeyCommandResult> {
  try {
    await store.clear();
  } catch (err) {
    log.error(`Deleting the API key from SecretStorage failed: ${errorMessage(err)}`);
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Image Studio could not delete the key from SecretStorage.'), vscode.l10n.t('Open Log'))
      .then((choice) => {
        if (choice) log.show();
      });
    return { source: (await store.resolve()).source, changed: false };
  }
  const { source } = await store.resolve();
  const after =
    source === 'environment'
      ? vscode.l10n.t('The OPENAI_API_KEY environment variable is still used.')
      : vscode.l10n.t('No key is set; run "Image Studio: Set API Key" to add one.');
  log.info(`API key removed from SecretStorage; the key in use now comes from ${describeKeySource(source)}.`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Image Studio: API key removed from SecretStorage. {after}', { after }));
  return { source, changed: true };
}
