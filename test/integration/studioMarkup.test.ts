// A markup edit from the Studio end to end: notes drawn in Annotate mode over a workspace image go
// through the host (which checks them again) as a `markup` part to the fake, which knows the rules
// (2.6 only, the first image's size, no mask); the sidecar records the notes' hash.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { encodePng } from '../support/png';
import type { FakeImagesApi } from '../fakeServer/server';
import { driver, skipWithoutDriver } from './support/driver';
import { activateExtension, eventually } from './support/extension';
import { filesIn, readWorkspaceFile, resetSettings, useFakeApi, workspaceFolder } from './support/fakeApi';

describe('Studio markup edit end to end (real webview, fake Images API)', function () {
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

  it('draws notes in Annotate mode and sends them as a markup edit to a 2.6 model', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(workspaceFolder().uri, 'assets', 'studio-markup.png'),
      encodePng(96, 64, { color: [200, 180, 40] }),
    );
    const before = await filesIn('images');
    fake.reset();

    await vscode.commands.executeCommand('imageStudio.openStudio', { editImage: 'assets/studio-markup.png' });
    await driver.waitFor('.mask-painter__overlay', 20000);
    await driver.evaluate(
      '#model',
      `(() => {
      const select = document.getElementById('model');
      select.value = 'gpt-image-2.6-flare';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    })()`,
    );
    await driver.click('#mask-source-annotate');
    await driver.waitFor('.markup-painter__overlay', 15000);
    await driver.drag('.markup-painter__overlay', [0.2, 0.3], [0.7, 0.6]);
    await driver.fill('#prompt', 'paint the circled door red');
    await driver.click('#generate');
    await eventually(
      async () => (/1 image saved/.test(await driver.text('#status')) ? true : undefined),
      'the markup edit to be saved',
      30000,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}; the Studio says: ${await driver.text('#status')}`);
    });

    const [req] = fake.requests;
    assert.equal(req?.endpoint, 'edits');
    assert.equal(req.status, 200);
    assert.equal(req.fields.model, 'gpt-image-2.6-flare');
    assert.deepEqual(
      req.files.map((f) => [f.field, f.contentType, f.info?.width, f.info?.height]),
      [
        ['image', 'image/png', 96, 64],
        ['markup', 'image/png', 96, 64],
      ],
      'the notes go as their own part, at the image’s size, and no mask',
    );
    assert.equal(req.files[1]?.filename, 'studio-markup.markup.png');
    assert.equal(req.files[1]?.info?.hasAlpha, true);

    const added = (await filesIn('images')).filter((f) => !before.includes(f));
    const result = added.find((f) => f.endsWith('.png'));
    assert.ok(result, `a result was written (${added.join(', ')})`);
    const sidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`images/${result}.json`))) as {
      inputs: Array<{ role: string; filename: string; sha256: string }>;
    };
    assert.deepEqual(
      sidecar.inputs.map((i) => [i.role, i.filename]),
      [
        ['image', 'studio-markup.png'],
        ['markup', 'studio-markup.markup.png'],
      ],
    );
    assert.match(sidecar.inputs[1]!.sha256, /^[0-9a-f]{64}$/);
    await driver.screenshot('studio-markup-e2e');
  });
});
