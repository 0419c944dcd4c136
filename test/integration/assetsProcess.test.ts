// Issue 22 in the real extension host, against the fake Images API: an asset with a chain of steps
// built through the view (run in the image worker), a change to its steps re-processed with no
// request, a failing gate marked in the Image Assets view and underlined in the manifest editor,
// "Accept as Up to Date" for a reworded prompt (no request), and Build All's estimate.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readImageInfo } from '../../src/core/image/imageInfo';
import type { AssetBuildResult } from '../../src/host/assets/assetsCommands';
import { eventually } from './support/extension';
import { fakeApiForSuite, readWorkspaceFile, workspaceFolder } from './support/fakeApi';

const DIR = 'assets-process';

interface Listed {
  manifest: string;
  path: string;
  state: string;
  description: string;
  contextValue: string;
}

const manifestText = (pad: number, coin = 'a gold coin'): string => `{
  "defaults": { "model": "gpt-image-2", "quality": "low", "size": "1024x1024" },
  "assets": {
    "sprites/coin.png": {
      "prompt": "${coin} on a flat #00ff00 background",
      "process": [{ "removeBackground": { "color": "#00ff00" } }, { "trim": {} }, { "pad": ${pad} }, { "resize": { "size": "48x48", "fit": "contain" } }],
      "checks": { "size": "48x48", "alpha": true }
    },
    "icons/app.png": { "prompt": "an app icon", "resize": "32x32", "checks": { "maxKB": 0.5 } }
  }
}
`;

const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const manifestUri = (): vscode.Uri => uri(`${DIR}/image-studio.json`);
const write = async (rel: string, text: string): Promise<void> => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
const list = async (): Promise<Listed[]> =>
  ((await vscode.commands.executeCommand<Listed[]>('imageStudio.assets.list')) ?? []).filter(
    (l) => l.manifest === manifestUri().toString(),
  );
const item = async (path: string): Promise<Listed | undefined> => (await list()).find((l) => l.path === path);
const asset = (path: string) => ({ manifest: manifestUri(), path });

describe('Image Assets view: processing steps, checks and accept (fake Images API)', function () {
  this.timeout(90000);
  const api = fakeApiForSuite();
  const sent = (): number => api().requests.filter((r) => r.endpoint).length;

  before(async () => {
    await write(`${DIR}/image-studio.json`, manifestText(2));
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('builds through the steps, marks the asset failing its gate, underlines it, and re-processes a changed chain with no request', async () => {
    const built = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.buildAll', { mode: 'interactive' });
    assert.equal(built.error, undefined);
    assert.deepEqual([...built.built].sort(), ['icons/app.png', 'sprites/coin.png']);
    assert.match(built.warnings.join(' '), /icons\/app\.png fails its checks: file_too_large/);
    assert.equal(sent(), 2);
    const info = readImageInfo(await readWorkspaceFile(`${DIR}/sprites/coin.png`));
    assert.equal(`${info?.width}x${info?.height}`, '48x48');
    await readWorkspaceFile(`${DIR}/.image-studio/raw/sprites/coin.png`);

    const icon = await eventually(async () => {
      const i = await item('icons/app.png');
      return i?.contextValue.includes('failing') ? i : undefined;
    }, 'the view to mark the failing asset');
    assert.equal(icon.description, 'up to date · fails 1 check(s)');
    assert.equal((await item('sprites/coin.png'))?.description, 'up to date');

    const doc = await vscode.workspace.openTextDocument(manifestUri());
    await vscode.window.showTextDocument(doc);
    const underline = await eventually(() => {
      const d = vscode.languages.getDiagnostics(manifestUri()).filter((x) => x.code === 'file_too_large');
      return d.length ? d[0] : undefined;
    }, 'the failing gate underlined in the manifest');
    assert.equal(doc.getText(underline.range), '"icons/app.png"');
    assert.match(underline.message, /the limit is 0\.5 KB/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await write(`${DIR}/image-studio.json`, manifestText(6));
    await eventually(
      async () => ((await item('sprites/coin.png'))?.state === 'stale' ? true : undefined),
      'the changed chain to show stale',
    );
    const again = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.build', asset('sprites/coin.png'));
    assert.deepEqual(again.built, ['sprites/coin.png']);
    assert.equal(sent(), 2, 're-processing the changed chain sent a request');
    const sidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${DIR}/sprites/coin.png.json`))) as {
      reprocessed?: { from: string };
    };
    assert.equal(sidecar.reprocessed?.from, 'raw');
  });

  it('Accept as Up to Date makes a reworded prompt up to date with no request', async () => {
    await write(`${DIR}/image-studio.json`, manifestText(6, 'a shiny gold coin'));
    await eventually(
      async () => ((await item('sprites/coin.png'))?.state === 'stale' ? true : undefined),
      'the reworded asset to show stale',
    );
    const before = sent();
    const done = await vscode.commands.executeCommand<{ accepted: boolean }>('imageStudio.assets.accept', asset('sprites/coin.png'));
    assert.equal(done.accepted, true);
    assert.equal((await item('sprites/coin.png'))?.state, 'up-to-date');
    assert.equal(sent(), before, 'accept sent a request');
  });
});
