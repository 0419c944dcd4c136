// Restricted Mode: a cloned repository's manifest and batch records never make the extension build,
// poll or collect on its own; only the user's click does. The harness runs this suite (its path
// holds "security/hostileWorkspace") in the trusted session and again in Restricted Mode.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BatchApiClient } from '../../../src/core/batch/batchApi';
import { AssetManifests } from '../../../src/host/assets/assetManifests';
import { HostCalendar } from '../../../src/host/services/hostCalendar';
import { BatchTracker, type TrackedRun } from '../../../src/host/assets/batchTracker';
import { readProviderConfig } from '../../../src/host/services/settings';
import type { AssetBuildResult } from '../../../src/host/assets/assetsCommands';
import { fakeApiForSuite, TEST_KEY, workspaceFolder } from '../support/fakeApi';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const DIR = 'restricted-project';

describe('security: a repository with a manifest and batch records does nothing until the user clicks', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();
  const trusted = process.env.IMAGE_STUDIO_TEST_TRUST !== 'untrusted';
  const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, DIR, rel);
  const write = (rel: string, value: unknown): Thenable<void> =>
    vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));

  before(async () => {
    if (process.env.IMAGE_STUDIO_TEST_TRUST) assert.equal(vscode.workspace.isTrusted, trusted);
    await write('image-studio.json', {
      defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' },
      assets: { 'a.png': { prompt: 'p' } },
    });
    // A record the repository brought along, for a batch "still running".
    await write('.image-studio/batches/batch_fromrepo.json', {
      runVersion: 1,
      batchId: 'batch_fromrepo',
      endpoint: '/v1/images/generations',
      inputFileId: 'file-x',
      submittedAt: '2026-11-20T10:00:00.000Z',
      provider: { kind: 'openai' },
      assets: [{ path: 'a.png', specHash: '0'.repeat(64), customId: `a.png#${'0'.repeat(64)}` }],
      batch: {
        id: 'batch_fromrepo',
        status: 'in_progress',
        endpoint: '/v1/images/generations',
        inputFileId: 'file-x',
        requestCounts: { total: 1, completed: 0, failed: 0 },
        errors: [],
      },
    });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder().uri, DIR), { recursive: true, useTrash: false });
    await vscode.commands.executeCommand('imageStudio.assets.refresh');
  });

  it(`a window opening on it ${trusted ? 'polls the recorded batch' : 'asks the server nothing'} and builds nothing`, async () => {
    let connected = 0;
    const announced: TrackedRun[] = [];
    const connect = async () => {
      connected++;
      return { api: new BatchApiClient(readProviderConfig(), TEST_KEY, fetch), provider: readProviderConfig(), fetch };
    };
    const tracker = new BatchTracker(
      new AssetManifests(new HostCalendar(process.env), () => BUILT_IN_MODELS),
      connect,
      { info: () => undefined, warn: () => undefined },
      (t) => announced.push(t),
    );
    try {
      await tracker.start();
      assert.ok(tracker.find('batch_fromrepo'), 'the record was not read');
      if (trusted) assert.equal(connected, 1, 'a trusted window did not poll its running batch');
      else {
        assert.equal(connected, 0, 'Restricted Mode asked for the key to poll a batch the repository recorded');
        assert.deepEqual(
          api().requests.filter((r) => r.path.includes('/batches')),
          [],
          'Restricted Mode polled a batch',
        );
      }
      assert.equal(api().requests.filter((r) => r.endpoint).length, 0, 'an image was requested without a click');
      assert.deepEqual(announced, []);
      assert.equal(
        await Promise.resolve(vscode.workspace.fs.stat(uri('a.png'))).then(
          () => true,
          () => false,
        ),
        false,
        'an asset was built without a click',
      );
    } finally {
      tracker.dispose();
    }
  });

  it('the click does what it says: Build builds the asset', async () => {
    const r = await vscode.commands.executeCommand<AssetBuildResult>('imageStudio.assets.build', {
      manifest: uri('image-studio.json'),
      path: 'a.png',
    });
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(r.built, ['a.png']);
    assert.equal(api().requests.filter((r2) => r2.endpoint).length, 1);
  });
});
