// A batch run whose record was deleted (by hand, or with its folder) is forgotten by the tracker
// at its next poll instead of being polled for as long as the window lives; a run whose record is
// still there stays tracked.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BatchApiClient } from '../../src/core/batch/batchApi';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';
import { AssetManifests } from '../../src/host/assets/assetManifests';
import { BatchTracker } from '../../src/host/assets/batchTracker';
import { HostCalendar } from '../../src/host/services/hostCalendar';
import { readProviderConfig } from '../../src/host/services/settings';
import { fakeApiForSuite, TEST_KEY, workspaceFolder } from './support/fakeApi';

const DIR = 'batch-gone-project';
const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, rel);
const MANIFEST = `{
  "defaults": { "model": "gpt-image-2", "quality": "low", "size": "1024x1024" },
  "assets": { "kept.png": { "prompt": "a kept record" } }
}
`;

describe('Batch tracker forgets a run whose record was deleted (fake Batch API)', function () {
  this.timeout(120000);
  fakeApiForSuite();

  before(async () => {
    await vscode.workspace.fs.writeFile(uri(`${DIR}/image-studio.json`), new TextEncoder().encode(MANIFEST));
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.workspace.fs.delete(uri(DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it('keeps a running batch while its record exists and forgets it once the record is deleted', async () => {
    const submitted = await vscode.commands.executeCommand<{ batches: string[] }>('imageStudio.assets.buildAll', { mode: 'batch' });
    assert.equal(submitted.batches.length, 1, JSON.stringify(submitted));
    const batchId = submitted.batches[0]!;

    const model = new AssetManifests(new HostCalendar(process.env), () => BUILT_IN_MODELS);
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) };
    const connect = async () => ({ api: new BatchApiClient(readProviderConfig(), TEST_KEY, fetch), provider: readProviderConfig(), fetch });
    const tracker = new BatchTracker(model, connect, log, () => undefined);
    try {
      await tracker.start();
      const tracked = () => tracker.runs.map((t) => t.run.batchId).filter((id) => id === batchId);
      assert.deepEqual(tracked(), [batchId], 'the running batch is tracked from its record');
      await tracker.pollNow();
      assert.deepEqual(tracked(), [batchId], 'a run whose record exists is kept');

      await vscode.workspace.fs.delete(uri(`${DIR}/.image-studio/batches/${batchId}.json`), { useTrash: false });
      await tracker.pollNow();
      assert.deepEqual(tracked(), [], 'the run whose record was deleted is still polled');
      assert.ok(
        logged.some((m) => /Forgot 1 batch run\(s\) whose record was deleted/.test(m)),
        logged.join('\n'),
      );
    } finally {
      tracker.dispose();
      model.dispose();
    }
  });
});
