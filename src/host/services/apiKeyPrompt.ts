// The one place a job asks for a missing API key: a warning with "Set API Key", then the key
// again. Local compatible servers often need no key at all.
import * as vscode from 'vscode';
import type { ProviderConfig } from '../../core/types';
import type { ApiKeyStore } from './apiKeyStore';
import { UserFacingError } from './userFacingError';

/** The key for `provider`, asking the user to set one when there is none; throws when still none. */
export async function requireApiKey(keys: ApiKeyStore, provider: ProviderConfig): Promise<string> {
  let { key } = await keys.resolve();
  if (key) return key;
  if (provider.kind === 'compatible') return '';
  const setKey = vscode.l10n.t('Set API Key');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Image Studio needs an API key to call the Images API.'), setKey);
  if (choice === setKey) {
    await vscode.commands.executeCommand('imageStudio.setApiKey');
    ({ key } = await keys.resolve());
  }
  if (!key)
    throw new UserFacingError(vscode.l10n.t('No API key is set. Run "Image Studio: Set API Key", or set OPENAI_API_KEY.'), 'setApiKey');
  return key;
}
