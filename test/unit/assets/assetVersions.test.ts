// An asset's other versions, as the Image Assets view browses them: the history newest first with
// its sidecars, the counts the tree needs, and a picked-then-reverted candidate put back among the
// candidates (where Pick Candidate finds it) as a candidate again, not as a locked asset.
import assert from 'node:assert/strict';
import { countVersions, listHistory, returnToCandidates } from '../../../src/core/assets/assetVersions';
import { listCandidates } from '../../../src/core/assets/candidates';
import { MemoryFileSystem } from './memoryFileSystem';

const DIR = '/w';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const json = (fs: MemoryFileSystem, path: string): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(fs.files.get(path))) as Record<string, unknown>;

describe("an asset's versions", () => {
  it('lists the history newest first, each with its sidecar when it has one, and counts candidates', async () => {
    const fs = new MemoryFileSystem();
    const h = `${DIR}/.image-studio/history/img/hero.png`;
    fs.files.set(`${h}/20261101-100000.png`, bytes('old'));
    fs.files.set(`${h}/20261101-100000.png.json`, bytes('{}'));
    fs.files.set(`${h}/20261203-090000.png`, bytes('newer'));
    fs.files.set(`${h}/20261102-000000-orphan.json`, bytes('{}'));
    fs.files.set(`${DIR}/.image-studio/candidates/img/hero.png/20261203-1.png`, bytes('c'));
    fs.files.set(`${DIR}/.image-studio/candidates/img/hero.png/20261203-1.png.json`, bytes('{}'));
    assert.deepEqual(await listHistory({ fs, dir: DIR }, 'img/hero.png'), [
      { image: `${h}/20261203-090000.png` },
      { image: `${h}/20261101-100000.png`, sidecar: `${h}/20261101-100000.png.json` },
    ]);
    assert.deepEqual(await countVersions({ fs, dir: DIR }, 'img/hero.png'), { history: 2, candidates: 1 });
    assert.deepEqual(await countVersions({ fs, dir: DIR }, 'img/other.png'), { history: 0, candidates: 0 });
  });

  it('puts a reverted pick back among the candidates with a candidate record and no lock', async () => {
    const fs = new MemoryFileSystem();
    const entry = { image: `${DIR}/.image-studio/history/a.png/20261203-090000.png`, sidecar: '' };
    entry.sidecar = `${entry.image}.json`;
    fs.files.set(entry.image, bytes('picked'));
    fs.files.set(entry.sidecar, bytes(JSON.stringify({ prompt: 'p', asset: { path: 'a.png', specHash: 'h', sha256: 's' } })));
    const back = await returnToCandidates({ fs, dir: DIR, now: new Date(2026, 11, 6, 19, 34, 31) }, 'a.png', 'h', entry);
    assert.equal(back, `${DIR}/.image-studio/candidates/a.png/20261206-193431-returned.png`);
    assert.deepEqual(await listCandidates({ fs, dir: DIR }, 'a.png'), [back]);
    assert.deepEqual(json(fs, `${back}.json`), { prompt: 'p', candidate: { path: 'a.png', specHash: 'h' } });
    assert.equal(fs.files.has(entry.image), false);
    assert.equal(fs.files.has(entry.sidecar), false);
  });
});
