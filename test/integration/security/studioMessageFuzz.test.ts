// Security: a few hundred seeded hostile messages (the unit fuzz's generator) into a real Studio
// panel whose engine is the real ImageJobRunner pointed at the fake API. No message may throw,
// send a request, or write or touch a file: afterwards the fake saw nothing and the workspace is
// unchanged.
import { HostCalendar } from '../../../src/host/services/hostCalendar';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/host/services/apiKeyStore';
import { ImageJobRunner } from '../../../src/host/services/imageJobRunner';
import { Log } from '../../../src/host/services/log';
import { StudioController } from '../../../src/host/studio/studioPanel';
import type { FakeImagesApi } from '../../fakeServer/server';
import { fuzzMessages } from '../../unit/security/messageFuzz';
import { InMemoryMemento, InMemorySecretStorage } from '../../support/memento';
import { activateExtension, EXTENSION_ID } from '../support/extension';
import { resetSettings, TEST_KEY, useFakeApi, workspaceFolder } from '../support/fakeApi';
import { listFiles } from '../support/logFiles';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

/** Seed and count, reported with the suite. */
export const STUDIO_FUZZ_SEED = 20261122;
export const STUDIO_FUZZ_COUNT = 400;

describe('security: fuzzing the real Studio panel handler', function () {
  this.timeout(120000);
  let fake: FakeImagesApi;
  let controller: StudioController;
  let log: Log;

  before(async () => {
    await activateExtension();
    fake = await useFakeApi();
    log = new Log();
    const secrets = new InMemorySecretStorage({ 'imageStudio.apiKey': TEST_KEY });
    controller = new StudioController({
      extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      log,
      memento: new InMemoryMemento(),
      // The test's own runner, on the run's pinned day too.
      generation: new ImageJobRunner(new ApiKeyStore(secrets, log), log, new HostCalendar(process.env), () => BUILT_IN_MODELS),
    });
  });
  after(async () => {
    controller.dispose();
    // Not log.dispose(): an output channel is keyed by extension and name, so disposing this Log
    // would close the extension's own "Image Studio" channel for every later test.
    await resetSettings();
    await fake.close();
  });

  it(`${STUDIO_FUZZ_COUNT} messages (seed ${STUDIO_FUZZ_SEED}): no crash, no request, no file written or touched`, async () => {
    const panel = controller.createOrShow();
    const root = workspaceFolder().uri.fsPath;
    const before = listFiles(root).sort();
    let accepted = 0;
    for (const msg of fuzzMessages(STUDIO_FUZZ_SEED, STUDIO_FUZZ_COUNT)) {
      const ok = await panel.receive(msg.raw);
      if (msg.mustRefuse) assert.equal(ok, false, msg.how);
      if (ok) accepted++;
    }
    // Let any job or action the messages could have started run to its end.
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(accepted > 0, 'some valid harmless messages were handled');
    assert.equal(fake.requests.length, 0, 'a request reached the API');
    assert.deepEqual(listFiles(root).sort(), before, 'the workspace changed');
    // A valid generate through the same panel does reach the fake: the setup could have failed.
    assert.equal(
      await panel.receive({
        messageId: 99999,
        body: { type: 'generate', jobId: 'control', params: { prompt: 'control', model: 'gpt-image-1.5', size: '1024x1024' } },
      }),
      true,
    );
    for (let i = 0; i < 100 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(fake.requests.length, 1, 'the control generate was not sent');
  });
});
