// The extension host's result pixel work (decode, composite, alpha count) runs in a worker thread:
// same bytes as in-thread, on another thread, and in-thread when no worker can start. The timer
// ticks the host's event loop gets during each are printed as figures, never asserted (load).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { runPixelJob, type PixelJob } from '../../../src/core/image/pixelJobs';
import { encodeRgbaPng } from '../../../src/core/image/pngCodec';
import { runPixelJobOffThread } from '../../../src/host/services/imageWorkerClient';

const W = 3840;
const H = 2160;

/** A 4K RGBA picture with texture (so filters and deflate have real work) from a seed. */
function picture(seed: number, transparentBox = false): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(W * H * 4);
  let s = seed >>> 0;
  for (let p = 0, o = 0; p < W * H; p++, o += 4) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const x = p % W;
    const y = (p / W) | 0;
    data[o] = (x + (s & 15)) & 0xff;
    data[o + 1] = (y + ((s >> 4) & 15)) & 0xff;
    data[o + 2] = (x ^ y) & 0xff;
    data[o + 3] = transparentBox ? (x > 1000 && x < 2000 && y > 500 && y < 1500 ? 0 : 255) : 255 - (s & 3);
  }
  return { width: W, height: H, data };
}

/** Runs `work` while counting 1 ms interval ticks and the longest gap between them. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ value: T; ticks: number; maxGapMs: number }> {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, 1);
  try {
    const value = await work();
    maxGapMs = Math.max(maxGapMs, performance.now() - last);
    return { value, ticks, maxGapMs };
  } finally {
    clearInterval(timer);
  }
}

describe('image worker: result decoding off the extension host thread', function () {
  this.timeout(120000);
  let original: Uint8Array;
  let mask: Uint8Array;
  let result: Uint8Array;
  before(async () => {
    original = await encodeRgbaPng(picture(1));
    mask = await encodeRgbaPng(picture(2, true), 'up');
    result = await encodeRgbaPng(picture(3));
  });

  it('composites a 3840x2160 result in another thread, byte-identical to in-thread', async () => {
    const job: PixelJob = { kind: 'protect', original, mask, results: [result, undefined] };
    const here = await ticksDuring(() => runPixelJob(job));
    const there = await ticksDuring(() => runPixelJobOffThread(job));
    assert.equal(there.value.inWorker, true);
    assert.notEqual(there.value.threadId, threadId, 'the job ran on the host thread');
    assert.equal(here.value.kind, 'protect');
    assert.ok(here.value.kind === 'protect' && here.value.readable && here.value.composites[0]);
    assert.deepEqual(there.value.outcome, here.value);
    console.log(
      `      in-thread: ${here.ticks} ticks, longest gap ${here.maxGapMs.toFixed(0)} ms; worker: ${there.ticks} ticks, longest gap ${there.maxGapMs.toFixed(0)} ms`,
    );
  });

  it('counts transparent pixels of a 3840x2160 result in another thread, as in-thread', async () => {
    const job: PixelJob = { kind: 'alpha', png: mask };
    const here = await runPixelJob(job);
    const there = await runPixelJobOffThread(job);
    assert.notEqual(there.threadId, threadId);
    assert.deepEqual(there.outcome, here);
    assert.ok(here.kind === 'alpha' && here.count && here.count.transparent > 0 && here.count.total === W * H);
  });

  it('bad bytes are an outcome, not a crash, in the worker too', async () => {
    const there = await runPixelJobOffThread({ kind: 'alpha', png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) });
    assert.equal(there.inWorker, true);
    assert.deepEqual(there.outcome, { kind: 'alpha', failed: true });
    const protect = await runPixelJobOffThread({ kind: 'protect', original: new Uint8Array(), mask, results: [result] });
    assert.deepEqual(protect.outcome, { kind: 'protect', readable: false, composites: [undefined] });
  });

  it('the bundled worker (dist/imageWorker.js, beside dist/extension.js) runs on its own', async () => {
    const bundled = join(__dirname, '..', '..', '..', '..', 'dist', 'imageWorker.js');
    const job: PixelJob = { kind: 'alpha', png: mask };
    const there = await runPixelJobOffThread(job, bundled);
    assert.equal(there.inWorker, true, `${bundled} did not start`);
    assert.deepEqual(there.outcome, await runPixelJob(job));
  });

  it('falls back to in-thread work when the worker cannot start, with the same result', async () => {
    const job: PixelJob = { kind: 'alpha', png: mask };
    const fallback = await runPixelJobOffThread(job, '/nonexistent/imageWorker.js');
    assert.equal(fallback.inWorker, false);
    assert.equal(fallback.threadId, threadId);
    assert.deepEqual(fallback.outcome, await runPixelJob(job));
  });
});
