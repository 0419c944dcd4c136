// The Studio as a new user meets it (issue 14), in the real workbench with the fake Images API:
// commands leave the Studio's prompt and edit alone and do not cover their image with it, a
// variation is named after its source, Insert goes on a line of its own, a deleted file is said
// to be gone; and History, Use these settings, cost and Copy image end to end.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HostCalendar } from '../../src/host/services/hostCalendar';
import type { JobCommandResult } from '../../src/host/commands/jobReporting';
import type { Log } from '../../src/host/services/log';
import { StudioController } from '../../src/host/studio/studioPanel';
import { encodePng } from '../support/png';
import type { FakeImagesApi } from '../fakeServer/server';
import { InMemoryMemento } from '../support/memento';
import { withSpy } from '../support/spy';
import { driver, skipWithoutDriver } from './support/driver';
import { activateExtension, EXTENSION_ID, eventually } from './support/extension';
import { resetSettings, useFakeApi, workspaceFolder } from './support/fakeApi';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const value = (id: string) => driver.evaluate<string>(`#${id}`, `document.getElementById('${id}').value`);

async function status(pattern: RegExp, what: string): Promise<string> {
  return eventually(
    async () => {
      const text = await driver.text('#status');
      return pattern.test(text) ? text : undefined;
    },
    what,
    30000,
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}; the Studio says: ${await driver.text('#status')}`);
  });
}

/** Opens a card's overflow menu and runs one of its items. */
async function menu(card: string, action: string): Promise<void> {
  await driver.click(`${card} [data-action="more"]`);
  await driver.click(`${card} [role="menuitem"][data-action="${action}"]`);
}

describe('Studio as a new user meets it (real workbench, fake Images API)', function () {
  this.timeout(120000);
  let fake: FakeImagesApi;

  before(async function () {
    skipWithoutDriver(this);
    await activateExtension();
    fake = await useFakeApi();
  });
  after(async () => {
    if (!fake) return;
    await resetSettings();
    await fake.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Explorer → Create Variation keeps the typed prompt and the edit in progress, names the file variation-<source>, and does not cover its image', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    const kite = vscode.Uri.joinPath(workspaceFolder().uri, 'assets', 'kite.png');
    await vscode.workspace.fs.writeFile(kite, encodePng(64, 64, { color: [30, 90, 220] }));
    await vscode.commands.executeCommand('imageStudio.openStudio', { editImage: 'assets/kite.png' });
    await driver.waitFor('.mask-painter__overlay', 20000);
    await driver.fill('#prompt', 'A careful prompt I typed for this edit');

    // As the Explorer's context menu calls it: the clicked file and the selection.
    const result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.createVariation', kite, [kite]);
    assert.equal(result.error, undefined);
    // The new image opens beside without taking the focus (imageStudio.openResults "beside").
    const tabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await eventually(
      () => (tabs().some((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.path.endsWith(result.saved[0]!)) ? true : undefined),
      `the new image open beside (tabs: ${tabs()
        .map((t) => t.label)
        .join(', ')})`,
    );

    // Whether the Studio stayed visible or was hidden behind the image: shown again, nothing was lost.
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#edit-inputs li', 20000);
    assert.equal(await value('prompt'), 'A careful prompt I typed for this edit');
    assert.equal(await driver.evaluate<boolean>('#mode-edit', "document.getElementById('mode-edit').checked"), true, 'still in edit mode');
    assert.equal(await driver.count('#edit-inputs li'), 1);
    assert.match(await driver.text('#edit-inputs .input-name strong'), /^kite\.png$/);
    await eventually(
      async () => ((await driver.count('#gallery li[data-kind="variation"]')) > 0 ? true : undefined),
      'the variation in the gallery',
    );
    assert.match(result.saved[0] ?? '', /^images\/variation-kite/, `named after the source like the CLI (${result.saved.join(', ')})`);
  });

  it('Compare shows an edit beside its original; the heat map finds no change outside the mask when pixels are protected', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    // A fresh Studio: the painter of the one left open must not stand in for the one this opens.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('imageStudio.openStudio', { editImage: 'assets/kite.png' });
    await driver.waitFor('.mask-painter__overlay', 20000);
    await driver.drag('.mask-painter__overlay', [0.2, 0.5], [0.6, 0.5]);
    await driver.fill('#prompt', 'The same sky with a red kite');
    await driver.click('#generate');
    await status(/1 image saved/, 'the edit to be saved');
    const card = '#gallery li[data-result-id][data-kind="edit"]';
    await menu(card, 'compare');
    await driver.waitFor('dialog#compare[open] #compare-position', 15000);
    assert.equal(await driver.count('dialog#compare .compare-slider img'), 2, 'result and original, one over the other');
    await driver.click('#compare-heat');
    await driver.waitFor('#compare-summary[data-changed-share]', 15000);
    const share = Number(
      await driver.evaluate<string>('#compare-summary', "document.getElementById('compare-summary').dataset.changedShare"),
    );
    assert.equal(share, 0, 'protected pixels: nothing outside the mask changed');
    assert.match(await driver.text('#compare-summary'), /0\.0% of the pixels outside the mask changed/);
    await driver.screenshot('studio-compare-e2e');
    await driver.press('Escape', 'dialog#compare');
  });

  it('Insert puts the link on a line of its own, never glued to a heading', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    const doc = vscode.Uri.joinPath(workspaceFolder().uri, 'docs', 'insert-own-line.md');
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode('# Sample workspace\n\nSome text.\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#gallery li[data-result-id] [data-action="insertImage"]', 20000);
    await driver.click('#gallery li[data-result-id] [data-action="insertImage"]');
    const text = await eventually(
      () => (editor.document.getText().startsWith('!') ? editor.document.getText() : undefined),
      'the link to be inserted',
    );
    const lines = text.split('\n');
    assert.match(lines[0]!, /^!\[[^\]]*\]\(\.\.\/images\/[^)]+\)$/, 'the link alone on its line');
    assert.deepEqual(lines.slice(1, 3), ['', '# Sample workspace'], 'a paragraph of its own; the heading intact after it');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('History lists the workspace’s images from their sidecars, searchable and filterable; Use these settings, cost and Copy image work', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    const made = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', {
      prompt: 'A unique zebra crossing in the rain',
      size: '1024x1024',
    });
    assert.equal(made.error, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#load-history', 20000);
    await driver.click('#load-history');
    await status(/in the workspace history/, 'the history to load');
    const sidecars = await vscode.workspace.findFiles('**/*.{png,jpg,jpeg,webp}.json');
    const cards = await driver.count('#gallery li[data-result-id]');
    assert.ok(cards > 1 && cards <= sidecars.length, `${cards} cards for ${sidecars.length} sidecars`);

    await driver.fill('#filter-text', 'zebra crossing');
    const shown = await driver.evaluate<string[]>(
      '#gallery',
      "[...document.querySelectorAll('#gallery li[data-result-id]:not([hidden]) .path')].map((p) => p.title)",
    );
    assert.deepEqual(shown, made.saved, 'the search finds the one image with that prompt');
    await driver.fill('#filter-text', '');
    await driver.evaluate(
      '#filter-kind',
      `(() => { const s = document.getElementById('filter-kind'); s.value = 'variation'; s.dispatchEvent(new Event('input', { bubbles: true })); })()`,
    );
    const kinds = await driver.evaluate<string[]>(
      '#gallery',
      "[...document.querySelectorAll('#gallery li[data-result-id]:not([hidden])')].map((li) => li.dataset.kind)",
    );
    assert.ok(kinds.length > 0 && kinds.every((k) => k === 'variation'), `only variations: ${kinds.join(', ')}`);
    await driver.evaluate(
      '#filter-kind',
      `(() => { const s = document.getElementById('filter-kind'); s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true })); })()`,
    );

    const card = `#gallery li[data-result-id]:has(.path[title="${made.saved[0]}"])`;
    await driver.fill('#prompt', 'something else');
    await menu(card, 'useSettings');
    await status(/are in the form/, 'the settings to be applied');
    assert.equal(await value('prompt'), 'A unique zebra crossing in the rain');
    assert.equal(await value('size'), '1024x1024');
    assert.match(await driver.text('#estimate'), /^Estimated cost: \$[\d.]+/, 'an estimate before sending');

    await driver.click(`${card} [data-action="details"]`);
    assert.match(await driver.text(`${card} .details dl`), /Cost\$[\d.]+ for its request, from the usage tokens .*an estimate, not a bill/);
    assert.match(await driver.text('#total'), /^≈ \$[\d.]+ for \d+ requests? shown \(estimate from usage\)$/);

    await menu(card, 'copyImage');
    await status(/Copied the image|Could not copy/, 'the copy to end');
    assert.match(await driver.text('#status'), /Copied the image/, 'the image itself is on the clipboard');
  });

  it('names parallel command jobs by their prompt in the progress notification', async () => {
    const calls = await withSpy(vscode.window as { withProgress: typeof vscode.window.withProgress }, 'withProgress', async () => {
      const runs = ['A lighthouse on a cliff at dusk, oil painting with dramatic clouds', 'A red fox in fresh snow'].map((prompt) =>
        vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', { prompt, size: '1024x1024' }),
      );
      for (const r of await Promise.all(runs)) assert.equal(r.error, undefined);
    });
    const titles = calls.map((c) => c.args[0].title ?? '');
    assert.deepEqual(titles.sort(), ['Image Studio: “A lighthouse on a cliff at dusk, oil…”', 'Image Studio: “A red fox in fresh snow”']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('keeps a batch in index order after the Studio is hidden and shown again', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#model option', 20000);
    await driver.fill('#prompt', 'Four ordered batch tiles');
    await driver.fill('#n', '4');
    await driver.press('Tab', '#n');
    await driver.click('#generate');
    await status(/4 images saved/, 'the batch to be saved');
    const order = () =>
      driver.evaluate<string[]>(
        '#gallery',
        "[...document.querySelectorAll('#gallery li[data-result-id]')].slice(0, 4).map((li) => li.querySelector('.path').title)",
      );
    const live = await order();
    assert.deepEqual(
      live.map((p) => p.replace(/^.*-(\d+)\.png$/, '$1')),
      ['1', '2', '3', '4'],
      live.join(', '),
    );
    const readme = vscode.Uri.joinPath(workspaceFolder().uri, 'README.md');
    await vscode.window.showTextDocument(readme, { viewColumn: vscode.ViewColumn.Active });
    await eventually(async () => ((await driver.count('#prompt')) === 0 ? true : undefined), 'the hidden webview to go away');
    await vscode.commands.executeCommand('imageStudio.openStudio');
    await driver.waitFor('#gallery li[data-result-id] img', 20000);
    assert.deepEqual(await order(), live, 'the same order after reopening (it was 4, 3, 2, 1)');
  });

  it('the palette’s prompt box says when Enter is pressed on an empty prompt, and recalls earlier prompts', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    const first = vscode.commands.executeCommand<JobCommandResult | undefined>('imageStudio.generateImage');
    await driver.waitFor('.quick-input-widget .quick-input-box input', 15000);
    await driver.press('Enter', '.quick-input-widget .quick-input-box input');
    await eventually(
      async () => (/the prompt is empty/.test(await driver.text('.quick-input-widget')) ? true : undefined),
      'the empty-prompt message',
    );
    await driver.fill('.quick-input-widget .quick-input-box input', 'A recalled heron at dawn');
    await driver.press('Enter', '.quick-input-widget .quick-input-box input');
    assert.equal((await first)?.error, undefined);
    // The next time, the prompt box offers it back: "Recent prompts…", then pick it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const second = vscode.commands.executeCommand<JobCommandResult | undefined>('imageStudio.generateImage');
    await driver.waitFor('.quick-input-widget [aria-label="Recent prompts…"]', 15000);
    await driver.click('.quick-input-widget [aria-label="Recent prompts…"]');
    await eventually(
      async () => (/A recalled heron at dawn/.test(await driver.text('.quick-input-widget .quick-input-list')) ? true : undefined),
      'the recent prompt listed',
    );
    await driver.press('Enter', '.quick-input-widget .quick-input-box input');
    await eventually(
      async () =>
        (await driver.evaluate<string>(
          '.quick-input-widget .quick-input-box input',
          "document.querySelector('.quick-input-widget .quick-input-box input').value",
        )) === 'A recalled heron at dawn'
          ? true
          : undefined,
      'the prompt back in the box',
    );
    await driver.press('Escape', '.quick-input-widget .quick-input-box input');
    assert.equal(await second, undefined, 'dismissed: nothing generated');
  });

  it('says that a deleted image is gone instead of “Opened …”, marks its card, and takes dropped images only from the workspace', async () => {
    const gone = vscode.Uri.joinPath(workspaceFolder().uri, 'images', 'deleted-before-open.png');
    const log = { info: () => {}, debug: () => {}, error: () => {}, warn: () => {} } as unknown as Log;
    const controller = new StudioController({
      extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      log,
      memento: new InMemoryMemento(),
      generation: {
        generate: async () => ({ saved: [], failures: [], cancelled: false, warnings: [] }),
        readDetails: async () => undefined,
        calendar: new HostCalendar(process.env),
        models: BUILT_IN_MODELS,
      },
    });
    try {
      controller.registry.add([
        {
          id: 'img-gone-1',
          uri: gone,
          relativePath: 'images/deleted-before-open.png',
          index: 0,
          format: 'png',
          prompt: 'x',
          model: 'gpt-image-2',
          route: 'generations',
        },
      ]);
      const panel = controller.createOrShow();
      const posted: Array<{ inReplyTo?: number; body: { type: string; status?: string; message?: string; resultIds?: string[] } }> = [];
      const webview = panel.panel.webview as { postMessage(m: unknown): Thenable<boolean> };
      const real = webview.postMessage.bind(webview);
      webview.postMessage = (m: unknown) => {
        posted.push(m as (typeof posted)[number]);
        return real(m);
      };
      assert.equal(await panel.receive({ messageId: 1, body: { type: 'openImage', resultId: 'img-gone-1' } }), true);
      const reply = await eventually(() => posted.find((m) => m.inReplyTo === 1), 'the reply');
      assert.equal(reply.body.status, 'failed');
      assert.match(reply.body.message ?? '', /images\/deleted-before-open\.png is no longer there \(deleted or moved\)/);
      assert.ok(
        posted.some((m) => m.body.type === 'resultsMissing' && m.body.resultIds?.includes('img-gone-1')),
        'the card is marked missing',
      );
      assert.ok(
        !vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => (t.input as { uri?: vscode.Uri })?.uri?.path === gone.path)),
        'no editor was opened on it',
      );

      // Drag and drop: a workspace image is read as an input; anything outside is refused unread.
      const kite = vscode.Uri.joinPath(workspaceFolder().uri, 'assets', 'drop-me.png');
      await vscode.workspace.fs.writeFile(kite, encodePng(32, 32, { color: [200, 40, 40] }));
      assert.equal(await panel.receive({ messageId: 2, body: { type: 'dropInput', uri: kite.toString() } }), true);
      const chosen = (await eventually(() => posted.find((m) => m.inReplyTo === 2), 'the drop reply')) as unknown as {
        body: { type: string; input?: { name: string; info: { width: number } } };
      };
      assert.equal(chosen.body.type, 'inputChosen');
      assert.deepEqual([chosen.body.input?.name, chosen.body.input?.info.width], ['drop-me.png', 32]);
      for (const [i, uri] of [
        'file:///etc/passwd',
        vscode.Uri.joinPath(workspaceFolder().uri, '..', 'outside.png').toString(),
        'https://example.com/a.png',
      ].entries()) {
        assert.equal(await panel.receive({ messageId: 10 + i, body: { type: 'dropInput', uri } }), true);
        const refusal = await eventually(() => posted.find((m) => m.inReplyTo === 10 + i), 'the refusal');
        assert.equal(refusal.body.type, 'requestFailed', uri);
        assert.match(refusal.body.message ?? '', /Only images inside the workspace/);
      }
    } finally {
      controller.dispose();
    }
  });
});
