// With gates and several candidates, the first candidate that passes every gate is the one put at
// the asset's path; the others are kept as candidates as the model made them; when none passes,
// the first is used and the build says so. The API's answer is given by a fetch that returns
// chosen images, so which candidate passes is known.
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { createImagesClient } from '../../../src/core/client/imagesClient';
import { timerClock } from '../../../src/core/client/retry';
import { buildAssets } from '../../../src/core/engine/buildAssets';
import { runPixelJob } from '../../../src/core/image/pixelJobs';
import { sha256Hex } from '../../../src/core/provenance';
import { MemoryFileSystem } from '../assets/memoryFileSystem';
import { decodePngRgba, encodeRgbaPng } from '../../support/png';
import { solidRgba } from '../../fixtures/spritePatterns';
import { TODAY } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

/** A 16×16 PNG, opaque or with a transparent corner. */
function candidate(transparent: boolean, shade: number): Uint8Array {
  const image = solidRgba(16, 16, [shade, 40, 40, 255]);
  if (transparent) image.data[3] = 0;
  return encodeRgbaPng(image);
}

/** A fetch that answers every generation with these images, in order. */
function answering(images: Uint8Array[]): (input: string, init: RequestInit) => Promise<Response> {
  return async () =>
    new Response(JSON.stringify({ created: 1, data: images.map((b) => ({ b64_json: Buffer.from(b).toString('base64') })) }), {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_gated' },
    });
}

async function build(images: Uint8Array[]) {
  const fs = new MemoryFileSystem();
  const parsed = parseManifest(
    BUILT_IN_MODELS,
    JSON.stringify({
      assets: { 'art/coin.png': { prompt: 'a coin', model: 'gpt-image-2', size: '1024x1024', n: 3, checks: { alpha: true } } },
    }),
  );
  const client = createImagesClient({ kind: 'openai', baseUrl: 'https://api.openai.com/v1' }, 'sk-test', answering(images), {
    today: TODAY,
    clock: timerClock(() => 0),
    maxRetries: 0,
    models: BUILT_IN_MODELS,
  });
  const outcome = await buildAssets(parsed, {
    fs,
    dir: '/ws',
    today: TODAY,
    models: BUILT_IN_MODELS,
    client,
    adapters: { fs, pixels: runPixelJob, now: () => new Date(`${TODAY}T12:00:00Z`), decide: { transparencyFallback: async () => false } },
  });
  return { fs, outcome };
}

describe('asset builds: the first candidate that passes the gates', () => {
  it('puts the first passing candidate at the path and keeps the others as made', async () => {
    const images = [candidate(false, 10), candidate(true, 20), candidate(true, 30)];
    const { fs, outcome } = await build(images);
    assert.deepEqual(outcome.failed, []);
    const [built] = outcome.built;
    assert.deepEqual(built?.failures, []);
    assert.deepEqual(built?.warnings, []);
    assert.equal(
      await sha256Hex(await fs.readFile('/ws/art/coin.png')),
      await sha256Hex(images[1]!),
      'the second (first passing) image is not at the path',
    );
    const kept = [...fs.files.keys()].filter((k) => k.startsWith('/ws/.image-studio/candidates/art/coin.png/') && k.endsWith('.png'));
    assert.equal(kept.length, 2);
    const shades = await Promise.all(kept.map(async (k) => decodePngRgba(await fs.readFile(k)).data[0]));
    assert.deepEqual(shades.sort(), [10, 30]);
    const sidecar = JSON.parse(new TextDecoder().decode(await fs.readFile('/ws/art/coin.png.json'))) as Record<string, unknown>;
    assert.deepEqual(sidecar.checks, { passed: true, failures: [] });
  });

  it('when none passes, the first is used and the build reports its failure', async () => {
    const images = [candidate(false, 10), candidate(false, 20), candidate(false, 30)];
    const { fs, outcome } = await build(images);
    const [built] = outcome.built;
    assert.deepEqual(built?.failures, [{ code: 'alpha_missing', actual: 0, limit: 1 }]);
    assert.match(built!.warnings.join(' '), /None of the 3 candidates of art\/coin\.png passed its checks; the first one was used/);
    assert.match(built!.warnings.join(' '), /art\/coin\.png fails its checks: alpha_missing/);
    assert.equal(decodePngRgba(await fs.readFile('/ws/art/coin.png')).data[0], 10);
    const kept = [...fs.files.keys()].filter((k) => k.startsWith('/ws/.image-studio/candidates/art/coin.png/') && k.endsWith('.png'));
    assert.equal(kept.length, 2, 'the used candidate was left among the candidates');
  });
});
