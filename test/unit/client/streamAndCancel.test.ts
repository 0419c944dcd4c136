import assert from 'node:assert/strict';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import type { PartialImage } from '../../../src/core/types';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { until } from '../reliability/cliHarness';
import { CANARY_KEY, clientFor, holdUntilReleased, png, recordingClock, rejection } from '../support';

describe('client: streaming', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => {
    server.setMode({ streamEventDelayMs: 0 });
  });

  it('delivers partial images as they arrive, then the final image with usage', async () => {
    // The fake holds the stream after the first partial until that partial has reached the caller:
    // a client that delivered partials only at the end would never finish.
    const held = holdUntilReleased();
    server.queueFault({ kind: 'stream_hold', afterEvents: 1, release: held.promise });
    const partials: PartialImage[] = [];
    const res = await clientFor(server).generate(
      { model: 'gpt-image-2', prompt: 'x', size: '1024x640', stream: true, partialImages: 2 },
      {
        onPartial: (p) => {
          partials.push(p);
          held.release();
        },
      },
    );
    assert.equal(server.requests[0]!.headers.accept, 'text/event-stream');
    assert.deepEqual(
      partials.map((p) => [p.imageIndex, p.partialIndex, p.format]),
      [
        [0, 0, 'png'],
        [0, 1, 'png'],
      ],
    );
    assert.equal(readImageInfo(partials[0]!.bytes)?.width, 1024);
    assert.equal(res.images.length, 1);
    assert.ok(res.usage?.total_tokens);
    assert.equal(res.size, '1024x640');
  });

  it('streams edits (image_edit.* events)', async () => {
    const partials: PartialImage[] = [];
    const res = await clientFor(server).edit(
      { model: 'gpt-image-1.5', prompt: 'x', images: [png(16, 16)], stream: true, partialImages: 1 },
      { onPartial: (p) => partials.push(p) },
    );
    assert.equal(partials.length, 1);
    assert.equal(res.images.length, 1);
  });

  it('an error event ends the stream with an error', async () => {
    server.queueFault({ kind: 'stream_error', afterEvents: 1 });
    const partials: PartialImage[] = [];
    const err = await rejection(
      clientFor(server).generate(
        { model: 'gpt-image-2', prompt: 'x', stream: true, partialImages: 3 },
        { onPartial: (p) => partials.push(p) },
      ),
    );
    assert.equal(partials.length, 1);
    assert.equal(err.kind, 'server');
    assert.match(err.message, /could not be finished.*request id req_fake_/);
  });

  it('a stream cut mid-way is a network error and is not retried', async () => {
    server.queueFault({ kind: 'stream_cut', afterEvents: 2 });
    const clock = recordingClock();
    const err = await rejection(
      clientFor(server, { clock }).generate({ model: 'gpt-image-2', prompt: 'x', stream: true, partialImages: 3 }),
    );
    assert.equal(err.kind, 'network');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
  });
});

describe('client: cancellation', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  const req = { model: 'gpt-image-2', prompt: 'x' };

  it('before sending: nothing is sent', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await rejection(clientFor(server).generate(req, { signal: ac.signal }));
    assert.equal(err.kind, 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  // The fake holds the answer until the test releases it, and the test releases it only after the
  // call has ended: a cancel that waited for the answer would never end (the test times out).
  it('while waiting for headers', async () => {
    const held = holdUntilReleased();
    server.queueFault({ kind: 'wait_for', release: held.promise });
    const ac = new AbortController();
    const call = rejection(clientFor(server).generate(req, { signal: ac.signal }));
    await until(() => server.requests.length === 1, 'the request to arrive');
    ac.abort();
    const err = await call;
    held.release();
    assert.equal(err.kind, 'cancelled');
  });

  it('while uploading a large multipart body', async () => {
    const ac = new AbortController();
    const big = png(1024, 1024);
    const noisy = { ...big, bytes: new Uint8Array(40 * 1024 * 1024) };
    noisy.bytes.set(big.bytes);
    const p = clientFor(server).edit(
      { model: 'gpt-image-2', prompt: 'x', images: [noisy] },
      { signal: ac.signal, onStage: (s) => s.stage === 'sending' && setTimeout(() => ac.abort(), 5) },
    );
    const err = await rejection(p);
    assert.equal(err.kind, 'cancelled');
  });

  it('while streaming, after the first partial', async () => {
    const held = holdUntilReleased();
    server.queueFault({ kind: 'stream_hold', afterEvents: 1, release: held.promise });
    const ac = new AbortController();
    const partials: PartialImage[] = [];
    const err = await rejection(
      clientFor(server).generate(
        { ...req, stream: true, partialImages: 3 },
        { signal: ac.signal, onPartial: (p) => (partials.push(p), ac.abort()) },
      ),
    );
    held.release();
    assert.equal(err.kind, 'cancelled');
    assert.equal(partials.length, 1);
  });

  it('between retries', async () => {
    // A 50 s retry-after (under the 60 s Image Studio waits): waiting it out would outlast the test.
    server.queueFault({ kind: 'rate_limit', retryAfterSeconds: 50 });
    const ac = new AbortController();
    const err = await rejection(
      clientFor(server).generate(req, { signal: ac.signal, onStage: (s) => s.stage === 'retrying' && queueMicrotask(() => ac.abort()) }),
    );
    assert.equal(err.kind, 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  it('while downloading a url result', async () => {
    server.setMode({ provider: 'compatible', latencyMs: 0 });
    const ac = new AbortController();
    const err = await rejection(
      clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl }).generate(
        { model: 'dall-e-2', prompt: 'x', size: '256x256' },
        { signal: ac.signal, onStage: (s) => s.stage === 'downloading' && ac.abort() },
      ),
    );
    server.setMode({ provider: 'openai' });
    assert.equal(err.kind, 'cancelled');
  });
});
