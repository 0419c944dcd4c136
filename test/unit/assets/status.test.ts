import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { planBuild } from '../../../src/core/assets/plan';
import { stateLabel, type AssetStatus } from '../../../src/core/assets/status';
import { assetStatuses } from '../../../src/core/assets/statusCache';
import { sha256Hex } from '../../../src/core/provenance';
import { png } from '../support';
import { MemoryFileSystem } from './memoryFileSystem';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const MANIFEST = `{
  "assets": {
    "a.png": { "prompt": "first" },
    "b.png": { "prompt": "second", "inputs": ["a.png"] },
    "c.png": { "prompt": "third", "model": "gpt-image-1.5" },
    "d.png": { "prompt": "fourth", "inputs": ["ref/in.png"] }
  }
}`;

/** Writes an asset as a build would: the file and a sidecar recording its spec hash and content hash. */
async function built(fs: MemoryFileSystem, path: string, s: AssetStatus, bytes = png(4, 4).bytes): Promise<void> {
  fs.files.set(`/w/${path}`, bytes);
  fs.files.set(
    `/w/${path}.json`,
    new TextEncoder().encode(JSON.stringify({ asset: { path, specHash: s.specHash, sha256: await sha256Hex(bytes) } })),
  );
}

describe('asset status from files and sidecars', () => {
  const parsed = parseManifest(BUILT_IN_MODELS, MANIFEST);
  const ctx = (fs: MemoryFileSystem, today = '2026-06-01') => ({ fs, dir: '/w', today, models: BUILT_IN_MODELS });
  const states = (list: AssetStatus[]): string[] => list.map((s) => `${s.path} ${stateLabel(s)}`);

  it('missing, then up to date once built; an input that is not there makes the asset invalid', async () => {
    const fs = new MemoryFileSystem();
    let list = await assetStatuses(parsed, ctx(fs));
    assert.deepEqual(states(list), ['a.png missing', 'b.png missing', 'c.png missing', 'd.png invalid']);
    assert.match(list[1]!.reason, /input a\.png is missing and is built first/);
    assert.match(list[3]!.reason, /input ref\/in\.png does not exist/);
    fs.files.set('/w/ref/in.png', png(8, 8).bytes);
    await built(fs, 'a.png', list[0]!);
    list = await assetStatuses(parsed, ctx(fs));
    assert.deepEqual(states(list), ['a.png up to date', 'b.png missing', 'c.png missing', 'd.png missing']);
    await built(fs, 'b.png', list[1]!);
    await built(fs, 'c.png', list[2]!);
    await built(fs, 'd.png', list[3]!);
    assert.deepEqual(states(await assetStatuses(parsed, ctx(fs))), [
      'a.png up to date',
      'b.png up to date',
      'c.png model retiring',
      'd.png up to date',
    ]);
  });

  it('a changed input makes its dependants stale; a hand edit is "changed by hand"; a model shutting down is "model retiring"', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/w/ref/in.png', png(8, 8).bytes);
    let list = await assetStatuses(parsed, ctx(fs));
    await built(fs, 'a.png', list[0]!);
    list = await assetStatuses(parsed, ctx(fs));
    for (const s of list.slice(1)) await built(fs, s.path, s);
    fs.files.set('/w/ref/in.png', png(8, 8, 'in.png', { color: [9, 9, 9] }).bytes);
    // The input a.png is rebuilt with new bytes: b.png (made from it) is now stale.
    await built(fs, 'a.png', list[0]!, png(5, 5).bytes);
    fs.files.set('/w/c.png', png(6, 6).bytes);
    list = await assetStatuses(parsed, ctx(fs));
    assert.deepEqual(states(list), ['a.png up to date', 'b.png stale', 'c.png changed by hand', 'd.png stale']);
    const retiring = await assetStatuses(
      parseManifest(BUILT_IN_MODELS, '{"assets": {"c.png": {"prompt": "third", "model": "gpt-image-1.5"}}}'),
      ctx(fs, '2026-06-01'),
    );
    assert.equal(retiring[0]!.state, 'changed-by-hand');
    assert.equal(retiring[0]!.retiring?.state, 'deprecated');
    assert.equal(retiring[0]!.retiring?.replacement, 'gpt-image-2.6-sunburst', 'the 2.6 models replace it (deprecations page)');
    assert.equal(
      (
        await assetStatuses(
          parseManifest(BUILT_IN_MODELS, '{"assets": {"c.png": {"prompt": "third", "model": "gpt-image-1.5"}}}'),
          ctx(fs, '2027-01-01'),
        )
      )[0]!.retiring?.state,
      'retired',
    );
    assert.equal(
      (await assetStatuses(parseManifest(BUILT_IN_MODELS, '{"assets": {"a.png": {"prompt": "first"}}}'), ctx(fs, '2025-01-01')))[0]!
        .retiring,
      undefined,
    );
  });

  it('an up-to-date asset on a model shutting down reads "model retiring"', async () => {
    const fs = new MemoryFileSystem();
    const one = parseManifest(BUILT_IN_MODELS, '{"assets": {"c.png": {"prompt": "third", "model": "gpt-image-1.5"}}}');
    const [s] = await assetStatuses(one, ctx(fs, '2026-06-01'));
    await built(fs, 'c.png', s!);
    const [now] = await assetStatuses(one, ctx(fs, '2026-06-01'));
    assert.equal(now!.state, 'up-to-date');
    assert.equal(stateLabel(now!), 'model retiring');
    assert.match(now!.reason, /shuts down on 2026-12-01; switch to gpt-image-2/);
  });

  it('a file with no sidecar, or a sidecar that is not JSON, is left alone unless forced', async () => {
    const fs = new MemoryFileSystem();
    fs.files.set('/w/a.png', png(4, 4).bytes);
    fs.files.set('/w/c.png', png(4, 4).bytes);
    fs.files.set('/w/c.png.json', new TextEncoder().encode('{ not json'));
    const list = await assetStatuses(parsed, ctx(fs));
    assert.deepEqual(
      states(list).filter((s) => /^[ac]/.test(s)),
      ['a.png changed by hand', 'c.png changed by hand'],
    );
    const plan = planBuild(parsed, list);
    assert.deepEqual(
      plan.entries.map((e) => `${e.status.path} ${e.action}`),
      ['a.png skip', 'b.png build', 'c.png skip', 'd.png skip'],
    );
    assert.deepEqual(
      planBuild(parsed, list, { force: true, paths: ['./c.png', 'zz.png'] }).entries.map((e) => `${e.status.path} ${e.action}`),
      ['c.png build'],
    );
    assert.deepEqual(planBuild(parsed, list, { paths: ['zz.png'] }).unknown, ['zz.png']);
  });

  it('builds an asset after the assets it uses, whatever the manifest order; cycles are invalid', async () => {
    const p = parseManifest(
      BUILT_IN_MODELS,
      '{"assets": {"z.png": {"prompt": "z", "inputs": ["y.png"]}, "y.png": {"prompt": "y"}, "p.png": {"prompt": "p", "inputs": ["q.png"]}, "q.png": {"prompt": "q", "inputs": ["p.png"]}}}',
    );
    const list = await assetStatuses(p, ctx(new MemoryFileSystem()));
    assert.deepEqual(
      planBuild(p, list)
        .entries.map((e) => e.status.path)
        .slice(0, 2),
      ['y.png', 'z.png'],
    );
    assert.deepEqual(
      list
        .filter((s) => s.state === 'invalid')
        .map((s) => s.path)
        .sort(),
      ['p.png', 'q.png'],
    );
  });
});
