import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { FakeFault } from '../../fakeServer/faults';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, png, rejection } from '../support';

describe('client: error mapping', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => server.setMode({ provider: 'openai', apiKey: CANARY_KEY }));

  const cases: Array<[string, FakeFault, Record<string, unknown>, RegExp]> = [
    [
      'moderation with categories',
      { kind: 'moderation', categories: ['violence', 'self-harm'] },
      { kind: 'moderation', status: 400, code: 'moderation_blocked' },
      /safety system refused.*violence, self-harm.*moderation "low"/,
    ],
    [
      'invalid parameter',
      { kind: 'invalid_value', param: 'size', message: "Invalid value: '999x999'." },
      { kind: 'invalid_request', param: 'size' },
      /Parameter: size.*999x999/,
    ],
    ['billing limit', { kind: 'billing' }, { kind: 'billing', code: 'billing_hard_limit_reached' }, /billing hard limit.*billing/],
    ['invalid key', { kind: 'invalid_key' }, { kind: 'invalid_key', status: 401 }, /Set the key again/],
    [
      'organization verification',
      { kind: 'verification' },
      { kind: 'verification_required', status: 403 },
      /verified.*organization\/general.*15 minutes/,
    ],
    ['quota (never retried)', { kind: 'insufficient_quota' }, { kind: 'quota', status: 429 }, /quota/],
    ['model not found (unknown to the table)', { kind: 'model_not_found' }, { kind: 'model_not_found', status: 404 }, /does not exist/],
  ];
  for (const [name, fault, expected, message] of cases) {
    it(`maps ${name}`, async () => {
      server.queueFault(fault);
      const err = await rejection(clientFor(server, { maxRetries: 2 }).generate({ model: 'gpt-image-2', prompt: 'x' }));
      for (const [k, v] of Object.entries(expected)) assert.equal(err[k], v, `${k} in ${err.message}`);
      assert.match(err.message, message);
      assert.match(err.message, /\(request id req_fake_\d+\)$/);
      assert.equal(err.requestId, server.requests.at(-1)!.headers['x-request-id'] ?? err.requestId);
      assert.ok(!err.message.includes(CANARY_KEY));
      if (fault.kind === 'moderation') assert.deepEqual(err.categories, ['violence', 'self-harm']);
    });
  }

  it('a model retired on OpenAI is refused before sending, naming its replacement', async () => {
    server.reset();
    const err = await rejection(clientFor(server).generate({ model: 'dall-e-3', prompt: 'x' }));
    assert.equal(err.kind, 'model_retired');
    assert.equal(err.replacement, 'gpt-image-2.6-sunburst');
    assert.match(err.message, /dall-e-3 was retired on 2026-05-12; use gpt-image-2.6-sunburst instead\. Nothing was sent/);
    const err1 = await rejection(clientFor(server).edit({ model: 'gpt-image-1', prompt: 'x', images: [png(8, 8)] }));
    assert.equal(err1.kind, 'model_retired');
    assert.equal(server.requests.length, 0);
  });

  it('a model_not_found answer for a model the table replaces names the replacement', async () => {
    server.queueFault({ kind: 'model_not_found' });
    const err = await rejection(clientFor(server).generate({ model: 'gpt-image-1.5', prompt: 'x' }));
    assert.equal(err.kind, 'model_retired');
    assert.equal(err.replacement, 'gpt-image-2.6-sunburst');
    assert.match(err.message, /gpt-image-1.5 is retired.*use gpt-image-2.6-sunburst instead/);
  });

  it('a wrong key is invalid_key and the key the server echoed is never shown', async () => {
    server.setMode({ apiKey: 'sk-the-right-one' });
    const err = await rejection(clientFor(server, { maxRetries: 0 }).generate({ model: 'gpt-image-2', prompt: 'x' }));
    assert.equal(err.kind, 'invalid_key');
    assert.ok(!JSON.stringify({ m: err.message, ...err }).includes(CANARY_KEY));
  });

  it('the fake refusal of a bad request is invalid_request with its param (validation bypassed via unknown model on compatible)', async () => {
    server.setMode({ provider: 'compatible' });
    const err = await rejection(
      clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl }).generate({
        model: 'mystery',
        prompt: 'x',
        partialImages: 2,
        stream: false,
      } as never),
    );
    // partial_images without stream is refused locally first
    assert.equal(err.kind, 'validation');
  });

  it('server 5xx after retries is a server error; malformed JSON is invalid_response', async () => {
    for (let i = 0; i < 3; i++) server.queueFault({ kind: 'server_error', status: 503 });
    const err = await rejection(
      clientFor(server, { maxRetries: 2, clock: { now: Date.now, random: () => 0, sleep: async () => undefined } }).generate({
        model: 'gpt-image-2',
        prompt: 'x',
      }),
    );
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 503);
    server.queueFault({ kind: 'malformed_json' });
    const bad = await rejection(clientFor(server).generate({ model: 'gpt-image-2', prompt: 'x' }));
    assert.equal(bad.kind, 'invalid_response');
    assert.match(bad.message, /not valid JSON.*request id/);
  });

  it('validation refusals name the parameter, the value and what the model accepts, and send nothing', async () => {
    const count = server.requests.length;
    const err = await rejection(clientFor(server).generate({ model: 'gpt-image-1.5', prompt: 'x', responseFormat: 'url' }));
    assert.equal(err.kind, 'validation');
    assert.equal(
      err.message,
      "gpt-image-1.5 does not accept response_format 'url': it accepts no response_format (it always returns b64_json).",
    );
    assert.equal(server.requests.length, count);
  });

  it('network failures say so without the key', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const err = await rejection(
      clientFor(server, { maxRetries: 0 }, { kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` }).generate({
        model: 'gpt-image-2',
        prompt: 'x',
      }),
    );
    assert.equal(err.kind, 'network');
    assert.match(err.message, /Could not connect.*ECONNREFUSED/);
    assert.ok(!err.message.includes(CANARY_KEY));
  });
});
