// The engine's own rules, in core against the fake: a rate limit's wait is shared by every request
// of a run, a billed image is never thrown away when its asset was changed by hand meanwhile, a
// build checks again only what changed, and the scheduler keeps to its limit and its order.
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { AssetStatusCache } from '../../../src/core/assets/statusCache';
import { buildAssets } from '../../../src/core/engine/buildAssets';
import { generateImages } from '../../../src/core/engine/fanOut';
import { runGraph } from '../../../src/core/engine/scheduler';
import { runPixelJob } from '../../../src/core/image/pixelJobs';
import type { EngineAdapters } from '../../../src/core/engine/engineTypes';
import type { FetchLike } from '../../../src/core/types';
import { CANARY_KEY, clientFor, recordingClock, TODAY, undiciFetchLike, useFakeImagesApi } from '../support';
import { StreamingMemoryFileSystem } from './streamingMemoryFileSystem';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const DAY = new Date(Date.UTC(2026, 5, 1, 9, 30, 0));

function adapters(fs: StreamingMemoryFileSystem): EngineAdapters {
  return { fs, pixels: runPixelJob, now: () => DAY, decide: { transparencyFallback: async () => false } };
}

describe('engine core: shared waits, billed images, linear re-checks', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });

  it('a 429 with retry-after holds the requests that start after it, not only the one that got it', async () => {
    server.setMode({ provider: 'compatible', apiKey: '' });
    server.queueFault({ kind: 'rate_limit', retryAfterSeconds: 5 });
    const clock = recordingClock();
    const client = clientFor(server, { apiKey: '', clock }, { kind: 'compatible', baseUrl: server.baseUrl });
    // dall-e-3 makes one image per request: three requests, two at a time.
    const result = await generateImages(
      client,
      { model: 'dall-e-3', prompt: 'tiles', n: 3, responseFormat: 'b64_json' },
      { concurrency: 2 },
    );
    assert.equal(result.images.length, 3);
    assert.equal(clock.sleeps[0], 5000, 'the limited request waited what the server asked');
    assert.equal(clock.sleeps.length, 2, 'the request that started after the 429 waited with it');
    assert.ok(clock.sleeps[1]! > 0 && clock.sleeps[1]! <= 5000);
  });

  it('an image that arrives for an asset changed by hand meanwhile is kept as a candidate, and said where', async () => {
    const fs = new StreamingMemoryFileSystem();
    const parsed = parseManifest(
      BUILT_IN_MODELS,
      JSON.stringify({ assets: { 'art/a.png': { prompt: 'a fox', size: '1024x1024', quality: 'low' } } }),
    );
    // The person saves a drawing at the asset's path while the request runs.
    const drawing = new TextEncoder().encode('drawn by hand');
    const fetch: FetchLike = async (url, init) => {
      fs.files.set('/ws/art/a.png', drawing);
      return undiciFetchLike(url, init);
    };
    const outcome = await buildAssets(parsed, {
      fs,
      dir: '/ws',
      today: TODAY,
      models: BUILT_IN_MODELS,
      client: clientFor(server, { fetch }),
      adapters: adapters(fs),
    });
    assert.deepEqual(outcome.built, []);
    assert.equal(outcome.failed.length, 1);
    assert.match(outcome.failed[0]!.message, /changed by hand/);
    const kept = fs.list().filter((p) => p.startsWith('/ws/.image-studio/candidates/art/a.png/') && p.endsWith('.png'));
    assert.equal(kept.length, 1, 'the billed image is kept');
    assert.ok(outcome.failed[0]!.message.includes(kept[0]!), 'the message names where it is');
    assert.deepEqual(fs.files.get('/ws/art/a.png'), drawing, 'the drawing is untouched');
  });

  it('after an asset is built, only the assets that use it are worked out again', async () => {
    const assets: Record<string, unknown> = { 'base.png': { prompt: 'base' }, 'user.png': { prompt: 'u', inputs: ['base.png'] } };
    for (let i = 0; i < 50; i++) assets[`solo-${i}.png`] = { prompt: `solo ${i}` };
    const parsed = parseManifest(BUILT_IN_MODELS, JSON.stringify({ assets }));
    const fs = new StreamingMemoryFileSystem();
    let reads = 0;
    const counting = new Proxy(fs, {
      get: (target, key) =>
        key === 'readFile'
          ? (path: string) => {
              reads++;
              return target.readFile(path);
            }
          : (Reflect.get(target, key, target) as unknown),
    });
    const cache = new AssetStatusCache(parsed, { fs: counting, dir: '/ws', today: TODAY, models: BUILT_IN_MODELS });
    await cache.all();
    const afterFirst = reads;
    cache.invalidate('base.png');
    await cache.all();
    assert.ok(reads - afterFirst <= 4, `checking again read ${reads - afterFirst} files; only base.png and user.png should be read`);
    assert.deepEqual([...cache.usersOf('base.png')], ['user.png']);
  });

  it('the scheduler starts a node once its inputs are done, in the given order, never more than the limit', async () => {
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const release = new Map<string, () => void>();
    const work = (key: string): Promise<void> => {
      started.push(key);
      running++;
      most = Math.max(most, running);
      return new Promise((resolve) =>
        release.set(key, () => {
          running--;
          resolve();
        }),
      );
    };
    const graph = runGraph(
      [
        { key: 'a', after: [] },
        { key: 'b', after: ['a'] },
        { key: 'c', after: [] },
        { key: 'd', after: [] },
      ],
      2,
      work,
    );
    const settle = () => new Promise((r) => setImmediate(r));
    await settle();
    assert.deepEqual(started, ['a', 'c']);
    release.get('a')!();
    await settle();
    assert.deepEqual(started, ['a', 'c', 'b'], 'b starts as soon as a is done, before d');
    release.get('c')!();
    await settle();
    release.get('b')!();
    await settle();
    release.get('d')!();
    await graph;
    assert.deepEqual(started, ['a', 'c', 'b', 'd']);
    assert.equal(most, 2);
  });
});
