import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, eventually } from './support/extension';
import { filesContaining, imageStudioLogFiles, userDataDir } from './support/logFiles';

// Looks like a key, is unique to this run, and is searched for everywhere afterwards.
const CANARY = `sk-canary-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

describe('API key commands', () => {
  before(activateExtension);
  after(() => vscode.commands.executeCommand('imageStudio.clearApiKey'));

  it('round-trips a key through SecretStorage: set, then read back as the key in use, then clear', async () => {
    const set = await vscode.commands.executeCommand<{ source: string; changed: boolean }>('imageStudio.setApiKey', `  ${CANARY}\n`);
    assert.deepEqual(set, { source: 'secretStorage', changed: true });

    const cleared = await vscode.commands.executeCommand<{ source: string; changed: boolean }>('imageStudio.clearApiKey');
    assert.deepEqual(cleared, { source: 'none', changed: true }, 'no environment fallback in the test host');

    const again = await vscode.commands.executeCommand<{ source: string; changed: boolean }>('imageStudio.setApiKey', CANARY);
    assert.equal(again.source, 'secretStorage');
  });

  it('refuses a value that cannot be a key and keeps the stored one', async () => {
    await vscode.commands.executeCommand('imageStudio.setApiKey', CANARY);
    const refused = await vscode.commands.executeCommand<{ source: string; changed: boolean }>('imageStudio.setApiKey', 'two words');
    assert.deepEqual(refused, { source: 'secretStorage', changed: false });
  });

  it('writes what happened to the Image Studio log, and never the key, nor to any file of the profile', async () => {
    await vscode.commands.executeCommand('imageStudio.setApiKey', CANARY);
    const logText = await eventually(() => {
      const text = imageStudioLogFiles(userDataDir())
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      return text.includes('API key stored') ? text : undefined;
    }, 'the Image Studio log to record the stored key');
    assert.ok(!logText.includes(CANARY), 'the log contains the key');
    assert.deepEqual(filesContaining(userDataDir(), CANARY), [], 'files in the profile contain the key');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('imageStudio'));
    assert.ok(!settings.includes(CANARY), 'a setting contains the key');
  });
});
