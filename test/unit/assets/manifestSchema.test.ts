import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';

const root = resolve(__dirname, '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(resolve(root, 'schemas/image-studio.schema.json'), 'utf8')) as object;

describe('image-studio.json JSON Schema (its editor copy contributed through jsonValidation)', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('is contributed for image-studio.json, which opens as JSON with comments', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: Array<{ fileMatch: string; url: string }>; languages: Array<{ id: string; filenames: string[] }> };
    };
    assert.deepEqual(pkg.contributes.jsonValidation, [
      { fileMatch: 'image-studio.json', url: './schemas/image-studio.editor.schema.json' },
    ]);
    assert.ok(pkg.contributes.languages.some((l) => l.id === 'jsonc' && l.filenames.includes('image-studio.json')));
    assert.match(readFileSync(resolve(root, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m, 'the schema is not packaged in the VSIX');
  });

  it("accepts the issue's example and refuses what the parser refuses", () => {
    const ok = {
      defaults: { model: 'gpt-image-2', quality: 'high' },
      styles: { pixel: '16-bit pixel art' },
      assets: {
        'public/hero.png': { prompt: 'a lighthouse', size: '1536x1024' },
        'assets/coin.png': { prompt: 'a coin', style: 'pixel', background: 'transparent', resize: '64x64', fit: 'contain' },
        'assets/coin-night.png': { prompt: 'at night', inputs: ['assets/coin.png'] },
        'icons/app.png': { prompt: 'an icon', n: 3, fit: 'contain', sizes: { 'icons/app-16.png': '16x16' } },
        'assets/door-red.png': {
          prompt: 'the circled door in red',
          model: 'gpt-image-2.6-flare',
          inputs: ['door.png'],
          markup: 'door.notes.png',
          complexity: 'low',
        },
      },
    };
    assert.ok(validate(ok), JSON.stringify(validate.errors));
    for (const bad of [
      { assets: { '../x.png': { prompt: 'a' } } },
      { assets: { '/x.png': { prompt: 'a' } } },
      { assets: { 'x.gif': { prompt: 'a' } } },
      { assets: { '.image-studio/x.png': { prompt: 'a' } } },
      { assets: { 'x.png': { size: '1024x1024' } } },
      { assets: { 'x.png': { prompt: 'a', resize: '64' } } },
      { assets: { 'x.png': { prompt: 'a', fit: 'stretch' } } },
      { assets: { 'x.png': { prompt: 'a', promt: 'typo' } } },
      { assets: { 'x.png': { prompt: 'a', sizes: { 'x-16.webp': '16x16' } } } },
      { assets: { 'x.png': { prompt: 'a', sizes: { '../x-16.png': '16x16' } } } },
      { assets: { 'x.png': { prompt: 'a', sizes: { 'x-16.png': '16' } } } },
      { assets: { 'x.png': { prompt: 'a', n: 0 } } },
      { assets: { 'x.png': { prompt: 'a', n: 1.5 } } },
      { assets: { 'x.png': { prompt: 'a', markup: 'notes.png' } } },
      { assets: { 'x.png': { prompt: 'a', inputs: ['in.png'], mask: 'm.png', markup: 'notes.png' } } },
      { assets: { 'x.png': { prompt: 'a', complexity: 'extreme' } } },
      { defaults: { prompt: 'no' }, assets: {} },
      {},
    ])
      assert.equal(validate(bad), false, JSON.stringify(bad));
  });

  it('takes process, checks, hinted inputs and styles with steps, and refuses what the parser refuses', () => {
    const ok = {
      defaults: { checks: { maxKB: 200 }, process: [{ trim: {} }] },
      styles: {
        sprite: {
          prompt: 'on #00ff00',
          process: [
            { removeBackground: 'auto' },
            { removeBackground: { color: '#00ff00', tolerance: 40 } },
            { trim: { threshold: 8 } },
            { pad: 4 },
            { pad: { px: 2, color: '#ffffff80' } },
            { resize: { size: '64x64', fit: 'contain', kernel: 'nearest' } },
            { quantize: { colors: 16 } },
            { quantize: { palette: 'palettes/pico8.hex' } },
            { outline: { px: 1, color: '#000000' } },
          ],
          checks: { size: '64x64', alpha: true, maxColors: 16, tileable: { maxSeam: 12 }, halo: true },
        },
        plain: 'a suffix',
      },
      assets: {
        'a.png': { prompt: 'a', style: 'sprite', inputs: [{ path: 'face.png', hint: 'the face' }, 'bg.png'] },
        'b.png': { prompt: 'b', checks: { tileable: true, halo: { maxPercent: 2, color: '#ff00ff' } } },
      },
    };
    assert.ok(validate(ok), JSON.stringify(validate.errors));
    for (const bad of [
      { assets: { 'x.png': { prompt: 'a', process: [{ blur: 2 }] } } },
      { assets: { 'x.png': { prompt: 'a', process: [{ trim: {}, pad: 2 }] } } },
      { assets: { 'x.png': { prompt: 'a', process: [{ resize: { size: '64x64', kernel: 'bicubic' } }] } } },
      { assets: { 'x.png': { prompt: 'a', process: [{ quantize: { colors: 1 } }] } } },
      { assets: { 'x.png': { prompt: 'a', process: [{ quantize: { palette: 'p.txt' } }] } } },
      { assets: { 'x.png': { prompt: 'a', process: [{ removeBackground: { tolerance: 300 } }] } } },
      { assets: { 'x.png': { prompt: 'a', checks: { sharpness: 1 } } } },
      { assets: { 'x.png': { prompt: 'a', checks: { alpha: 'yes' } } } },
      { assets: { 'x.png': { prompt: 'a', inputs: [{ path: 'a.png', note: 'x' }] } } },
      { styles: { s: { prompt: 'x', proces: [] } }, assets: {} },
    ])
      assert.equal(validate(bad), false, JSON.stringify(bad));
  });

  it('gives the editor a copy that completes and explains but refuses nothing the extension reports itself', async () => {
    // Every refusal of the editor's schema would be a second, rawer diagnostic beside Image Studio's own.
    const generator = (await import(pathToFileURL(resolve(root, 'scripts/editorSchema.mjs')).href)) as {
      editorSchema(strict: object): object;
    };
    const committed = JSON.parse(readFileSync(resolve(root, 'schemas/image-studio.editor.schema.json'), 'utf8')) as object;
    assert.deepEqual(
      committed,
      generator.editorSchema(schema),
      'schemas/image-studio.editor.schema.json is stale: node scripts/editorSchema.mjs',
    );
    const text = JSON.stringify(committed);
    for (const refusing of [
      '"pattern"',
      '"propertyNames"',
      '"required"',
      '"enum"',
      '"not"',
      '"oneOf"',
      '"const"',
      '"additionalProperties":false',
    ])
      assert.ok(!text.includes(refusing), `the editor schema still has ${refusing}`);
    assert.match(text, /"examples":\["low","medium","high","auto","standard","hd"\]/, 'allowed values stay as completions');
    const lenient = new Ajv({ allErrors: true, strict: false }).compile(committed);
    for (const bad of [
      { assets: { '../x.png': { prompt: 'a', fit: 'stretch', promt: 'typo' } } },
      { assets: { 'x.png': { prompt: 'a', inputs: ['in.png'], mask: 'm.png', markup: 'notes.png' } } },
      { assets: {}, sheets: { 's.png': { prompt: 'a', cell: '64x64' } } },
      { assets: {}, sheets: { 's.png': { prompt: 'a', grid: '4x2', cell: '64x64', frames: { anchor: 'a.png', prompts: ['x'] } } } },
      {},
    ])
      assert.ok(lenient(bad), `refused ${JSON.stringify(bad)}: ${JSON.stringify(lenient.errors)}`);
  });

  it('accepts the four sections beside assets and refuses what their readers refuse', () => {
    const ok = {
      assets: { 'icons/play.png': { prompt: 'a play icon', alt: 'Play' } },
      sheets: {
        'sprites/knight-walk.png': {
          prompt: 'a knight walking',
          grid: '4x2',
          cell: '128x128',
          background: '#00ff00',
          animations: { walk: { frames: 'all', fps: 8, loop: true } },
          pivot: [0.5, 0.9],
        },
        'sprites/hero-wave.png': {
          frames: { anchor: 'icons/play.png', prompts: ['raise the arm', 'wave'] },
          cell: '96x96',
          formats: ['godot'],
        },
      },
      atlases: {
        'atlas/ui.png': { include: ['icons/*.png'], padding: 2, extrude: 1, trim: true, maxSize: 2048, formats: ['json-hash', 'phaser3'] },
      },
      icons: { 'public/': { from: 'icons/play.png', preset: 'web', background: '#fff', og: '1200x630' } },
      codegen: { out: 'src/assets.gen.ts' },
    };
    assert.ok(validate(ok), JSON.stringify(validate.errors));
    for (const bad of [
      { assets: {}, sheets: { 's.png': { prompt: 'a', cell: '64x64' } } },
      { assets: {}, sheets: { 's.png': { prompt: 'a', grid: '4x2', cell: '64x64', frames: { anchor: 'a.png', prompts: ['x'] } } } },
      { assets: {}, sheets: { 's.png': { prompt: 'a', grid: '4x2', cell: '64x64', background: 'green' } } },
      { assets: {}, sheets: { 's.png': { prompt: 'a', grid: '4x2', cell: '64x64', formats: ['xml'] } } },
      { assets: {}, atlases: { 'a.png': { padding: 2 } } },
      { assets: {}, icons: { public: { from: 'logo.png' } } },
      { assets: {}, codegen: { out: 'assets.js' } },
    ])
      assert.equal(validate(bad), false, JSON.stringify(bad));
  });
});
