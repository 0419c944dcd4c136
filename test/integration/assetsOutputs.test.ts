// Project assets in the real extension host, beyond the "Done when" suite: "Add to Image Assets"
// from a Studio gallery card (entry from the sidecar, comments kept, a declared path asks before
// anything is replaced), "sizes" built through the view, and an "n" candidate picked in review
// and reverted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HostCalendar } from '../../src/host/services/hostCalendar';
import { parseManifest } from '../../src/core/assets/manifest';
import { readImageInfo } from '../../src/core/image/imageInfo';
import type { AssetBuildResult } from '../../src/host/assets/assetsCommands';
import type { GenerateImageResult } from '../../src/host/commands/generateImage';
import type { SavedImage } from '../../src/host/services/jobTypes';
import type { Log } from '../../src/host/services/log';
import { StudioController, type StudioPanel } from '../../src/host/studio/studioPanel';
import { activateExtension, EXTENSION_ID, eventually } from './support/extension';
import { fakeApiForSuite, readWorkspaceFile, workspaceFolder } from './support/fakeApi';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const DIR = 'assets-outputs';
const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const manifestUri = (): vscode.Uri => uri(`${DIR}/image-studio.json`);
const write = async (rel: string, text: string): Promise<void> => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
const readText = async (rel: string): Promise<string> => new TextDecoder().decode(await readWorkspaceFile(rel));
const asset = (path: string, extra: Record<string, unknown> = {}) => ({ manifest: manifestUri(), path, ...extra });
const size = async (rel: string): Promise<string> => {
  const info = readImageInfo(await readWorkspaceFile(`${DIR}/${rel}`));
  return `${info?.width}x${info?.height}`;
};
const MANIFEST = `{
  // hand-written: this comment must survive
  "defaults": { "model": "gpt-image-2", "quality": "low" },
  "assets": {
    "icons/app.png": { "prompt": "an app icon", "resize": "128x128", "sizes": { "icons/app-32.png": "32x32" } },
    "art/hero.png": { "prompt": "a lighthouse", "n": 2, "resize": "96x96" }
  }
}
`;

