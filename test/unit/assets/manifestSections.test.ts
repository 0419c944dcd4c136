// The sections beside `assets`: sheets, atlases, icons and codegen read from their JSON, each
// problem reported at its JSON path, a bad entry never hiding the good ones.
import assert from 'node:assert/strict';
import { matchesPattern } from '../../../src/core/assets/sections/pathPatterns';
import { readSections } from '../../../src/core/assets/sections/readSections';
import { parseManifest } from '../../../src/core/assets/manifest';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

function read(root: Record<string, unknown>, assets: string[] = ['icons/play.png', 'icons/stop.png']) {
  const problems: Array<{ path: string; message: string }> = [];
  const sections = readSections(root, new Set(assets), (path, message) => problems.push({ path: path.join('.'), message }));
  return { sections, problems };
}

const SHEET = {
  prompt: 'a knight walking, side view',
  grid: '4x2',
  cell: '128x128',
  background: '#00ff00',
  names: ['walk_0', 'walk_1', 'walk_2', 'walk_3', 'walk_4', 'walk_5', 'walk_6', 'walk_7'],
  animations: { walk: { frames: 'all', fps: 8, loop: true } },
  pivot: [0.5, 0.9],
};

describe('manifest sections', () => {
  it('reads a sheet, an atlas, an icon set and codegen with their defaults', () => {
    const { sections, problems } = read({
      sheets: { 'sprites/knight-walk.png': SHEET },
      atlases: {
        'atlas/ui.png': { include: ['icons/*.png', 'sprites/knight-walk.png'], padding: 2, extrude: 1, formats: ['json-hash', 'godot'] },
      },
      icons: { 'public/': { from: 'logo.png', background: '#fff', og: '1200x630' } },
      codegen: { out: 'src/assets.gen.ts', base: '/', root: 'public' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(sections.sheets['sprites/knight-walk.png'], {
      ...SHEET,
      background: { kind: 'colour', hex: '#00ff00' },
      formats: ['json-hash'],
    });
    assert.deepEqual(sections.atlases['atlas/ui.png'], {
      include: ['icons/*.png', 'sprites/knight-walk.png'],
      padding: 2,
      extrude: 1,
      maxSize: 2048,
      trim: true,
      powerOfTwo: false,
      formats: ['json-hash', 'godot'],
    });
    assert.deepEqual(sections.icons['public/'], { from: 'logo.png', preset: 'web', background: '#fff', og: { width: 1200, height: 630 } });
    assert.deepEqual(sections.codegen, { out: 'src/assets.gen.ts', base: '/', root: 'public/' });
  });

  it('reads the frames mode and refuses a sheet with both modes or neither', () => {
    const { sections, problems } = read({
      sheets: {
        'a.png': { frames: { anchor: 'hero.png', prompts: ['idle', 'wave'] }, cell: '64x64', names: ['idle', 'wave'] },
        'b.png': { frames: { anchor: 'hero.png', prompts: ['x'] }, grid: '2x1', cell: '64x64' },
        'c.png': { cell: '64x64' },
      },
    });
    assert.deepEqual(sections.sheets['a.png']!.frames, { anchor: 'hero.png', prompts: ['idle', 'wave'] });
    assert.deepEqual(Object.keys(sections.sheets), ['a.png']);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['sheets.b.png.grid', 'sheets.c.png', 'sheets.c.png.grid'],
    );
  });

  it('reports each bad field at its path', () => {
    const { problems } = read({
      sheets: {
        'x.webp': { ...SHEET, grid: '0x2', cell: '128', pivot: [2, 0], background: 'green', formats: ['xml'], extra: 1 },
        'y.png': { ...SHEET, animations: { run: { frames: ['nope'] } } },
        'z.png': { ...SHEET, names: Array.from({ length: 9 }, (_, i) => `n${i}`) },
      },
      atlases: { 'atlas/a.png': { include: ['missing/*.png'] }, 'atlas/b.png': { include: ['icons/*.png'], padding: -1 } },
      icons: { public: { from: 'logo.png' }, 'web/': { from: '../logo.png', background: 'white' } },
      codegen: { out: 'assets.js' },
    });
    const paths = problems.map((p) => p.path);
    for (const expected of [
      'sheets.x.webp',
      'sheets.x.webp.extra',
      'sheets.x.webp.grid',
      'sheets.x.webp.cell',
      'sheets.x.webp.pivot',
      'sheets.x.webp.background',
      'sheets.x.webp.formats',
      'sheets.y.png.animations',
      'sheets.z.png.names',
      'atlases.atlas/a.png.include',
      'atlases.atlas/b.png.padding',
      'icons.public',
      'icons.web/.from',
      'icons.web/.background',
      'codegen',
    ])
      assert.ok(paths.includes(expected), `no problem at ${expected}: ${paths.join(', ')}`);
    assert.match(problems.find((p) => p.path === 'sheets.y.png.animations')!.message, /"run" names a frame "nope"/);
  });

  it('refuses two entries writing one path', () => {
    const { sections, problems } = read({
      sheets: { 'icons/play.png': SHEET },
      atlases: { 'icons/stop.png': { include: ['icons/play.png'] } },
    });
    assert.deepEqual(sections.sheets, {});
    assert.deepEqual(
      problems.map((p) => p.message),
      ['"icons/play.png" is already written by assets.', '"icons/stop.png" is already written by assets.'],
    );
  });

  it('matches include patterns: * within a folder, ** across folders', () => {
    assert.ok(matchesPattern('icons/*.png', 'icons/play.png'));
    assert.ok(!matchesPattern('icons/*.png', 'icons/ui/play.png'));
    assert.ok(matchesPattern('icons/**/*.png', 'icons/ui/deep/play.png'));
    assert.ok(matchesPattern('**', 'a/b/c.png'));
    assert.ok(matchesPattern('a*b*c.png', 'axxbyyc.png'));
    assert.ok(!matchesPattern('a*b*c.png', 'axxbyy.png'));
    assert.ok(!matchesPattern('*'.repeat(40) + 'x', 'a'.repeat(60)), 'a pathological pattern answers at once');
  });

  it('is part of the manifest: sections parsed beside assets, problems placed on their lines, alt kept', () => {
    const text = `{
  "assets": { "icons/play.png": { "prompt": "a play icon", "alt": "Play" } },
  "sheets": {
    "sprites/walk.png": { "prompt": "a knight", "grid": "4x2", "cell": "64" }
  },
  "atlases": { "atlas/ui.png": { "include": ["icons/*.png"] } },
  "codegen": { "out": "src/assets.gen.ts" }
}`;
    const parsed = parseManifest(BUILT_IN_MODELS, text);
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.message]),
      [[4, '"cell" must be WIDTHxHEIGHT with sides up to 4096, such as "128x128".']],
    );
    assert.equal(parsed.problems[0]!.column, text.split('\n')[3]!.indexOf('"64"') + 1);
    assert.deepEqual(Object.keys(parsed.manifest.atlases), ['atlas/ui.png']);
    assert.deepEqual(parsed.manifest.codegen, { out: 'src/assets.gen.ts' });
    assert.equal(parsed.manifest.assets['icons/play.png']!.alt, 'Play');
    assert.equal(
      parseManifest(BUILT_IN_MODELS, '{ "assets": {}, "sheet": {} }').problems[0]!.message,
      'Unknown field "sheet" (expected defaults, styles, assets, sheets, atlases, icons, codegen).',
    );
  });
});
