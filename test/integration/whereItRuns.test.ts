// Remote (SSH, WSL, containers) and Codespaces put the extension host on another machine than the
// UI. code-server is such a split: the workbench runs in the browser, this extension host on the
// server. The manifest says the extension runs on the workspace side (extensionKind), and VS Code
// must place it there; the other suites then exercise workspace.fs, SecretStorage and the
// webview's resources across that split.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support/extension';

describe('where Image Studio runs (extensionKind, remote extension host)', () => {
  it('declares the workspace side, and this VS Code runs it there, across a UI/host split', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    assert.deepEqual((ext.packageJSON as { extensionKind?: string[] }).extensionKind, ['workspace']);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      // The browser workbench talks to this host over a remote connection.
      assert.ok(vscode.env.remoteName, 'code-server runs the extension host as a remote');
    }
  });

  it("reaches the UI side's clipboard from the workspace side (Copy path in the Studio uses it)", async () => {
    const text = `images/where-it-runs-${process.pid}.png`;
    await vscode.env.clipboard.writeText(text);
    assert.equal(await vscode.env.clipboard.readText(), text);
  });
});
