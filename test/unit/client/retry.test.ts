import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { backoffMs, retryAfterMs } from '../../../src/core/client/retry';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { clientFor, CANARY_KEY, recordingClock, rejection } from '../support';

describe('client: retries', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  const req = { model: 'gpt-image-2', prompt: 'x' };

  it('honours a real retry-after of 1 s on 429 (measured at the server) and succeeds', async () => {
    server.queueFault({ kind: 'rate_limit', retryAfterSeconds: 1 });
    const stages: string[] = [];
    const res = await clientFor(server).generate(req, {
      onStage: (s) => stages.push(s.stage === 'retrying' ? `retrying:${s.delayMs}` : s.stage),
    });
    assert.equal(res.images.length, 1);
    assert.equal(server.requests.length, 2);
    const gap = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    assert.ok(gap >= 990 && gap < 2500, `gap ${gap} ms`);
    assert.ok(stages.includes('retrying:1000'), stages.join());
    assert.equal(res.requestIds.length, 2, 'both attempts keep their request id');
  });

  it('prefers retry-after-ms, and falls back to exponential backoff with jitter', async () => {
    const clock = recordingClock();
    server.queueFault({ kind: 'rate_limit', retryAfterMs: 250, retryAfterSeconds: 9 });
    server.queueFault({ kind: 'server_error', status: 500 });
    await clientFor(server, { clock }).generate(req);
    assert.deepEqual(clock.sleeps, [250, Math.round(1000 * (1 - 0.125))]);
    assert.equal(server.requests.length, 3);
  });

  it('stops after maxRetries (default 2) and reports the last error', async () => {
    const clock = recordingClock();
    for (let i = 0; i < 4; i++) server.queueFault({ kind: 'server_error', status: 503 });
    const err = await rejection(clientFor(server, { clock }).generate(req));
    assert.equal(err.kind, 'server');
    assert.equal(server.requests.length, 3);
    assert.equal(clock.sleeps.length, 2);
  });

  it('reads retry-after of any length (the client decides), and computes backoff', () => {
    const h = new Headers({ 'retry-after': '120' });
    assert.equal(retryAfterMs(h, Date.now()), 120_000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }), Date.now())! > 3000, true);
    assert.equal(backoffMs(0, 0), 500);
    assert.equal(backoffMs(10, 0), 8000);
    assert.equal(backoffMs(1, 1), 750);
  });

  for (const [name, fault] of [
    ['insufficient_quota', { kind: 'insufficient_quota' }],
    ['400 invalid value', { kind: 'invalid_value', param: 'prompt' }],
    ['a connection reset mid-body', { kind: 'reset_mid_body' }],
    ['a reset after the request was sent', { kind: 'reset_before_response' }],
    ['moderation', { kind: 'moderation' }],
  ] as const) {
    it(`never retries ${name}`, async () => {
      const clock = recordingClock();
      server.queueFault(fault);
      const err = await rejection(clientFor(server, { clock }).generate(req));
      assert.equal(server.requests.length, 1, err.message);
      assert.deepEqual(clock.sleeps, []);
    });
  }

  it('a timeout after the request was sent is reported, not retried', async () => {
    server.queueFault({ kind: 'slow_headers', delayMs: 800 });
    const t0 = Date.now();
    const err = await rejection(clientFor(server, { timeoutMs: 200, clock: recordingClock() }).generate(req));
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /within 0 s|not retried/);
    assert.ok(Date.now() - t0 < 700);
    assert.equal(server.requests.length, 1);
  });

  it('retries a refused connection (nothing was sent) and succeeds once the server is up', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    let late: FakeImagesApi | undefined;
    const clock = recordingClock();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      late ??= await startFakeImagesApi({ apiKey: CANARY_KEY, port });
      return sleep(ms, signal);
    };
    try {
      const res = await clientFor(server, { clock }, { kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` }).generate(req);
      assert.equal(res.images.length, 1);
      assert.equal(clock.sleeps.length, 1);
      assert.equal(late!.requests.length, 1);
    } finally {
      await late?.close();
    }
  });
});
