// The asset build's post-processing through the real CLI process against the fake: pixels outside
// an edit's mask stay the input's, a declared transparent background is checked, several sizes
// come from one generation, and `n` candidates are kept to pick one.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodePng, type RgbaImage } from '../../../src/core/image/pngCodec';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { encodePng } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { runBuiltCli, type BuiltCliRun } from '../reliability/cliProcess';

const run = (cwd: string, args: string[], env: Record<string, string>): Promise<BuiltCliRun> => runBuiltCli(cwd, args, env);

/** How many pixels of the right half (kept by the mask) and of the left half (painted) differ. */
function changedHalves(before: RgbaImage, after: RgbaImage): { kept: number; painted: number } {
  let kept = 0;
  let painted = 0;
  for (let y = 0; y < before.height; y++) {
    for (let x = 0; x < before.width; x++) {
      const o = (y * before.width + x) * 4;
      const same = [0, 1, 2, 3].every((c) => before.data[o + c] === after.data[o + c]);
      if (!same && x >= before.width / 2) kept++;
      if (!same && x < before.width / 2) painted++;
    }
  }
  return { kept, painted };
}

const size = (path: string): string => {
  const info = readImageInfo(readFileSync(path));
  return `${info?.width}x${info?.height}`;
};
const sidecar = (path: string): Record<string, unknown> => JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Record<string, unknown>;

