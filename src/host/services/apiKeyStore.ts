import * as vscode from 'vscode';
import type { Log } from './log';
import { errorMessage } from '../../core/errorMessage';

const SECRET_KEY = 'imageStudio.apiKey';

/** Where the key in use comes from, for status messages (never the key itself). */
export type ApiKeySource = 'secretStorage' | 'environment' | 'none';

/** The key and where it came from. */
export interface ResolvedApiKey {
  key: string | undefined;
  source: ApiKeySource;
}

/**
 * The API key lives in VS Code SecretStorage and nowhere else we write; `OPENAI_API_KEY` from the
 * environment is the conventional fallback (headless Linux without a keyring loses stored
 * secrets at restart, so users there rely on it).
 */
export class ApiKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The key to use now, SecretStorage first. */
  async resolve(): Promise<ResolvedApiKey> {
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(SECRET_KEY);
    } catch (err) {
      // A locked or broken keyring must not stop the environment fallback.
      this.log.warn(`Could not read the API key from SecretStorage: ${errorMessage(err)}`);
    }
    if (stored) {
      this.log.addSecret(stored);
      return { key: stored, source: 'secretStorage' };
    }
    const fromEnv = this.env.OPENAI_API_KEY?.trim();
    if (fromEnv) {
      this.log.addSecret(fromEnv);
      return { key: fromEnv, source: 'environment' };
    }
    return { key: undefined, source: 'none' };
  }

  /** Stores a key; whitespace around it (from pasting) is dropped. */
  async store(key: string): Promise<void> {
    const trimmed = key.trim();
    this.log.addSecret(trimmed);
    await this.secrets.store(SECRET_KEY, trimmed);
  }

  /** Deletes the stored key (the environment fallback, if any, stays in effect). */
  async clear(): Promise<void> {
    // The log keeps redacting the old key for this session: late error text may still echo it.
    await this.secrets.delete(SECRET_KEY);
  }

  /** Fires when the stored key changes in this or another window. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) listener();
    });
  }
}

/** Human words for a key source. */
export function describeKeySource(source: ApiKeySource): string {
  switch (source) {
    case 'secretStorage':
      return vscode.l10n.t('VS Code SecretStorage');
    case 'environment':
      return vscode.l10n.t('the OPENAI_API_KEY environment variable');
    case 'none':
      return vscode.l10n.t('nowhere (no key is set)');
  }
}
