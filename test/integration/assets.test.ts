// Project assets in the real extension host, through the Image Assets view's commands, against the
// fake Images API: the "Done when" (five assets: one resized, one from an input, one
// transparent), the review's Keep and Revert, diagnostics in the manifest editor, and Add to
// Image Assets from a generated image's sidecar.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readImageInfo } from '../../src/core/image/imageInfo';
import type { AssetBuildResult } from '../../src/host/assets/assetsCommands';
import type { GenerateImageResult } from '../../src/host/commands/generateImage';
import { eventually } from './support/extension';
import { fakeApiForSuite, readWorkspaceFile, TEST_KEY, workspaceFolder } from './support/fakeApi';

const DIR = 'assets-project';

interface Listed {
  manifest: string;
  path: string;
  state: string;
  description: string;
  contextValue: string;
}

const manifestText = (hero: string): string => `{
  // five assets: one resized, one from an input, one transparent
  "defaults": { "model": "gpt-image-2", "quality": "low" },
  "styles": { "pixel": "16-bit pixel art" },
  "assets": {
    "public/hero.png": { "prompt": "${hero}", "size": "1536x1024" },
    "assets/coin.png": { "prompt": "a gold coin", "style": "pixel", "background": "transparent" },
    "assets/icon.png": { "prompt": "an app icon", "resize": "64x64" },
    "assets/coin-night.png": { "prompt": "the same coin at night", "inputs": ["assets/coin.png"] },
    "docs/diagram.webp": { "prompt": "a flow diagram", "size": "1024x1536" }
  }
}
`;

const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const manifestUri = (): vscode.Uri => uri(`${DIR}/image-studio.json`);
const write = async (rel: string, text: string | Uint8Array): Promise<void> =>
  vscode.workspace.fs.writeFile(uri(rel), typeof text === 'string' ? new TextEncoder().encode(text) : text);
const list = async (): Promise<Listed[]> =>
  ((await vscode.commands.executeCommand<Listed[]>('imageStudio.assets.list')) ?? []).filter(
    (l) => l.manifest === manifestUri().toString(),
  );
const states = async (): Promise<string[]> => (await list()).map((l) => `${l.path} ${l.description}`);
const asset = (path: string) => ({ manifest: manifestUri(), path });
const size = async (rel: string): Promise<string> => {
  const info = readImageInfo(await readWorkspaceFile(`${DIR}/${rel}`));
  return `${info?.format} ${info?.width}x${info?.height}`;
};

