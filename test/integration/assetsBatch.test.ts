// A large asset run through the Batch API in the real extension host, against the fake's Files and
// Batch API: Build All offers the batch (with the saving), the view shows the batch's states and
// counts as it is polled, Review collects through the one save pipeline and opens the review of
// the replaced asset, a second collect saves nothing, and a new tracker (a window reload) reads
// the run back from .image-studio/batches/ and resumes polling it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BatchApiClient } from '../../src/core/batch/batchApi';
import type { AssetBuildResult } from '../../src/host/assets/assetsCommands';
import { HostCalendar } from '../../src/host/services/hostCalendar';
import { AssetManifests } from '../../src/host/assets/assetManifests';
import { BatchTracker, type TrackedRun } from '../../src/host/assets/batchTracker';
import { readProviderConfig } from '../../src/host/services/settings';
import { driver } from './support/driver';
import { eventually } from './support/extension';
import { clickNotificationButton, inNotificationCenter } from './support/notifications';
import { fakeApiForSuite, filesIn, readWorkspaceFile, TEST_KEY, workspaceFolder } from './support/fakeApi';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const DIR = 'batch-project';
const COUNT = 20;
const names = Array.from({ length: COUNT }, (_, i) => `icons/icon-${String(i).padStart(2, '0')}.png`);
const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const manifest = (): vscode.Uri => uri(`${DIR}/image-studio.json`);
const manifestText = (firstPrompt: string): string =>
  `{\n  "defaults": { "model": "gpt-image-2", "quality": "low", "size": "1024x1024" },\n  "assets": {\n${names.map((n, i) => `    "${n}": { "prompt": "${i === 0 ? firstPrompt : `icon number ${i}`}" }`).join(',\n')}\n  }\n}\n`;
const write = (rel: string, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));

interface Listed {
  manifest: string;
  path: string;
  description: string;
}
interface BatchRow {
  batchId: string;
  description: string;
  contextValue: string;
}
interface Status {
  batchId: string;
  status: string;
  description: string;
  collected: boolean;
}
interface Collected {
  batchId: string;
  saved: string[];
  alreadySaved: string[];
  failed: Array<{ path: string }>;
  reviewing: string[];
}

const assets = async (): Promise<Listed[]> =>
  ((await vscode.commands.executeCommand<Listed[]>('imageStudio.assets.list')) ?? []).filter((l) => l.manifest === manifest().toString());
const batchRow = async (id: string): Promise<BatchRow | undefined> =>
  ((await vscode.commands.executeCommand<BatchRow[]>('imageStudio.assets.listBatches')) ?? []).find((b) => b.batchId === id);
/** Show Image Asset Batch Status: its rows (the list it shows is closed again, as a user would). */
const status = async (id: string): Promise<Status | undefined> => {
  const rows = (await vscode.commands.executeCommand<Status[]>('imageStudio.assets.batchStatus')) ?? [];
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return rows.find((s) => s.batchId === id);
};

