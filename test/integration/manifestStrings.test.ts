// VS Code reads the manifest's strings from package.nls.json: the titles and descriptions the
// extension host sees are the resolved text, never the %key% (on the oldest and newest VS Code).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support/extension';

describe('manifest strings resolved by VS Code (package.nls.json)', () => {
  it('shows command titles and setting descriptions from package.nls.json', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const nls = JSON.parse(readFileSync(join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const manifest = ext.packageJSON as {
      contributes: {
        commands: Array<{ command: string; title: string }>;
        configuration: Array<{ properties: Record<string, { markdownDescription?: string }> }>;
      };
    };
    const generate = manifest.contributes.commands.find((c) => c.command === 'imageStudio.generateImage');
    assert.equal(generate?.title, nls['command.generateImage.title']);
    for (const c of manifest.contributes.commands) assert.doesNotMatch(c.title, /%/, c.command);
    const provider = manifest.contributes.configuration.map((s) => s.properties['imageStudio.provider']).find(Boolean);
    assert.equal(provider?.markdownDescription, nls['config.provider.markdownDescription']);
  });
});