describe('Image Assets: Add from the Studio, sizes, candidates (fake Images API)', function () {
  this.timeout(90000);
  const api = fakeApiForSuite();
  const sent = (): number => api().requests.filter((r) => r.endpoint).length;

  before(async () => {
    await activateExtension();
    await write(`${DIR}/image-studio.json`, MANIFEST);
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('builds every size of one generation through the view, and picks a candidate for review', async () => {
    const built = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.buildAll');
    assert.equal(built.error, undefined);
    assert.deepEqual([...built.built].sort(), ['art/hero.png', 'icons/app.png']);
    assert.equal(sent(), 2, 'one request per asset');
    assert.deepEqual(
      [await size('icons/app.png'), await size('icons/app-32.png'), await size('art/hero.png')],
      ['128x128', '32x32', '96x96'],
    );
    assert.deepEqual(built.candidates, [{ path: 'art/hero.png', count: 1 }]);
    const candidates = (await vscode.workspace.fs.readDirectory(uri(`${DIR}/.image-studio/candidates/art/hero.png`)))
      .map(([n]) => n)
      .filter((n) => n.endsWith('.png'));
    assert.equal(candidates.length, 1);
    const before = await readWorkspaceFile(`${DIR}/art/hero.png`);
    const candidate = uri(`${DIR}/.image-studio/candidates/art/hero.png/${candidates[0]!}`).toString();
    const picked = await vscode.commands.executeCommand<{ picked?: string; previous?: string; error?: string }>(
      'imageStudio.assets.pickCandidate',
      asset('art/hero.png', { candidate }),
    );
    assert.equal(picked.error, undefined);
    assert.equal(await size('art/hero.png'), '96x96');
    assert.notDeepEqual(await readWorkspaceFile(`${DIR}/art/hero.png`), before, 'the candidate is not at the path');
    const listed =
      await vscode.commands.executeCommand<Array<{ manifest: string; path: string; description: string }>>('imageStudio.assets.list');
    assert.equal(
      listed.find((l) => l.manifest === manifestUri().toString() && l.path === 'art/hero.png')?.description,
      'up to date · review',
    );
    await vscode.commands.executeCommand('imageStudio.assets.revert', asset('art/hero.png'));
    assert.deepEqual(await readWorkspaceFile(`${DIR}/art/hero.png`), before, 'Revert did not put the first choice back');
    const again = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.buildAll');
    assert.deepEqual(again.built, []);
    assert.equal(sent(), 2);
  });

  describe('Add to Image Assets from a gallery card', () => {
    let controller: StudioController;
    let panel: StudioPanel;
    let replies: Array<{ inReplyTo?: number; body: { type: string; status?: string; message?: string } }>;
    let image: SavedImage;
    let answer: string | undefined;
    const asked: string[] = [];
    const original = vscode.window.showWarningMessage;

    before(async () => {
      const generated = await vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', {
        prompt: 'a paper kite',
        model: 'gpt-image-2',
        size: '1024x1536',
        quality: 'low',
        outputFolder: `${DIR}/gallery`,
      });
      assert.equal(generated.error, undefined);
      const rel = generated.saved[0]!;
      image = {
        id: 'img-card-1',
        uri: uri(rel),
        relativePath: rel,
        sidecarUri: uri(`${rel}.json`),
        index: 0,
        format: 'png',
        prompt: 'a paper kite',
        model: 'gpt-image-2',
        route: 'generations',
      };
      const memory = new Map<string, unknown>();
      controller = new StudioController({
        extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
        log: { info: () => {}, debug: () => {}, error: () => {}, warn: () => {} } as unknown as Log,
        memento: {
          get: (k: string) => memory.get(k),
          update: async (k: string, v: unknown) => {
            memory.set(k, v);
          },
          keys: () => [...memory.keys()],
        } as vscode.Memento,
        generation: {
          generate: async () => ({ saved: [], failures: [], cancelled: false, warnings: [] }),
          readDetails: async () => undefined,
          calendar: new HostCalendar(process.env),
          models: BUILT_IN_MODELS,
        },
      });
      panel = controller.createOrShow();
      controller.showResults([image], 'a paper kite');
      replies = [];
      const webview = panel.panel.webview as { postMessage(m: unknown): Thenable<boolean> };
      const real = webview.postMessage.bind(webview);
      webview.postMessage = (m: unknown) => {
        replies.push(m as (typeof replies)[number]);
        return real(m);
      };
      // The modal question stands in for the user's click (the question itself is what is checked).
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string) => {
        asked.push(message);
        return answer;
      };
    });
    after(() => {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
      controller.dispose();
    });

    const add = async (messageId: number): Promise<{ status?: string; message?: string }> => {
      assert.equal(await panel.receive({ messageId, body: { type: 'addToAssets', resultId: image.id } }), true);
      // High ids: the real page in this panel numbers its own requests from 1.
      return (await eventually(() => replies.find((r) => r.inReplyTo === messageId && r.body.type === 'actionResult'), 'the reply')).body;
    };

    it('writes the entry from the sidecar into the nearest manifest, keeping its comments; up to date at once', async () => {
      const reply = await add(9001);
      assert.equal(reply.status, 'done', reply.message);
      assert.equal(reply.message, `Added gallery/${image.relativePath.split('/').pop()} to ${DIR}/image-studio.json.`);
      const text = await readText(`${DIR}/image-studio.json`);
      assert.match(text, /\/\/ hand-written: this comment must survive/);
      const path = image.relativePath.slice(DIR.length + 1);
      assert.deepEqual(parseManifest(BUILT_IN_MODELS, text).manifest.assets[path], { prompt: 'a paper kite', size: '1024x1536' });
      assert.deepEqual(asked, [], 'a new path asked a question');
      const listed =
        await vscode.commands.executeCommand<Array<{ manifest: string; path: string; state: string }>>('imageStudio.assets.list');
      assert.equal(listed.find((l) => l.manifest === manifestUri().toString() && l.path === path)?.state, 'up-to-date');
    });

    it('a path already declared gets a clear question: no answer keeps the entry, Replace Entry replaces only it', async () => {
      const path = image.relativePath.slice(DIR.length + 1);
      const declared = (await readText(`${DIR}/image-studio.json`)).replace('"prompt": "a paper kite"', '"prompt": "my own words"');
      await write(`${DIR}/image-studio.json`, declared);
      answer = undefined;
      const kept = await add(9002);
      assert.equal(kept.status, 'notAvailable');
      assert.match(
        asked[0] ?? '',
        new RegExp(`^${path.replace(/[.]/g, '\\.')} is already an asset of ${DIR}/image-studio\\.json\\. Replace its entry`),
      );
      assert.equal(await readText(`${DIR}/image-studio.json`), declared, 'the manifest changed without a yes');
      answer = 'Replace Entry';
      const replaced = await add(9003);
      assert.equal(replaced.status, 'done', replaced.message);
      const text = await readText(`${DIR}/image-studio.json`);
      assert.equal(parseManifest(BUILT_IN_MODELS, text).manifest.assets[path]?.prompt, 'a paper kite');
      assert.match(text, /\/\/ hand-written: this comment must survive/);
      assert.equal(parseManifest(BUILT_IN_MODELS, text).manifest.assets['art/hero.png']?.n, 2, 'another entry changed');
    });
  });
});
