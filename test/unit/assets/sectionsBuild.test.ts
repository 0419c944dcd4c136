// The four sections built from a manifest against an in-memory folder, with a request counter in
// place of the API: a sheet cut from one generation and re-cut (or rebuilt after deletion) with no
// request, an atlas of icons and sheet frames, a web icon set, and the typed module kept current.
import assert from 'node:assert/strict';
import { buildSections, sectionStatuses, type SectionsContext } from '../../../src/core/assets/sections/buildSections';
import { readSections } from '../../../src/core/assets/sections/readSections';
import type { SheetRequest } from '../../../src/core/assets/sections/sheetSection';
import type { AssetSpec } from '../../../src/core/assets/manifestTypes';
import { figureGrid, WALK_POSES } from '../../support/figures';
import { decodePngRgba, encodeRgbaPng } from '../../support/png';
import { icon } from '../atlas/atlasFixtures';
import { MemoryFileSystem } from './memoryFileSystem';

const DIR = '/proj';
const ASSETS: Record<string, AssetSpec & { alt?: string }> = {
  'icons/play.png': { prompt: 'a play icon', alt: 'Play' },
  'icons/stop.png': { prompt: 'a stop icon' },
  'icons/gear.png': { prompt: 'a gear icon' },
};

function manifestRoot(cell = '96x96', prompt = 'a knight walking') {
  return {
    sheets: {
      'sprites/knight-walk.png': {
        prompt,
        grid: '4x2',
        cell,
        animations: { walk: { frames: 'all', fps: 8 } },
        formats: ['json-hash', 'godot'],
      },
    },
    atlases: {
      'atlas/ui.png': {
        include: ['icons/*.png', 'sprites/knight-walk.png'],
        padding: 2,
        extrude: 1,
        formats: ['json-hash', 'phaser3', 'godot'],
      },
    },
    icons: { 'public/': { from: 'logo.png', background: '#ffffff' } },
    codegen: { out: 'src/assets.gen.ts' },
  };
}

async function project() {
  const fs = new MemoryFileSystem();
  const put = (path: string, bytes: Uint8Array) => fs.files.set(`${DIR}/${path}`, new Uint8Array(bytes));
  put('icons/play.png', encodeRgbaPng(icon(64, 40, 12, [220, 40, 40])));
  put('icons/stop.png', encodeRgbaPng(icon(48, 48, 0, [40, 200, 40])));
  put('icons/gear.png', encodeRgbaPng(icon(96, 30, 33, [40, 40, 220])));
  put('logo.png', encodeRgbaPng(icon(512, 400, 56, [200, 60, 20])));
  const requests: SheetRequest[] = [];
  const make = async (request: SheetRequest) => {
    requests.push(request);
    return new Uint8Array(
      encodeRgbaPng(
        figureGrid(
          4,
          2,
          256,
          WALK_POSES.map((p) => ({ ...p, x: p.x * 2, feet: p.feet * 2 })),
        ),
      ),
    );
  };
  return { fs, requests, make };
}

function context(fs: MemoryFileSystem, root = manifestRoot()): SectionsContext {
  const problems: string[] = [];
  const sections = readSections(root, new Set(Object.keys(ASSETS)), (path, message) => problems.push(`${path.join('.')}: ${message}`));
  assert.deepEqual(problems, []);
  return { fs, dir: DIR, manifestName: 'image-studio.json', styles: {}, assets: ASSETS, sections };
}

const text = (fs: MemoryFileSystem, path: string) => new TextDecoder().decode(fs.files.get(`${DIR}/${path}`));

