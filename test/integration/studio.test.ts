import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { HostCalendar } from '../../src/host/services/hostCalendar';
import type { GenerateParams, JobCallbacks, JobOutcome } from '../../src/host/services/jobTypes';
import type { Log } from '../../src/host/services/log';
import { StudioController, type StudioPanel } from '../../src/host/studio/studioPanel';
import type { FakeImagesApi } from '../fakeServer/server';
import { InMemoryMemento } from '../support/memento';
import { withSpy } from '../support/spy';
import { driver, skipWithoutDriver } from './support/driver';
import { activateExtension, EXTENSION_ID, eventually } from './support/extension';
import { filesIn, resetSettings, useFakeApi, workspaceFolder } from './support/fakeApi';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

type CreateWebviewPanel = typeof vscode.window.createWebviewPanel;

/** Runs `action` while recording every createWebviewPanel call (the real function still runs). */
async function spyOnCreateWebviewPanel(
  action: () => PromiseLike<unknown>,
): Promise<Array<{ args: Parameters<CreateWebviewPanel>; panel: vscode.WebviewPanel }>> {
  const calls = await withSpy(vscode.window as { createWebviewPanel: CreateWebviewPanel }, 'createWebviewPanel', action);
  return calls.map(({ args, result }) => ({ args, panel: result }));
}

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  return m[1]!.replace(/&#39;|&apos;/g, "'");
}

