import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './support/extension';

describe('contributed commands', () => {
  it('registers every command the manifest contributes, each with the Image Studio category', async () => {
    const ext = await activateExtension();
    const contributed = ext.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 6, 'the manifest lists the commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], 'contributed but not registered');
    for (const c of contributed) assert.equal(c.category, 'Image Studio', `${c.command} category`);
  });

  it('declares limited untrusted-workspace support that restricts every setting deciding where the key goes', async () => {
    const ext = await activateExtension();
    const manifest = ext.packageJSON;
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const properties = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<
      string,
      { scope?: string }
    >;
    for (const key of [
      'imageStudio.provider',
      'imageStudio.baseUrl',
      'imageStudio.azure.endpoint',
      'imageStudio.organization',
      'imageStudio.project',
    ]) {
      assert.ok(restricted.includes(key), `${key} is restricted`);
      assert.equal(properties[key]?.scope, 'application', `${key} is user-level only`);
    }
    assert.ok(!manifest.activationEvents.includes('*'), 'no eager activation');
  });
});