describe('manifest sections: building', () => {
  it('builds a sheet from one request, then the atlas, the icon set and the module', async () => {
    const { fs, requests, make } = await project();
    const outcome = await buildSections(context(fs), make);
    assert.deepEqual(outcome.failed, []);
    assert.equal(requests.length, 1);
    assert.match(requests[0]!.prompt, /a grid of 4 columns and 2 rows, 8 equal cells/);
    assert.equal(requests[0]!.size, '1536x1024');
    const sheet = decodePngRgba(fs.files.get(`${DIR}/sprites/knight-walk.png`)!);
    assert.deepEqual([sheet.width, sheet.height], [8 * 96, 96]);
    const json = JSON.parse(text(fs, 'sprites/knight-walk.json'));
    assert.deepEqual(Object.keys(json.frames), [
      'knight-walk_0',
      'knight-walk_1',
      'knight-walk_2',
      'knight-walk_3',
      'knight-walk_4',
      'knight-walk_5',
      'knight-walk_6',
      'knight-walk_7',
    ]);
    assert.equal(json.animations.walk.length, 8);
    assert.match(text(fs, 'sprites/knight-walk.tres'), /"name": &"walk",\n"speed": 8\.0/);
    const atlas = JSON.parse(text(fs, 'atlas/ui.json'));
    assert.equal(Object.keys(atlas.frames).length, 3 + 8);
    assert.deepEqual(atlas.frames['icons/play'].sourceSize, { w: 64, h: 64 });
    assert.ok(fs.files.has(`${DIR}/atlas/ui.multiatlas.json`) && fs.files.has(`${DIR}/atlas/ui.tres`));
    for (const name of [
      'favicon.ico',
      'apple-touch-icon.png',
      'icon-192.png',
      'icon-512.png',
      'icon-maskable-512.png',
      'site.webmanifest',
      'head.html',
    ])
      assert.ok(fs.files.has(`${DIR}/public/${name}`), name);
    const module = text(fs, 'src/assets.gen.ts');
    assert.match(module, /"icons\/play.png": \{ src: "icons\/play.png", width: 64, height: 64, alt: "Play" \}/);
    assert.match(module, /export type SpritesKnightWalkFrame = "knight-walk_0" \| /);
    assert.match(module, /export type AtlasUiFrame = /);
    assert.ok((await sectionStatuses(context(fs))).every((s) => s.state === 'up-to-date'));
  });

  it('sends no request when the sheet is deleted or re-cut, and one when its prompt changes', async () => {
    const { fs, requests, make } = await project();
    await buildSections(context(fs), make);
    fs.files.delete(`${DIR}/sprites/knight-walk.png`);
    const status = (await sectionStatuses(context(fs))).find((s) => s.section === 'sheets')!;
    assert.deepEqual([status.state, status.noRequest], ['missing', true]);
    let outcome = await buildSections(context(fs), make);
    assert.deepEqual([outcome.requests, requests.length], [0, 1], 'deleting the sheet cost a request');
    assert.ok(fs.files.has(`${DIR}/sprites/knight-walk.png`));
    outcome = await buildSections(context(fs, manifestRoot('64x64')), make);
    assert.deepEqual([outcome.requests, requests.length], [0, 1], 're-cutting cost a request');
    assert.equal(decodePngRgba(fs.files.get(`${DIR}/sprites/knight-walk.png`)!).height, 64);
    assert.ok(
      outcome.built.some((b) => b.section === 'atlases'),
      'the atlas was not rebuilt after its sheet changed',
    );
    outcome = await buildSections(context(fs, manifestRoot('64x64', 'a knight running')), make);
    assert.deepEqual([outcome.requests, requests.length], [1, 2]);
  });

  it('keeps the module current: check finds it stale after a change, build rewrites it', async () => {
    const { fs, make } = await project();
    await buildSections(context(fs), make);
    fs.files.set(`${DIR}/icons/stop.png`, new Uint8Array(encodeRgbaPng(icon(32, 32, 0, [1, 1, 1]))));
    const statuses = await sectionStatuses(context(fs));
    assert.equal(statuses.find((s) => s.section === 'codegen')!.state, 'stale');
    assert.equal(statuses.find((s) => s.section === 'atlases')!.state, 'stale');
    await buildSections(context(fs), make);
    assert.match(text(fs, 'src/assets.gen.ts'), /"icons\/stop.png": \{ src: "icons\/stop.png", width: 32, height: 32 \}/);
    assert.ok((await sectionStatuses(context(fs))).every((s) => s.state === 'up-to-date'));
  });

  it('leaves a file changed by hand alone unless forced', async () => {
    const { fs, make } = await project();
    await buildSections(context(fs), make);
    fs.files.set(`${DIR}/public/head.html`, new TextEncoder().encode('<!-- mine -->'));
    const icons = (await sectionStatuses(context(fs))).find((s) => s.section === 'icons')!;
    assert.equal(icons.state, 'changed-by-hand');
    await buildSections(context(fs), make);
    assert.equal(text(fs, 'public/head.html'), '<!-- mine -->');
    await buildSections(context(fs), make, { force: true });
    assert.match(text(fs, 'public/head.html'), /<link rel="manifest"/);
  });
});
