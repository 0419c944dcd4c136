// Reliability: cancelling (the CLI's Ctrl-C signal) at each stage leaves only whole images with
// their sidecars; and a load of 20 generations at once against a rate-limiting server settles with
// every image saved exactly once, never more requests in flight than the configured concurrency.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeImagesApi } from '../../fakeServer/server';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import type { FetchLike } from '../../../src/core/types';
import { CANARY_KEY, holdUntilReleased, undiciFetchLike } from '../support';
import { assertOnlyCompleteImages, makeTempDir, removeTempDir, runCliAgainst, until } from './cliHarness';

/** One way to cancel: how to set the server up, and when to pull the plug. */
interface CancelCase {
  name: string;
  /** Sets the fake up; `held` settles only after the run has ended (a stage the fake holds on it). */
  setup(server: FakeImagesApi, held: Promise<void>): void;
  args: string[];
  /** Aborts the controller at the right moment; resolves once it did. */
  cancel(server: FakeImagesApi, abort: () => void, stderr: () => string): Promise<void> | void;
  /** Cancel exactly when the image download starts (seen by the transport). */
  atDownload?: boolean;
  /** Requests the fake saw, and images that must be on disk afterwards. */
  requests: number;
  images: number;
}

const posts = (s: FakeImagesApi) => s.requests.filter((r) => r.method === 'POST').length;

/** Cancel stages (6 rows). */
export const CANCEL_CASES: CancelCase[] = [
  { name: 'before sending', setup: () => {}, args: [], cancel: (_s, abort) => abort(), requests: 0, images: 0 },
  {
    name: 'while waiting for the answer',
    setup: (s, held) => s.queueFault({ kind: 'wait_for', release: held }),
    args: [],
    cancel: async (s, abort) => {
      await until(() => posts(s) === 1, 'the request');
      abort();
    },
    requests: 1,
    images: 0,
  },
  {
    // 50 s: under the 60 s Image Studio waits, and longer than the test may run.
    name: 'between retries (during a 50 s retry-after)',
    setup: (s) => s.queueFault({ kind: 'rate_limit', retryAfterSeconds: 50 }),
    args: [],
    cancel: async (_s, abort, stderr) => {
      await until(() => /retrying/.test(stderr()), 'the retry wait');
      abort();
    },
    requests: 1,
    images: 0,
  },
  {
    name: 'while streaming, after the first partial image',
    setup: (s, held) => s.queueFault({ kind: 'stream_hold', afterEvents: 1, release: held }),
    args: ['--stream', '--partial-images', '3'],
    cancel: async (_s, abort, stderr) => {
      await until(() => /partial image 1 of image 1/.test(stderr()), 'a partial');
      abort();
    },
    requests: 1,
    images: 0,
  },
  {
    name: 'mid-batch: the image that already arrived is saved with its sidecar',
    setup: (s, held) => {
      s.setMode({ provider: 'compatible' });
      // The first request answers at once; the second is held until the run has ended.
      s.queueFault({ kind: 'slow_headers', delayMs: 0 });
      s.queueFault({ kind: 'wait_for', release: held });
    },
    args: ['--provider', 'compatible', '--model', 'dall-e-3', '--response-format', 'b64_json', '--n', '3', '--concurrency', '1'],
    cancel: async (s, abort) => {
      await until(() => posts(s) === 2, 'the second request');
      abort();
    },
    requests: 2,
    images: 1,
  },
  {
    name: 'while downloading a url result',
    setup: (s) => s.setMode({ provider: 'compatible', responseStyle: 'url' }),
    args: ['--provider', 'compatible', '--model', 'dall-e-2', '--size', '256x256', '--n', '2'],
    atDownload: true,
    cancel: () => {},
    requests: 1,
    images: 0,
  },
];

describe('reliability: cancel at each stage through the CLI', function () {
  this.timeout(20000);
  let dir: string;
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => {
    server.setMode({ provider: 'openai', latencyMs: 0, streamEventDelayMs: 0, responseStyle: undefined });
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  for (const c of CANCEL_CASES) {
    it(c.name, async () => {
      // Released only once the run has ended: a cancel that waited the stage out never ends.
      const held = holdUntilReleased();
      c.setup(server, held.promise);
      const controller = new AbortController();
      let stderr = '';
      // The transport sees the GET of a url result start: the moment to cancel "while downloading".
      const fetch: FetchLike = (url, init) => {
        if (c.atDownload && init.method === 'GET') controller.abort();
        return undiciFetchLike(url, init);
      };
      const running = runCliAgainst(server, ['generate', '--prompt', 'a harbour', '--out', dir, ...c.args], {
        signal: controller.signal,
        onStderr: (t) => (stderr += t),
        fetch,
      });
      await c.cancel(
        server,
        () => controller.abort(),
        () => stderr,
      );
      const r = await running;
      held.release();
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /cancelled/);
      assert.equal(posts(server), c.requests);
      assertOnlyCompleteImages(dir, c.images);
    });
  }
});

describe('reliability: load (20 generations at once, server rate-limiting)', function () {
  this.timeout(60000);
  let dir: string;
  const server = useFakeImagesApi({ apiKey: CANARY_KEY, provider: 'compatible', latencyMs: 50 });
  afterEach(() => removeTempDir(dir));

  it('every image is saved exactly once, within the configured concurrency', async () => {
    dir = makeTempDir();
    // Six 429s with retry-after 0.2–1 s land on whichever requests come first.
    for (const s of [1, 0.2, 0.5, 1, 0.2, 0.5]) server.queueFault({ kind: 'rate_limit', retryAfterSeconds: s });
    // dall-e-3 takes one image per request: n=20 is 20 requests run by the batch runner.
    const r = await runCliAgainst(server, [
      'generate',
      '--provider',
      'compatible',
      '--model',
      'dall-e-3',
      '--response-format',
      'b64_json',
      '--prompt',
      'twenty tiles',
      '--n',
      '20',
      '--concurrency',
      '4',
      '--max-retries',
      '3',
      '--out',
      dir,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: Array<{ path: string; index: number }>; requestIds: string[] };
    assert.deepEqual(
      out.files.map((f) => f.index).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i),
      'each batch index once',
    );
    const images = assertOnlyCompleteImages(dir, 20);
    assert.equal(new Set(images).size, 20);
    const posted = server.requests.filter((q) => q.method === 'POST');
    assert.equal(posted.length, 26, '20 requests plus one retry per 429');
    assert.equal(posted.filter((q) => q.status === 200).length, 20, 'exactly 20 answered with an image');
    assert.ok(server.maxConcurrency <= 4 && server.maxConcurrency >= 2, `max in flight ${server.maxConcurrency}`);
    // Each saved file is one distinct answer: the sidecars name 20 different request ids.
    const ids = images.map((i) => (JSON.parse(readFileSync(join(dir, `${i}.json`), 'utf8')) as { requestIds: string[] }).requestIds.join());
    assert.equal(new Set(ids).size, 20);
  });
});