describe('asset outputs: protected pixels, transparency, sizes, candidates (CLI process, fake API)', function () {
  this.timeout(90000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl };
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-outputs-'));
    mkdirSync(join(dir, 'art'));
    writeFileSync(join(dir, 'art/base.png'), encodePng(1024, 1024, { color: [200, 60, 40] }));
    writeFileSync(join(dir, 'art/mask.png'), encodePng(1024, 1024, { alpha: 'transparent-left' }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = (assets: Record<string, unknown>): void =>
    writeFileSync(join(dir, 'image-studio.json'), JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low' }, assets }, null, 2));
  const api = (): number => server.requests.filter((r) => r.endpoint).length;

  it('an asset edit with a mask keeps every pixel the mask keeps identical to the input, even when the model repaints them', async () => {
    manifest({ 'art/edited.png': { prompt: 'a storm on the left', inputs: ['art/base.png'], mask: 'art/mask.png' } });
    server.queueFault({ kind: 'repaint_outside_mask' }, { endpoint: 'edits' });
    const built = await run(dir, ['assets', 'build'], env);
    assert.equal(built.code, 0, built.stderr);
    const input = await decodePng(readFileSync(join(dir, 'art/base.png')));
    const changed = changedHalves(input, await decodePng(readFileSync(join(dir, 'art/edited.png'))));
    assert.equal(changed.kept, 0, `${changed.kept} pixels outside the mask differ from the input`);
    assert.ok(changed.painted > 0, 'the masked half was not edited at all');
    assert.equal(sidecar(join(dir, 'art/edited.png')).protectedUnmaskedPixels, true);
    assert.equal((await run(dir, ['assets', 'check'], {})).code, 0);
  });

  it('image-studio edit --mask protects the same pixels and keeps the raw result beside', async () => {
    server.queueFault({ kind: 'repaint_outside_mask' }, { endpoint: 'edits' });
    const r = await run(
      dir,
      ['edit', '--image', 'art/base.png', '--mask', 'art/mask.png', '--prompt', 'a storm', '--quality', 'low', '--out', 'out', '--json'],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const file = (JSON.parse(r.stdout) as { files: Array<{ path: string }> }).files[0]!.path;
    const input = await decodePng(readFileSync(join(dir, 'art/base.png')));
    assert.equal(changedHalves(input, await decodePng(readFileSync(resolve(dir, file)))).kept, 0);
    const side = sidecar(resolve(dir, file));
    assert.equal(side.protectedUnmaskedPixels, true);
    const raw = await decodePng(readFileSync(join(dir, 'out', String(side.rawResult))));
    assert.ok(changedHalves(input, raw).kept > 0, 'the raw result beside is not what the model made');
  });

  it('a declared transparent background that comes back opaque is saved, said, and fails the build', async () => {
    manifest({ 'art/coin.png': { prompt: 'a gold coin', background: 'transparent' } });
    server.queueFault({ kind: 'ignore_transparency' }, { endpoint: 'generations' });
    const built = await run(dir, ['assets', 'build'], env);
    assert.equal(built.code, 1, built.stderr);
    assert.match(built.stderr, /warning: art\/coin\.png was asked for with a transparent background but has no transparent pixel/);
    assert.ok(existsSync(join(dir, 'art/coin.png')), 'the billed image was not saved');
    assert.match(String(sidecar(join(dir, 'art/coin.png')).transparencyCheck), /^failed/);
    const forced = await run(dir, ['assets', 'build', '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(sidecar(join(dir, 'art/coin.png')).transparencyCheck, 'passed');
  });

  it('"sizes" makes several exact sizes from one generation, each with its sidecar, and tracks each', async () => {
    manifest({
      'icons/app.png': { prompt: 'an app icon', resize: '256x256', sizes: { 'icons/app-64.png': '64x64', 'icons/app-16.png': '16x16' } },
    });
    const built = await run(dir, ['assets', 'build'], env);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(api(), 1, 'more than one generation');
    assert.deepEqual(
      ['icons/app.png', 'icons/app-64.png', 'icons/app-16.png'].map((p) => size(join(dir, p))),
      ['256x256', '64x64', '16x16'],
    );
    assert.deepEqual(sidecar(join(dir, 'icons/app-16.png')).asset, {
      ...(sidecar(join(dir, 'icons/app.png')).asset as object),
      sha256: (sidecar(join(dir, 'icons/app-16.png')).asset as { sha256: string }).sha256,
      output: 'icons/app-16.png',
    });
    assert.match((await run(dir, ['assets', 'build'], env)).stdout, /nothing to build/);
    assert.equal(api(), 1);
    rmSync(join(dir, 'icons/app-16.png'));
    const check = await run(dir, ['assets', 'check'], {});
    assert.equal(check.code, 1);
    assert.match(check.stdout, /missing\s+icons\/app\.png\s+\(icons\/app-16\.png \(one of its sizes\): Not built yet\.\)/);
    assert.equal((await run(dir, ['assets', 'build'], env)).code, 0);
    assert.equal(api(), 2);
    assert.equal(readdirSync(join(dir, '.image-studio/history/icons/app.png')).length, 2, 'the previous main image was not kept');
    writeFileSync(join(dir, 'icons/app-64.png'), 'drawn by hand');
    const status = await run(dir, ['assets', 'status'], {});
    assert.match(status.stdout, /changed by hand\s+icons\/app\.png\s+\(icons\/app-64\.png/);
    writeFileSync(
      join(dir, 'image-studio.json'),
      readFileSync(join(dir, 'image-studio.json'), 'utf8').replace('an app icon', 'a new app icon'),
    );
    await run(dir, ['assets', 'build'], env);
    assert.equal(readFileSync(join(dir, 'icons/app-64.png'), 'utf8'), 'drawn by hand', 'a hand-made size was replaced without --force');
  });

  it('"n" asks for candidates in one request; pick puts one at the path, the previous one is kept', async () => {
    manifest({ 'art/hero.png': { prompt: 'a lighthouse', n: 3, resize: '128x128' } });
    const built = await run(dir, ['assets', 'build'], env);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(api(), 1);
    assert.equal(server.requests[0]!.fields.n, 3);
    assert.match(built.stdout, /2 more candidate\(s\): image-studio assets pick art\/hero\.png/);
    const listed = await run(dir, ['assets', 'pick', 'art/hero.png', '--json'], {});
    const candidates = (JSON.parse(listed.stdout) as { candidates: string[] }).candidates;
    assert.equal(candidates.length, 2, listed.stdout + listed.stderr);
    assert.ok(
      candidates.every((c) => c.startsWith('.image-studio/candidates/art/hero.png/')),
      candidates.join(),
    );
    const before = readFileSync(join(dir, 'art/hero.png'));
    const picked = await run(dir, ['assets', 'pick', 'art/hero.png', candidates[1]!], {});
    assert.equal(picked.code, 0, picked.stderr);
    assert.equal(size(join(dir, 'art/hero.png')), '128x128');
    assert.notDeepEqual(readFileSync(join(dir, 'art/hero.png')), before);
    const [kept] = readdirSync(join(dir, '.image-studio/history/art/hero.png')).filter((n) => n.endsWith('.png'));
    assert.deepEqual(readFileSync(join(dir, '.image-studio/history/art/hero.png', kept!)), before, 'the replaced choice was not kept');
    assert.ok(!existsSync(join(dir, candidates[1]!)), 'the picked candidate is still listed');
    assert.equal((await run(dir, ['assets', 'check'], {})).code, 0, 'a picked candidate is not up to date');
    assert.match((await run(dir, ['assets', 'build'], env)).stdout, /nothing to build/);
    assert.equal(api(), 1);
    writeFileSync(join(dir, 'image-studio.json'), readFileSync(join(dir, 'image-studio.json'), 'utf8').replace('a lighthouse', 'a tower'));
    const stale = await run(dir, ['assets', 'pick', 'art/hero.png', candidates[0]!], {});
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /made for an earlier spec/);
  });
});
