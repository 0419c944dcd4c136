// Batch support per model, as data: `assets build --batch` puts in the batch only the assets whose
// model's row says `batch: true`, names the others with why, and builds them interactively in the
// same run unless --batch-only. The fake refuses a 2.6 line inside a batch (line by line, as the
// secondary sources describe), so sending one there anyway fails here.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';

const MIXED = {
  defaults: { quality: 'low', size: '1024x1024' },
  assets: {
    'art/banner.png': { prompt: 'a banner with a lighthouse', model: 'gpt-image-2.6-flare' },
    'art/coin.png': { prompt: 'a gold coin', model: 'gpt-image-2' },
  },
};

describe('assets build --batch: batch support per model', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('image-studio-batch-model-');
    writeFileSync(join(dir, 'image-studio.json'), JSON.stringify(MIXED));
  });
  afterEach(() => {
    removeTempDir(dir);
  });

  const assets = (...args: string[]) => runCliAgainst(server, ['assets', ...args, '--manifest', join(dir, 'image-studio.json')]);
  const batchPosts = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches').length;
  const imageCalls = () => server.requests.filter((r) => r.endpoint);

  it('submits a batch of the gpt-image-2 asset and builds the 2.6 one interactively, saying so', async () => {
    const r = await assets('build', '--batch');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(batchPosts(), 1);
    assert.deepEqual(
      server.batches.lines().map((l) => (JSON.parse(l) as { custom_id: string; body: { model: string } }).body.model),
      ['gpt-image-2'],
    );
    assert.deepEqual(
      imageCalls().map((c) => [c.endpoint, c.fields.model]),
      [['generations', 'gpt-image-2.6-flare']],
    );
    assert.match(
      r.stderr,
      /not in the batch: art\/banner\.png \(gpt-image-2\.6-flare is not accepted by OpenAI's Batch API[^)]*\); building it interactively now/,
    );
    assert.match(r.stderr, /submitted batch batch_\w+: 1 asset\(s\)/);
    assert.match(r.stdout, /built art\/banner\.png/);
    assert.ok(existsSync(join(dir, 'art/banner.png')), 'the 2.6 asset was built now');
    assert.ok(!existsSync(join(dir, 'art/coin.png')), 'the batched asset waits for collect');
  });

  it('answers once in JSON, and --batch-only leaves the 2.6 asset unbuilt', async () => {
    const only = await assets('build', '--batch', '--batch-only', '--json');
    assert.equal(only.code, 0, only.stderr);
    const answer = JSON.parse(only.stdout) as {
      batches: Array<{ assets: string[] }>;
      notInBatch: Array<{ path: string; builtNow: boolean }>;
    };
    assert.deepEqual(answer.batches[0]!.assets, ['art/coin.png']);
    assert.deepEqual(
      answer.notInBatch.map((a) => [a.path, a.builtNow]),
      [['art/banner.png', false]],
    );
    assert.equal(imageCalls().length, 0, 'nothing built interactively');
    assert.ok(!existsSync(join(dir, 'art/banner.png')));

    const both = await assets('build', '--batch', '--json');
    const out = JSON.parse(both.stdout) as { notInBatch: Array<{ path: string }>; built: Array<{ path: string }>; skipped: unknown[] };
    assert.deepEqual(
      out.built.map((b) => b.path),
      ['art/banner.png'],
    );
    assert.equal(out.notInBatch[0]!.path, 'art/banner.png');
    assert.equal(both.stdout.trim().split('\n').length, 1, 'one JSON answer');
    assert.equal(batchPosts(), 1, 'the coin was already in a batch');
  });

  it('is data: a 2.6 model declared batchable goes in the batch, where the fake fails its line', async () => {
    const models = join(dir, 'models.json');
    writeFileSync(models, JSON.stringify([{ id: 'gpt-image-2.6-flare', batch: true }]));
    const r = await runCliAgainst(server, ['assets', 'build', '--batch', '--manifest', join(dir, 'image-studio.json')], {
      env: { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl, IMAGE_STUDIO_MODELS: models },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(imageCalls().length, 0);
    assert.equal(server.batches.lines().length, 2);
    await server.batches.advance();
    await server.batches.advance();
    await server.batches.advance();
    const collected = await assets('batch', 'collect');
    assert.equal(collected.code, 1);
    assert.match(collected.stderr, /failed art\/banner\.png: .*not supported in the Batch API/);
  });

  it('--batch-only needs --batch', async () => {
    const r = await assets('build', '--batch-only');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--batch-only goes with --batch/);
  });
});
