// The chain and the gates as jobs of the pixel runner: plain data in and out, the same outcome in
// the host's worker thread as in-thread, the processed PNG moved (not copied) back, and failures
// as outcomes rather than crashes.
import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { runPixelJob, type PixelJob } from '../../../src/core/image/pixelJobs';
import { runPixelJobOffThread } from '../../../src/host/services/imageWorkerClient';
import { decodePngRgba, encodeRgbaPng } from '../../support/png';
import { noiseRgba } from '../../fixtures/pixelPatterns';
import { keyedSpriteRgba } from '../../fixtures/spritePatterns';

describe('image jobs: process and check', function () {
  this.timeout(60000);
  const sprite = encodeRgbaPng(keyedSpriteRgba(160, 120));
  const processJob: PixelJob = {
    kind: 'process',
    png: sprite,
    steps: [
      { op: 'removeBackground', color: 'auto', tolerance: 48 },
      { op: 'trim', threshold: 0 },
      { op: 'resize', width: 32, height: 32, fit: 'contain', kernel: 'lanczos3' },
      {
        op: 'quantize',
        palette: 'p.hex',
        paletteColors: [
          [0, 0, 0],
          [200, 120, 40],
          [40, 24, 16],
        ],
      },
    ],
  };

  it('runs the chain in the worker thread with the in-thread result, byte for byte', async () => {
    const here = await runPixelJob(processJob);
    const there = await runPixelJobOffThread(processJob);
    assert.equal(there.inWorker, true);
    assert.notEqual(there.threadId, threadId);
    assert.ok(here.kind === 'process' && here.result && !here.error);
    assert.deepEqual(there.outcome, here);
    const out = decodePngRgba(here.result.png);
    assert.deepEqual([out.width, out.height], [32, 32]);
    assert.deepEqual(
      here.result.records.map((r) => r.step),
      ['removeBackground', 'trim', 'resize', 'quantize'],
    );
  });

  it('a step that cannot run is an outcome with its code, in the worker too', async () => {
    const job: PixelJob = {
      kind: 'process',
      png: encodeRgbaPng(noiseRgba(16, 16)),
      steps: [{ op: 'removeBackground', color: 'auto', tolerance: 48 }],
    };
    const there = await runPixelJobOffThread(job);
    assert.equal(there.outcome.kind, 'process');
    assert.equal(there.outcome.kind === 'process' && there.outcome.error?.code, 'no_background');
    const notPng = await runPixelJob({ kind: 'process', png: new Uint8Array([1, 2, 3]), steps: [] });
    assert.equal(notPng.kind === 'process' && notPng.error?.code, 'not_png');
  });

  it('runs the gates in the worker thread, with the in-thread report', async () => {
    const job: PixelJob = { kind: 'check', bytes: sprite, checks: { size: { width: 32, height: 32 }, alpha: true, maxColors: 8 } };
    const here = await runPixelJob(job);
    const there = await runPixelJobOffThread(job);
    assert.equal(there.inWorker, true);
    assert.deepEqual(there.outcome, here);
    assert.deepEqual(here.kind === 'check' && here.report.failures.map((f) => f.code), [
      'size_mismatch',
      'alpha_missing',
      'too_many_colors',
    ]);
  });

  it('falls back to in-thread work when no worker starts, with the same outcome', async () => {
    const fallback = await runPixelJobOffThread(processJob, '/nonexistent/imageWorker.js');
    assert.equal(fallback.inWorker, false);
    assert.deepEqual(fallback.outcome, await runPixelJob(processJob));
  });
});
