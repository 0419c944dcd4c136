// Asset builds through the job engine, as the CLI process runs them against the fake: several
// assets in flight at once (within --concurrency), `n` above the model's limit as parallel
// requests, the transparency fallback for a model that refuses transparency, and an asset that
// waits for the asset it takes as an input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTransparentPixels } from '../../../src/core/image/pngAlpha';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { runBuiltCli, type BuiltCliRun } from '../reliability/cliProcess';

const run = (cwd: string, args: string[], env: Record<string, string>): Promise<BuiltCliRun> => runBuiltCli(cwd, args, env);

const sidecar = (path: string): Record<string, unknown> => JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Record<string, unknown>;

describe('asset builds through the engine (CLI process, fake API)', function () {
  this.timeout(90000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl };
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'image-studio-engine-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = (assets: Record<string, unknown>, defaults: Record<string, unknown> = {}): void =>
    writeFileSync(
      join(dir, 'image-studio.json'),
      JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024', ...defaults }, assets }, null, 2),
    );
  const posts = (): number => server.requests.filter((r) => r.endpoint).length;

  it('independent assets run at once, never more than --concurrency requests in flight', async () => {
    const assets = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`tiles/t${i}.png`, { prompt: `tile ${i}` }]));
    manifest(assets);
    // The fake answers after a delay, so requests that overlap are seen overlapping.
    server.setMode({ latencyMs: 400 });
    const first = await run(dir, ['assets', 'build', '--concurrency', '3', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(posts(), 8);
    assert.equal(server.maxConcurrency, 3, 'three requests were in flight together, and never more');
    server.reset();
    writeFileSync(join(dir, 'image-studio.json'), readFileSync(join(dir, 'image-studio.json'), 'utf8').replace(/tile /g, 'tile no. '));
    const second = await run(dir, ['assets', 'build', '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.maxConcurrency, 4, 'the default is four at once');
  });

  it('"n": 12 on a model that makes 10 per request builds as two requests in parallel', async () => {
    manifest({ 'art/hero.png': { prompt: 'a hero', n: 12 } });
    server.setMode({ latencyMs: 300 });
    const r = await run(dir, ['assets', 'build', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const ns = server.requests
      .filter((q) => q.endpoint)
      .map((q) => Number(q.fields.n))
      .sort((a, b) => a - b);
    assert.deepEqual(ns, [2, 10]);
    assert.equal(server.maxConcurrency, 2, 'the two requests ran at the same time');
    const candidates = readdirSync(join(dir, '.image-studio/candidates/art/hero.png')).filter((n) => n.endsWith('.png'));
    assert.equal(candidates.length, 11, 'the other eleven images are candidates');
    const out = JSON.parse(r.stdout) as { built: Array<{ path: string; candidates: string[] }> };
    assert.equal(out.built[0]?.candidates.length, 11);
  });

  it('a transparent asset on a model that refuses transparency builds through the key-colour fallback', async () => {
    server.setMode({ refuseTransparentFor: ['gpt-image-2'] });
    manifest({ 'sprites/coin.png': { prompt: 'a gold coin', background: 'transparent', transparencyFallback: true } });
    const r = await run(dir, ['assets', 'build'], env);
    assert.equal(r.code, 0, r.stderr);
    const file = join(dir, 'sprites/coin.png');
    const count = await countTransparentPixels(readFileSync(file));
    assert.ok(count && count.transparent > 0, 'the key colour was made transparent');
    const record = sidecar(file);
    assert.equal((record.transparencyFallback as { keyColour: string }).keyColour, '#00ff00');
    assert.equal(record.transparencyCheck, 'passed');
    assert.equal((record.asset as { path: string }).path, 'sprites/coin.png');
    // Without the field (or --transparency-fallback) the refusal is the answer, naming the way out.
    manifest({ 'sprites/gem.png': { prompt: 'a gem', background: 'transparent' } });
    const refused = await run(dir, ['assets', 'build'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--transparency-fallback/);
    const flagged = await run(dir, ['assets', 'build', '--transparency-fallback'], env);
    assert.equal(flagged.code, 0, flagged.stderr);
  });

  it('an asset starts once the asset it takes as an input is built, and uses the file as built', async () => {
    manifest({
      'art/night.png': { prompt: 'the coin at night', inputs: ['art/coin.png'] },
      'art/coin.png': { prompt: 'a coin' },
      'art/other.png': { prompt: 'a tree' },
    });
    server.setMode({ latencyMs: 200 });
    const r = await run(dir, ['assets', 'build', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const order = server.requests.filter((q) => q.endpoint).map((q) => q.endpoint);
    assert.equal(order.at(-1), 'edits', 'the edit of the built input came last');
    const coin = sidecar(join(dir, 'art/coin.png')).asset as { sha256: string };
    const night = sidecar(join(dir, 'art/night.png')).inputs as Array<{ sha256: string }>;
    assert.equal(night[0]?.sha256, coin.sha256);
  });
});
