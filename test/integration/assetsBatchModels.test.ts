// Batch per model in the Image Assets view: Build All's batch offer counts only the assets whose
// model the Batch API accepts (the capability table's `batch`), says how many are built now, and
// after submitting the batch builds the 2.6 asset interactively.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { driver } from './support/driver';
import { clickNotificationButton, inNotificationCenter } from './support/notifications';
import { fakeApiForSuite, workspaceFolder } from './support/fakeApi';

const DIR = 'batch-models-project';
const COUNT = 20;
const icons = Array.from({ length: COUNT }, (_, i) => `icons/i${String(i).padStart(2, '0')}.png`);
const BANNER = 'art/banner.png';
const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const manifest = (): vscode.Uri => uri(`${DIR}/image-studio.json`);

describe('Image Assets: the batch offer splits by model (fake Batch API)', function () {
  this.timeout(120000);
  const api = fakeApiForSuite();

  before(async () => {
    const assets = Object.fromEntries([
      ...icons.map((p, i) => [p, { prompt: `icon number ${i}` }]),
      [BANNER, { prompt: 'a banner with a lighthouse', model: 'gpt-image-2.6-flare', complexity: 'low' }],
    ]);
    const text = JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' }, assets }, null, 2);
    await vscode.workspace.fs.writeFile(manifest(), new TextEncoder().encode(text));
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('offers the gpt-image-2 assets as a batch, submits them, and builds the 2.6 asset now, saying so', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    let outcome: { batches: string[]; notInBatch: Array<{ path: string; reason: string }>; built: string[] };
    if (driver.available) {
      const pending = vscode.commands.executeCommand<typeof outcome>('imageStudio.assets.buildAll');
      const offer = `${COUNT} assets to build`;
      const text = await driver.text(await inNotificationCenter(`.notification-list-item:has-text("${offer}")`));
      assert.match(text, /1 more are built now either way: the Batch API does not take them \(gpt-image-2\.6-flare\)/, text);
      await clickNotificationButton('Build All as a Batch', offer);
      outcome = await pending;
    } else {
      outcome = await vscode.commands.executeCommand<typeof outcome>('imageStudio.assets.buildAll', { mode: 'batch' });
    }
    assert.equal(outcome.batches.length, 1, JSON.stringify(outcome));
    const lines = api().batches.lines(outcome.batches[0]);
    assert.equal(lines.length, COUNT);
    assert.ok(lines.every((l) => (JSON.parse(l) as { body: { model: string } }).body.model === 'gpt-image-2'));
    assert.deepEqual(
      outcome.notInBatch.map((a) => a.path),
      [BANNER],
    );
    assert.match(outcome.notInBatch[0]!.reason, /not accepted by OpenAI's Batch API/);
    assert.deepEqual(outcome.built, [BANNER]);
    const calls = api().requests.filter((r) => r.endpoint);
    assert.deepEqual(
      calls.map((c) => [c.endpoint, c.fields.model, c.fields.complexity]),
      [['generations', 'gpt-image-2.6-flare', 'low']],
    );
    await vscode.workspace.fs.stat(uri(`${DIR}/${BANNER}`));
  });
});