function nonceOf(html: string): string {
  const m = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(cspOf(html));
  assert.ok(m, 'script-src uses a nonce');
  return m[1]!;
}

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Studio panel', function () {
  this.timeout(60000);
  let extensionUri: vscode.Uri;

  before(async () => {
    await activateExtension();
    extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
  });
  after(closeEditors);

  it('is created once, with scripts, resources only from dist, media and the output folder, and no retained context', async () => {
    await closeEditors();
    const calls = await spyOnCreateWebviewPanel(async () => {
      await vscode.commands.executeCommand('imageStudio.openStudio');
      await vscode.commands.executeCommand('imageStudio.openStudio');
    });
    assert.equal(calls.length, 1, 'a singleton: the second Open Studio reveals the first panel');
    const [viewType, title, , options] = calls[0]!.args;
    assert.equal(viewType, 'imageStudio.studio');
    assert.equal(title, 'Image Studio');
    const opts = options as vscode.WebviewPanelOptions & vscode.WebviewOptions;
    assert.equal(opts.enableScripts, true);
    assert.equal(opts.retainContextWhenHidden, undefined);
    assert.deepEqual(
      (opts.localResourceRoots ?? []).map((u) => u.toString()),
      [
        vscode.Uri.joinPath(extensionUri, 'dist').toString(),
        vscode.Uri.joinPath(extensionUri, 'media').toString(),
        vscode.Uri.joinPath(workspaceFolder().uri, 'images').toString(),
      ],
    );
  });

  it('leaves out an output folder that is a link to a folder outside the workspace', async function () {
    if (workspaceFolder().uri.scheme !== 'file') this.skip();
    await closeEditors();
    const outside = mkdtempSync(join(tmpdir(), 'image-studio-studio-outside-'));
    const link = join(workspaceFolder().uri.fsPath, 'studio-linked-out');
    symlinkSync(outside, link);
    const config = vscode.workspace.getConfiguration('imageStudio', workspaceFolder().uri);
    try {
      for (const folder of ['studio-linked-out', 'studio-linked-out/deeper']) {
        await config.update('outputFolder', folder, vscode.ConfigurationTarget.Workspace);
        const calls = await spyOnCreateWebviewPanel(() => vscode.commands.executeCommand('imageStudio.openStudio'));
        const expected = [vscode.Uri.joinPath(extensionUri, 'dist').toString(), vscode.Uri.joinPath(extensionUri, 'media').toString()];
        const opts = calls[0]!.args[3] as vscode.WebviewOptions;
        assert.deepEqual(
          (opts.localResourceRoots ?? []).map((u) => u.toString()),
          expected,
          folder,
        );
        assert.deepEqual(
          (calls[0]!.panel.webview.options.localResourceRoots ?? []).map((u) => u.toString()),
          expected,
          folder,
        );
        await closeEditors();
      }
    } finally {
      await config.update('outputFolder', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('renders under a strict CSP with a fresh crypto nonce per render', async () => {
    await closeEditors();
    const first = await spyOnCreateWebviewPanel(() => vscode.commands.executeCommand('imageStudio.openStudio'));
    const html1 = first[0]!.panel.webview.html;
    const source = first[0]!.panel.webview.cspSource;
    first[0]!.panel.dispose();
    const second = await spyOnCreateWebviewPanel(() => vscode.commands.executeCommand('imageStudio.openStudio'));
    const html2 = second[0]!.panel.webview.html;

    const csp = cspOf(html1);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-/);
    assert.doesNotMatch(csp, /connect-src/);
    assert.equal(
      csp,
      `default-src 'none'; img-src ${source} blob:; style-src ${source}; font-src ${source}; script-src 'nonce-${nonceOf(html1)}'`,
    );
    const nonce = nonceOf(html1);
    assert.equal(Buffer.from(nonce, 'base64').length, 16, '128-bit nonce');
    assert.ok(html1.includes(`<script nonce="${nonce}" src=`), 'the script carries the nonce');
    assert.equal((html1.match(/<script/g) ?? []).length, 1, 'one script, no inline code');
    assert.doesNotMatch(html1, /style="/, 'no inline styles');
    assert.notEqual(nonceOf(html2), nonce, 'a new render gets a new nonce');
  });

  describe('messages from the webview', () => {
    const generated: GenerateParams[] = [];
    const warnings: string[] = [];
    let controller: StudioController;
    let panel: StudioPanel;
    let posted: unknown[];

    before(() => {
      const log = { info: () => {}, debug: () => {}, error: () => {}, warn: (m: string) => warnings.push(m) } as unknown as Log;
      controller = new StudioController({
        extensionUri,
        log,
        memento: new InMemoryMemento(),
        generation: {
          generate: async (params: GenerateParams, _c: JobCallbacks, _s: AbortSignal): Promise<JobOutcome> => {
            generated.push(params);
            return { saved: [], failures: [], cancelled: false, warnings: [] };
          },
          readDetails: async () => undefined,
          calendar: new HostCalendar(process.env),
          models: BUILT_IN_MODELS,
        },
      });
      panel = controller.createOrShow();
      posted = [];
      // Record what the host answers (the page itself is not needed for these checks).
      const webview = panel.panel.webview as { postMessage(m: unknown): Thenable<boolean> };
      const real = webview.postMessage.bind(webview);
      webview.postMessage = (m: unknown) => {
        posted.push(m);
        return real(m);
      };
    });
    after(() => controller.dispose());
    // The panel of this block belongs to this controller, not to the extension's.

    it('refuses malformed messages: they never reach the engine, are logged, and requests get a refusal', async () => {
      const malformed: unknown[] = [
        'generate',
        null,
        { messageId: 1, body: { type: 'generate', jobId: 'j1', params: { prompt: 42, model: 'gpt-image-2' } } },
        { messageId: 2, body: { type: 'generate', jobId: 'j2', params: { prompt: 'x', model: 'gpt-image-2', outputFolder: '../../..' } } },
        { messageId: 3, body: { type: 'generate', jobId: 'j3', params: { prompt: 'x'.repeat(40000), model: 'gpt-image-2' } } },
        { messageId: 4, body: { type: 'openImage', resultId: '/etc/passwd' } },
        { messageId: 5, body: { type: 'openImage', resultId: 'img-1', uri: 'file:///etc/passwd' } },
        { messageId: 6, body: { type: 'runCommand', command: 'workbench.action.terminal.new' } },
        { messageId: 7, body: { type: 'ready' }, evil: true },
      ];
      for (const raw of malformed) assert.equal(await panel.receive(raw), false, JSON.stringify(raw).slice(0, 120));
      assert.deepEqual(generated, [], 'nothing malformed reached the generation engine');
      assert.equal(warnings.filter((w) => w.startsWith('Studio: refused a message')).length, malformed.length);
      const refusals = posted.filter((m) => (m as { body: { type: string } }).body.type === 'requestFailed');
      assert.equal(refusals.length, 6, 'each refused message with an envelope is answered, so no request hangs');
    });

    it('accepts a valid generate and answers an action on an unknown id without touching any file', async () => {
      assert.equal(
        await panel.receive({
          messageId: 20,
          body: { type: 'generate', jobId: 'job-ok', params: { prompt: 'a fox', model: 'gpt-image-2', n: 1 } },
        }),
        true,
      );
      await eventually(() => (generated.length === 1 ? true : undefined), 'the engine to be called');
      assert.deepEqual(generated[0], { prompt: 'a fox', model: 'gpt-image-2', n: 1 });
      assert.equal(await panel.receive({ messageId: 21, body: { type: 'revealImage', resultId: 'img-never-issued' } }), true);
      const reply = await eventually(() => posted.find((m) => (m as { inReplyTo?: number }).inReplyTo === 21), 'the reply');
      assert.deepEqual((reply as { body: unknown }).body, {
        type: 'actionResult',
        status: 'failed',
        message: 'That image is no longer in the workspace.',
      });
    });
  });

  describe('end to end in the real webview (fake Images API)', () => {
    let fake: FakeImagesApi;

    before(async function () {
      skipWithoutDriver(this);
      fake = await useFakeApi({ streamEventDelayMs: 150 });
    });
    after(async () => {
      if (!fake) return;
      await resetSettings();
      await fake.close();
    });

    it('types a prompt, generates, shows previews then the final image, writes files, and inserts a relative Markdown link', async () => {
      await closeEditors();
      // Toasts left by other suites sit over the webview and would take the clicks.
      await vscode.commands.executeCommand('notifications.clearAll');
      const folder = workspaceFolder();
      const docUri = vscode.Uri.joinPath(folder.uri, 'docs', 'guide.md');
      await vscode.workspace.fs.writeFile(docUri, new TextEncoder().encode('# Guide\n\n'));
      const editor = await vscode.window.showTextDocument(docUri);
      editor.selection = new vscode.Selection(2, 0, 2, 0);
      const before = await filesIn('images');

      await vscode.commands.executeCommand('imageStudio.openStudio');
      await driver.waitFor('#model option[value="gpt-image-2"]', 15000);
      // Other suites' results may already fill the gallery (commands show what they saved there):
      // follow only the card of this job, which the gallery puts first.
      const cardsBefore = await driver.count('#gallery li[data-result-id]');
      // Record every preview the new card shows, so "partial, then final" is observed, not assumed.
      await driver.evaluate(
        '#gallery',
        `(() => {
        window.__seen = [];
        const known = new Set([...document.querySelectorAll('#gallery li')]);
        new MutationObserver(() => {
          const li = [...document.querySelectorAll('#gallery li')].find((el) => !known.has(el));
          if (li) window.__seen.push(li.classList.contains('pending') ? 'partial:' + (li.dataset.partialIndex ?? '-') : 'final');
        }).observe(document.getElementById('gallery'), { subtree: true, childList: true, attributes: true });
        return true;
      })()`,
      );
      await driver.fill('#prompt', 'A red fox in snow');
      // Ctrl+Enter in the prompt generates, inside the real workbench too.
      await driver.press('Control+Enter', '#prompt');
      await eventually(
        async () => ((await driver.count('#gallery li[data-result-id]')) > cardsBefore ? true : undefined),
        'the new result card',
        30000,
      );
      const seen = await driver.evaluate<string[]>('#gallery', 'window.__seen');
      const firstFinal = seen.indexOf('final');
      assert.ok(firstFinal > 0, `the final image was observed after something else: ${seen.join(', ')}`);
      assert.ok(
        seen.slice(0, firstFinal).some((s) => /^partial:\d/.test(s)),
        `a preview came before the final image: ${seen.join(', ')}`,
      );
      await driver.waitFor('#generate:not([disabled])', 15000);
      assert.match(await driver.text('#status'), /1 image saved/);
      await driver.screenshot('studio-e2e');

      const added = (await filesIn('images')).filter((f) => !before.includes(f));
      const png = added.find((f) => f.endsWith('.png'));
      assert.ok(png, `a PNG was written (new files: ${added.join(', ')})`);
      assert.ok(added.includes(`${png}.json`), 'with its sidecar');
      // The gallery lists the newest result first.
      const relativePath = await driver.text('#gallery li[data-result-id] .path');
      assert.equal(relativePath, `images/${png}`);

      // By keyboard: the result actions are buttons that Enter activates.
      await driver.press('Enter', '#gallery li[data-result-id] [data-action="insertImage"]');
      const text = await eventually(() => {
        const t = editor.document.getText();
        return t.includes('![') ? t : undefined;
      }, 'the link to be inserted').catch(async (err: Error) => {
        throw new Error(
          `${err.message}; the Studio says: ${await driver.text('#status')}; document: ${JSON.stringify(editor.document.getText())}`,
        );
      });
      assert.equal(text, `# Guide\n\n![A red fox in snow](../images/${png})`);
      assert.match(await driver.text('#status'), /Inserted a Markdown image into docs\/guide\.md/);
      await vscode.commands.executeCommand('workbench.action.files.revert');

      await vscode.commands.executeCommand('notifications.clearAll');
      await driver.click('#gallery li[data-result-id] [data-action="details"]');
      await driver.waitFor('#gallery li[data-result-id] .details pre', 10000);
      assert.match(await driver.text('#gallery li[data-result-id] .details pre'), /"prompt": "A red fox in snow"/, 'the sidecar is shown');
    });

    it('keeps the prompt and the gallery when the panel is hidden and shown again (no retained context)', async () => {
      await closeEditors();
      await vscode.commands.executeCommand('imageStudio.openStudio');
      await driver.waitFor('#gallery li[data-result-id] img', 15000);
      await driver.fill('#prompt', 'A heron at dawn');
      const cards = await driver.count('#gallery li[data-result-id]');
      // Another editor in the same group hides the Studio; its webview is torn down.
      const readme = vscode.Uri.joinPath(workspaceFolder().uri, 'README.md');
      await vscode.window.showTextDocument(readme, { viewColumn: vscode.ViewColumn.Active });
      await eventually(async () => ((await driver.count('#prompt')) === 0 ? true : undefined), 'the hidden webview to go away');
      await vscode.commands.executeCommand('imageStudio.openStudio');
      await driver.waitFor('#gallery li[data-result-id] img', 15000);
      assert.equal(await driver.evaluate<string>('#prompt', "document.getElementById('prompt').value"), 'A heron at dawn');
      assert.equal(await driver.count('#gallery li[data-result-id]'), cards);
    });

    it('opens with a prompt from Generate Image (“Open in the Studio”), whether or not the panel is open', async () => {
      await vscode.commands.executeCommand('imageStudio.openStudio', { prompt: 'A kingfisher, macro' });
      await eventually(
        async () =>
          (await driver.evaluate<string>('#prompt', "document.getElementById('prompt').value")) === 'A kingfisher, macro' || undefined,
        'the prompt in the open panel',
      );
      await closeEditors();
      await vscode.commands.executeCommand('imageStudio.openStudio', { prompt: 'A heron, ink drawing' });
      await driver.waitFor('#model option', 15000);
      await eventually(
        async () =>
          (await driver.evaluate<string>('#prompt', "document.getElementById('prompt').value")) === 'A heron, ink drawing' || undefined,
        'the prompt in a new panel',
      );
    });
  });
});
