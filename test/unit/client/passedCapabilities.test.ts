import assert from 'node:assert/strict';
import { generateImages } from '../../../src/core/engine/fanOut';
import { isImageStudioError } from '../../../src/core/client/errors';

import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { CANARY_KEY, clientFor } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

// A job looks its model up once and passes the row down (`caps`): batch splitting and validation
// must use that row, not look the id up again, and must ignore a row of another model.
describe('batch and client: the capabilities a job passes down', () => {
  let server: FakeImagesApi;
  before(async () => (server = await startFakeImagesApi({ apiKey: CANARY_KEY, provider: 'compatible' })));
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    server.setMode({ latencyMs: 0 });
  });
  const compat = () => clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl });
  const row = BUILT_IN_MODELS.capabilities('gpt-image-2');

  it('splits by the passed row: one image per request when it says so', async () => {
    assert.ok(row.maxN > 1, 'the table lets gpt-image-2 make several images per request');
    await generateImages(compat(), { model: 'gpt-image-2', prompt: 'x', n: 3 }, { caps: { ...row, maxN: 1 } });
    assert.equal(server.requests.length, 3);
    assert.ok(server.requests.every((r) => r.fields.n === 1));
  });

  it('validates by the passed row, before sending', async () => {
    await assert.rejects(
      generateImages(compat(), { model: 'gpt-image-2', prompt: 'a long prompt', n: 1 }, { caps: { ...row, maxPromptChars: 5 } }),
      (e) => isImageStudioError(e, 'validation') && /prompt/.test(e.message),
    );
    assert.equal(server.requests.length, 0);
  });

  it("ignores a row of another model and looks the request's model up", async () => {
    await generateImages(
      compat(),
      { model: 'gpt-image-2', prompt: 'x', n: 3 },
      { caps: { ...BUILT_IN_MODELS.capabilities('dall-e-3'), maxN: 1 } },
    );
    assert.equal(server.requests.length, 1);
  });
});