describe('Image Assets view (fake Images API)', function () {
  this.timeout(90000);
  const api = fakeApiForSuite();
  const sent = (): number => api().requests.filter((r) => r.endpoint).length;

  before(async () => {
    await write(`${DIR}/image-studio.json`, manifestText('a lighthouse at dusk'));
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Later suites see the view without this project (its rows would push theirs out of sight).
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('builds every declared asset at its declared size, then nothing more; one changed prompt rebuilds one asset for review', async () => {
    assert.deepEqual(await states(), [
      'public/hero.png missing',
      'assets/coin.png missing',
      'assets/icon.png missing',
      'assets/coin-night.png missing',
      'docs/diagram.webp missing',
    ]);
    const all = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.buildAll');
    assert.equal(all.error, undefined);
    assert.deepEqual(all.failed, []);
    assert.deepEqual([...all.built].sort(), [
      'assets/coin-night.png',
      'assets/coin.png',
      'assets/icon.png',
      'docs/diagram.webp',
      'public/hero.png',
    ]);
    assert.equal(sent(), 5);
    assert.equal(await size('public/hero.png'), 'png 1536x1024');
    assert.equal(await size('assets/icon.png'), 'png 64x64');
    assert.equal(await size('docs/diagram.webp'), 'webp 1024x1536');
    for (const a of all.built) {
      const sidecar = new TextDecoder().decode(await readWorkspaceFile(`${DIR}/${a}.json`));
      assert.equal((JSON.parse(sidecar) as { asset: { path: string } }).asset.path, a);
      assert.ok(!sidecar.includes(TEST_KEY), 'a sidecar holds the key');
    }
    assert.deepEqual(await states(), [
      'public/hero.png up to date',
      'assets/coin.png up to date',
      'assets/icon.png up to date',
      'assets/coin-night.png up to date',
      'docs/diagram.webp up to date',
    ]);

    const again = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.buildAll');
    assert.deepEqual(again.built, []);
    assert.equal(sent(), 5, 'a second Build All sent requests');

    const before = await readWorkspaceFile(`${DIR}/public/hero.png`);
    await write(`${DIR}/image-studio.json`, manifestText('a lighthouse at dawn'));
    await eventually(
      async () => ((await states())[0] === 'public/hero.png stale' ? true : undefined),
      'the view to show the changed asset as stale',
    );
    const one = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.build', asset('public/hero.png'));
    assert.deepEqual(one.built, ['public/hero.png']);
    assert.equal(sent(), 6, 'changing one prompt rebuilt more than one asset');
    const hero = (await list())[0]!;
    assert.equal(hero.description, 'up to date · review');
    assert.match(hero.contextValue, /\.review$/);

    // Review: the previous and the rebuilt image side by side, then Revert puts the previous one back.
    const review = await vscode.commands.executeCommand<{ previous: string; current: string }>(
      'imageStudio.assets.review',
      asset('public/hero.png'),
    );
    assert.match(review.previous, /\.image-studio\/history\/public\/hero\.png\/\d{8}-\d{6}\.png$/);
    const tab = await eventually(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'the compare editor');
    // A compare editor of the two image files (VS Code does not expose a binary compare's input to
    // extensions, so its label is what can be checked).
    // VS Code 1.96 shows the title given to vscode.diff; later versions the two file names, the
    // previous one under a name that says what it is (not the history file's date stamp).
    assert.ok(
      /^hero \(previous, \d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}\)\.png ↔ hero\.png$/.test(tab.label) ||
        tab.label === 'public/hero.png: previous ↔ now',
      `the active tab is ${tab.label}`,
    );
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(review.previous, true))), Buffer.from(before));
    await vscode.commands.executeCommand('imageStudio.assets.revert', asset('public/hero.png'));
    assert.deepEqual(
      Buffer.from(await readWorkspaceFile(`${DIR}/public/hero.png`)),
      Buffer.from(before),
      'Revert did not restore the previous image',
    );
    assert.equal((await list())[0]!.description, 'stale', 'the reverted asset should be stale again (its spec changed)');

    // Rebuild and Keep: the previous version leaves the history.
    await vscode.commands.executeCommand('imageStudio.assets.build', asset('public/hero.png'));
    const kept = await vscode.commands.executeCommand<{ previous: string }>('imageStudio.assets.review', asset('public/hero.png'));
    await vscode.commands.executeCommand('imageStudio.assets.keep', asset('public/hero.png'));
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.parse(kept.previous, true))),
      'Keep left the previous version',
    );
    assert.equal((await list())[0]!.description, 'up to date');
  });

  it('leaves a hand-made file alone on Build All; Rebuild replaces it and keeps it in the history', async () => {
    const handMade = new TextEncoder().encode('my own icon');
    await write(`${DIR}/assets/icon.png`, handMade);
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
    assert.equal((await list()).find((l) => l.path === 'assets/icon.png')?.description, 'changed by hand');
    const count = sent();
    const all = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.buildAll');
    assert.deepEqual(all.built, []);
    assert.ok(all.skipped.some((s) => s.path === 'assets/icon.png' && /changed by hand/.test(s.reason)));
    assert.deepEqual(Buffer.from(await readWorkspaceFile(`${DIR}/assets/icon.png`)), Buffer.from(handMade));
    assert.equal(sent(), count);
    const rebuilt = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.rebuild', asset('assets/icon.png'));
    assert.deepEqual(rebuilt.built, ['assets/icon.png']);
    assert.equal(await size('assets/icon.png'), 'png 64x64');
    const history = await vscode.workspace.fs.readDirectory(uri(`${DIR}/.image-studio/history/assets/icon.png`));
    const file = history.find(([name]) => name.endsWith('.png'))!;
    assert.equal(
      new TextDecoder().decode(await readWorkspaceFile(`${DIR}/.image-studio/history/assets/icon.png/${file[0]}`)),
      'my own icon',
    );
  });

  it('underlines invalid entries in the manifest editor', async () => {
    await write(`${DIR}/image-studio.json`, manifestText('a lighthouse at dawn').replace('"size": "1024x1536"', '"size": "13x7"'));
    const doc = await vscode.workspace.openTextDocument(manifestUri());
    await vscode.window.showTextDocument(doc);
    const diagnostics = await eventually(() => {
      const d = vscode.languages.getDiagnostics(manifestUri()).filter((x) => x.source === 'Image Studio');
      return d.length ? d : undefined;
    }, 'diagnostics on the manifest');
    assert.match(diagnostics[0]!.message, /does not accept size '13x7'/);
    assert.equal(doc.getText(diagnostics[0]!.range), '"13x7"');
    assert.equal(doc.languageId, 'jsonc', 'the manifest does not open as JSON with comments');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', manifestUri());
    assert.ok(
      lenses.some((l) => l.command?.command === 'imageStudio.assets.rebuild'),
      'no Rebuild CodeLens',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write(`${DIR}/image-studio.json`, manifestText('a lighthouse at dawn'));
  });

  it('Add to Image Assets declares a generated image from its sidecar, up to date at once', async () => {
    const generated = await vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', {
      prompt: 'a red kite',
      model: 'gpt-image-2',
      size: '1024x1024',
      quality: 'low',
      outputFolder: `${DIR}/images`,
    });
    assert.equal(generated.error, undefined);
    const rel = generated.saved[0]!;
    const added = await vscode.commands.executeCommand<{ path: string; entry: Record<string, unknown>; error?: string }>(
      'imageStudio.assets.add',
      uri(rel),
    );
    assert.equal(added.error, undefined);
    assert.equal(added.path, rel.slice(DIR.length + 1));
    assert.deepEqual(added.entry, { prompt: 'a red kite', size: '1024x1024' });
    const text = new TextDecoder().decode(await readWorkspaceFile(`${DIR}/image-studio.json`));
    assert.match(text, /\/\/ five assets/, 'the manifest lost its comment');
    assert.ok(
      text.includes('"docs/diagram.webp": { "prompt": "a flow diagram", "size": "1024x1536" },\n'),
      `the entry before the new one was reformatted:\n${text}`,
    );
    assert.equal((await list()).find((l) => l.path === added.path)?.state, 'up-to-date');
    const count = sent();
    await vscode.commands.executeCommand('imageStudio.assets.buildAll');
    assert.equal(sent(), count, 'the promoted asset was rebuilt');
  });

  it('Add to Image Assets keeps the quality the image was made with where the default differs', async () => {
    // Made with the quality left to the model (auto); the manifest's default is "low".
    const generated = await vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', {
      prompt: 'a paper boat',
      model: 'gpt-image-2',
      size: '1024x1024',
      outputFolder: `${DIR}/images`,
    });
    const rel = generated.saved[0]!;
    const added = await vscode.commands.executeCommand<{ path: string; entry: Record<string, unknown>; error?: string }>(
      'imageStudio.assets.add',
      uri(rel),
    );
    assert.equal(added.error, undefined);
    assert.deepEqual(added.entry, { prompt: 'a paper boat', size: '1024x1024', quality: 'auto' });
    const text = new TextDecoder().decode(await readWorkspaceFile(`${DIR}/image-studio.json`));
    assert.match(
      text,
      new RegExp(
        `"${added.path.replace(/[.]/g, '\\.')}": \\{\\n\\s+"prompt": "a paper boat",\\n\\s+"size": "1024x1024",\\n\\s+"quality": "auto"\\n\\s+\\}`,
      ),
    );
    // Up to date because the entry says what the image is, not because the default was taken for it.
    assert.equal((await list()).find((l) => l.path === added.path)?.state, 'up-to-date');
    const count = sent();
    await vscode.commands.executeCommand('imageStudio.assets.buildAll');
    assert.equal(sent(), count, 'the promoted asset was rebuilt');
  });
});
