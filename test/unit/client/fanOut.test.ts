import assert from 'node:assert/strict';
import { editImages, generateImages, splitCount } from '../../../src/core/engine/fanOut';
import { buildProvenance } from '../../../src/core/provenance';
import type { PartialImage } from '../../../src/core/types';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, png, rejection } from '../support';

describe('batch runner (fan-out)', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY, provider: 'compatible' });
  beforeEach(() => {
    server.setMode({ latencyMs: 0 });
  });
  const compat = () => clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl });

  it('splits counts by the per-request limit', () => {
    assert.deepEqual(splitCount(5, 1), [1, 1, 1, 1, 1]);
    assert.deepEqual(splitCount(23, 10), [10, 10, 3]);
  });

  it('splits dall-e-3 n=4 into single requests, at most `concurrency` at once, in index order', async () => {
    server.setMode({ latencyMs: 150 });
    const res = await generateImages(compat(), { model: 'dall-e-3', prompt: 'x', n: 4, responseFormat: 'b64_json' }, { concurrency: 2 });
    assert.equal(server.requests.length, 4);
    assert.ok(server.requests.every((r) => r.fields.n === 1));
    assert.equal(server.maxConcurrency, 2);
    assert.deepEqual(
      res.images.map((i) => i.index),
      [0, 1, 2, 3],
    );
    assert.equal(res.requestIds.length, 4);
    assert.deepEqual(res.images.map((i) => i.requestId).sort(), [...res.requestIds].sort());
    assert.deepEqual(res.failures, []);
  });

  it("hands each request's images to onResult as soon as it completes, and keeps only metadata", async () => {
    server.setMode({ latencyMs: 120 });
    const arrivals: Array<{ indexes: number[]; requestsSoFar: number }> = [];
    const res = await generateImages(
      compat(),
      { model: 'dall-e-3', prompt: 'x', n: 3, responseFormat: 'b64_json' },
      {
        concurrency: 1,
        onResult: (r) => {
          arrivals.push({ indexes: r.images.map((i) => i.index), requestsSoFar: server.requests.length });
        },
      },
    );
    // With one request at a time, each result is delivered before the next request is even sent.
    assert.deepEqual(arrivals, [
      { indexes: [0], requestsSoFar: 1 },
      { indexes: [1], requestsSoFar: 2 },
      { indexes: [2], requestsSoFar: 3 },
    ]);
    assert.deepEqual(res.images, [], 'the batch no longer holds the images it handed over');
    assert.equal(res.requestIds.length, 3);
  });

  it("gives each request's result its share of a split n, so a sidecar says what that request asked for", async () => {
    const request = { model: 'dall-e-3', prompt: 'x', n: 2, responseFormat: 'b64_json' as const };
    const shares: unknown[] = [];
    const sidecars: Array<{ n: unknown; fanOut: unknown }> = [];
    await generateImages(compat(), request, {
      concurrency: 1,
      onResult: async (r) => {
        shares.push(r.fanOut);
        const p = await buildProvenance({
          request,
          result: r,
          image: r.images[0]!,
          provider: { kind: 'compatible', baseUrl: server.baseUrl },
          createdAt: new Date(0),
        });
        sidecars.push({ n: p.parameters.n, fanOut: p.fanOut });
      },
    });
    assert.deepEqual(shares, [
      { requestN: 1, jobN: 2, requests: 2 },
      { requestN: 1, jobN: 2, requests: 2 },
    ]);
    // Two 1-image requests were sent: each sidecar says n: 1, and that the job's n of 2 was split in two.
    assert.deepEqual(sidecars, [
      { n: 1, fanOut: { n: 2, requests: 2 } },
      { n: 1, fanOut: { n: 2, requests: 2 } },
    ]);
  });

  it("turns a failing onResult into that request's failure, and goes on with the others", async () => {
    let calls = 0;
    const res = await generateImages(
      compat(),
      { model: 'dall-e-3', prompt: 'x', n: 2, responseFormat: 'b64_json' },
      {
        concurrency: 1,
        onResult: () => {
          if (calls++ === 0) throw new Error('disk full');
        },
      },
    );
    assert.equal(calls, 2);
    assert.equal(res.failures.length, 1);
    assert.equal(res.failures[0]!.error.kind, 'output');
    assert.match(res.failures[0]!.error.message, /arrived but could not be handled: disk full/);
  });

  it('returns the images that arrived together with the failures', async () => {
    server.queueFault({ kind: 'moderation', categories: ['sexual'] });
    const res = await generateImages(compat(), { model: 'dall-e-3', prompt: 'x', n: 3, responseFormat: 'b64_json' }, { concurrency: 1 });
    assert.deepEqual(
      res.images.map((i) => i.index),
      [1, 2],
    );
    assert.equal(res.failures.length, 1);
    assert.equal(res.failures[0]!.firstIndex, 0);
    assert.equal(res.failures[0]!.error.kind, 'moderation');
  });

  it('throws when every request failed', async () => {
    server.queueFault({ kind: 'insufficient_quota' });
    server.queueFault({ kind: 'insufficient_quota' });
    const err = await rejection(generateImages(compat(), { model: 'dall-e-3', prompt: 'x', n: 2 }, { concurrency: 1 }));
    assert.equal(err.kind, 'quota');
  });

  it('n within the limit is one request; above it, 10 + rest', async () => {
    await generateImages(compat(), { model: 'gpt-image-1.5', prompt: 'x', n: 12, size: '1024x1024', quality: 'low' }, { concurrency: 3 });
    assert.deepEqual(server.requests.map((r) => r.fields.n).sort(), [10, 2]);
  });

  it('streams one image per request so each partial names its image in the batch', async () => {
    server.setMode({ provider: 'openai' });
    const partials: PartialImage[] = [];
    const res = await editImages(
      clientFor(server),
      { model: 'gpt-image-2', prompt: 'x', images: [png(16, 16)], n: 3, stream: true, partialImages: 1 },
      { concurrency: 3, onPartial: (p) => partials.push(p) },
    );
    server.setMode({ provider: 'compatible' });
    assert.deepEqual(partials.map((p) => p.imageIndex).sort(), [0, 1, 2]);
    assert.deepEqual(
      res.images.map((i) => i.index),
      [0, 1, 2],
    );
    assert.equal(server.requests.length, 3);
  });
});