describe('Image Assets through the Batch API in the workbench (fake Files and Batch API)', function () {
  this.timeout(120000);
  const api = fakeApiForSuite();
  const imageCalls = (): number => api().requests.filter((r) => r.endpoint).length;
  let firstBatch = '';

  before(async () => {
    await write(`${DIR}/image-studio.json`, manifestText('the first icon'));
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.batchStatus');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('Build All offers a large run as a batch with its saving, the view follows its states, Review collects it once', async () => {
    // One asset made interactively first, then changed: the batch replaces it, so there is a review.
    const first = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.build', {
      manifest: manifest(),
      path: names[0],
    });
    assert.deepEqual(first.built, [names[0]]);
    await write(`${DIR}/image-studio.json`, manifestText('the first icon, redrawn'));
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
    const before = imageCalls();

    let submitted: { batches: string[] };
    await vscode.commands.executeCommand('notifications.clearAll');
    if (driver.available) {
      const pending = vscode.commands.executeCommand<{ batches: string[] }>('imageStudio.assets.buildAll');
      const offer = `${COUNT} assets to build`;
      const text = await driver.text(await inNotificationCenter(`.notification-list-item:has-text("${offer}")`));
      // 20 low-quality 1024² gpt-image-2 images, priced by tokens (20 × 272 × $30 per million): $0.163
      // interactive, half as a batch (the built-in price table).
      assert.match(text, /about \$0\.082 instead of \$0\.163/, `the offer does not show the saving: ${text}`);
      await clickNotificationButton('Build All as a Batch', offer);
      submitted = await pending;
    } else {
      submitted = await vscode.commands.executeCommand<{ batches: string[] }>('imageStudio.assets.buildAll', { mode: 'batch' });
    }
    assert.equal(submitted.batches.length, 1, JSON.stringify(submitted));
    const batchId = submitted.batches[0]!;
    firstBatch = batchId;
    assert.equal(api().batches.list().length, 1, 'not exactly one batch was created');
    assert.equal(imageCalls(), before, 'a batch build sent interactive image requests');
    const record = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${DIR}/.image-studio/batches/${batchId}.json`))) as {
      assets: unknown[];
    };
    assert.equal(record.assets.length, COUNT);
    const row = await batchRow(batchId);
    assert.equal(row?.contextValue, 'imageStudio.batch.running');
    assert.match(row!.description, /^validating · 0 of 20 done, 0 failed$/);
    assert.ok(
      (await assets()).every((a) => a.description.endsWith('· in a batch')),
      'the assets do not show they are in a batch',
    );

    // Polled through its states (the fake's batches live for one test: it is reset before each).
    const fake = api().batches;
    fake.failRequests((customId) => customId.startsWith(`${names[COUNT - 1]}#`));
    await fake.advance(batchId);
    assert.equal((await status(batchId))?.status, 'in_progress');
    if (driver.available) {
      // "Show Image Asset Batch Status" shows something: the batch, its state and its counts, to act on.
      void vscode.commands.executeCommand('imageStudio.assets.batchStatus');
      const shown = await eventually(async () => {
        const n = await driver.count(`.quick-input-widget .monaco-list-row:has-text("${batchId}")`);
        return n ? await driver.text(`.quick-input-widget .monaco-list-row:has-text("${batchId}")`) : undefined;
      }, 'the batch in the status list');
      assert.match(shown, /in progress · 0 of 20 done/);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
    await fake.process(5, batchId);
    assert.match((await status(batchId))!.description, /^in progress · 5 of 20 done, 0 failed$/);
    await fake.advance(batchId);
    assert.match((await status(batchId))!.description, /^finalizing · 19 of 20 done, 1 failed$/);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.advance(batchId);
    assert.equal((await status(batchId))?.status, 'completed');
    assert.equal((await batchRow(batchId))?.contextValue, 'imageStudio.batch.finished');

    if (driver.available) {
      await clickNotificationButton('Review', `batch ${batchId} is completed`);
      await eventually(async () => ((await status(batchId))?.collected ? true : undefined), 'Review to collect the batch', 20000);
    } else {
      await vscode.commands.executeCommand<Collected>('imageStudio.assets.batchCollect', { batchId, review: true });
    }
    // The review of the replaced asset, as after an interactive rebuild.
    await eventually(
      () => (vscode.window.tabGroups.activeTabGroup.activeTab?.label.includes('↔') ? true : undefined),
      'the compare editor of the replaced asset',
    );
    const listed = await assets();
    assert.equal(listed.find((a) => a.path === names[0])?.description, 'up to date · review');
    assert.equal(listed.find((a) => a.path === names[COUNT - 1])?.description, 'missing', 'the failed line is not left to build again');
    assert.equal(listed.filter((a) => a.description.startsWith('up to date')).length, COUNT - 1);
    const sidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${DIR}/${names[5]}.json`))) as {
      batch?: { id: string; requestId?: string };
      asset: { path: string };
    };
    assert.equal(sidecar.batch?.id, batchId);
    assert.match(sidecar.batch?.requestId ?? '', /^req_batch_/);
    assert.equal(sidecar.asset.path, names[5]);
    assert.equal(await batchRow(batchId), undefined, 'a collected batch still shows as waiting');

    const bytes = await readWorkspaceFile(`${DIR}/${names[5]}`);
    const history = await filesIn(`${DIR}/.image-studio/history/${names[0]}`);
    const again = await vscode.commands.executeCommand<Collected>('imageStudio.assets.batchCollect', { batchId });
    assert.deepEqual(again.saved, [], 'collecting twice saved images twice');
    assert.equal(again.alreadySaved.length, COUNT - 1);
    assert.deepEqual(Buffer.from(await readWorkspaceFile(`${DIR}/${names[5]}`)), Buffer.from(bytes));
    assert.deepEqual(
      await filesIn(`${DIR}/.image-studio/history/${names[0]}`),
      history,
      'a second collect pushed another version into the history',
    );
  });

  it('a new tracker (a window reload) reads a running batch back from disk and resumes polling it', async () => {
    const submitted = await vscode.commands.executeCommand<{ batches: string[] }>('imageStudio.assets.buildAllAsBatch');
    assert.equal(submitted.batches.length, 1, 'the failed asset was not submitted again');
    const second = submitted.batches[0]!;
    // While "the window is closed" the batch runs to completion.
    for (let i = 0; i < 3; i++) await api().batches.advance(second);

    const model = new AssetManifests(new HostCalendar(process.env), () => BUILT_IN_MODELS);
    const announced: TrackedRun[] = [];
    const connect = async () => ({ api: new BatchApiClient(readProviderConfig(), TEST_KEY, fetch), provider: readProviderConfig(), fetch });
    const tracker = new BatchTracker(model, connect, { info: () => undefined, warn: () => undefined }, (t) => announced.push(t));
    try {
      await tracker.start();
      const ours = tracker.runs.filter((t) => t.manifest.toString() === manifest().toString());
      assert.deepEqual(
        ours.map((t) => [t.run.batchId, t.run.batch.status, !!t.run.collected]),
        [
          [firstBatch, 'completed', true],
          [second, 'completed', false],
        ],
      );
      assert.deepEqual(
        announced.map((t) => t.run.batchId).filter((id) => id === firstBatch || id === second),
        [second],
        'the finished batch was not announced once, or the collected one was',
      );
      const record = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${DIR}/.image-studio/batches/${second}.json`))) as {
        batch: { status: string };
      };
      assert.equal(record.batch.status, 'completed', 'the polled state was not written back');
    } finally {
      tracker.dispose();
      model.dispose();
    }
  });
});
