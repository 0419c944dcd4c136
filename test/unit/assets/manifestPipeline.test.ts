// The manifest fields of issue 22: `process` and `checks` on an asset, in `defaults` or in a style
// written as an object; `inputs` as { path, hint }; each mistake at its node; the hints named
// before the prompt; and the spec hash in two parts (a change to the steps alone leaves the
// generation part as it was), with the hash of an asset without the new fields unchanged.
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { mainSteps, resolveAsset, sizeSteps, specHash, specParts, specText } from '../../../src/core/assets/resolve';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const manifest = (assets: Record<string, unknown>, extra: Record<string, unknown> = {}): string => JSON.stringify({ ...extra, assets });

describe('image-studio.json: process, checks and hinted inputs', () => {
  it('reads steps and gates on an asset, in defaults and in a style; an asset replaces the chain, gates add up', () => {
    const text = manifest(
      {
        'a.png': { prompt: 'p', style: 'sprite' },
        'b.png': { prompt: 'p', style: 'sprite', process: [{ trim: {} }], checks: { maxKB: 10 } },
        'c.png': { prompt: 'p' },
      },
      {
        defaults: { process: [{ pad: 2 }], checks: { maxColors: 64 } },
        styles: { sprite: { prompt: 'flat colours', process: [{ removeBackground: 'auto' }, { trim: {} }], checks: { alpha: true } } },
      },
    );
    const parsed = parseManifest(BUILT_IN_MODELS, text);
    assert.deepEqual(parsed.problems, []);
    const a = resolveAsset(BUILT_IN_MODELS, parsed.manifest, 'a.png');
    assert.equal(a.prompt, 'p, flat colours');
    assert.deepEqual(
      a.process.map((s) => s.op),
      ['removeBackground', 'trim'],
    );
    assert.deepEqual(a.checks, { maxColors: 64, alpha: true });
    const b = resolveAsset(BUILT_IN_MODELS, parsed.manifest, 'b.png');
    assert.deepEqual(
      b.process.map((s) => s.op),
      ['trim'],
    );
    assert.deepEqual(b.checks, { maxColors: 64, alpha: true, maxKB: 10 });
    assert.deepEqual(resolveAsset(BUILT_IN_MODELS, parsed.manifest, 'c.png').process, [{ op: 'pad', px: 2, color: [0, 0, 0, 0] }]);
  });

  it('resize and sizes are shorthands: a resize step after the steps, each size made by the steps and its own size', () => {
    const parsed = parseManifest(
      BUILT_IN_MODELS,
      manifest({ 'a.png': { prompt: 'p', process: [{ trim: {} }], resize: '64x64', fit: 'contain', sizes: { 'a-16.png': '16x16' } } }),
    );
    const a = resolveAsset(BUILT_IN_MODELS, parsed.manifest, 'a.png');
    assert.deepEqual(mainSteps(a), [
      { op: 'trim', threshold: 0 },
      { op: 'resize', width: 64, height: 64, fit: 'contain', kernel: 'lanczos3' },
    ]);
    assert.deepEqual(sizeSteps(a, a.sizes[0]!.resize), [
      { op: 'trim', threshold: 0 },
      { op: 'resize', width: 16, height: 16, fit: 'contain', kernel: 'lanczos3' },
    ]);
  });

  it('names hinted inputs before the prompt, by their position', () => {
    const parsed = parseManifest(
      BUILT_IN_MODELS,
      manifest({
        'a.png': {
          prompt: 'the knight attacks',
          inputs: [{ path: 'face.png', hint: "the character's face" }, 'bg.png', { path: 'sword.png', hint: 'the sword' }],
        },
      }),
    );
    assert.deepEqual(parsed.problems, []);
    const a = resolveAsset(BUILT_IN_MODELS, parsed.manifest, 'a.png');
    assert.deepEqual(a.inputs, ['face.png', 'bg.png', 'sword.png']);
    assert.equal(a.prompt, "Image 1 (the character's face), Image 3 (the sword): the knight attacks");
    assert.equal(
      resolveAsset(
        BUILT_IN_MODELS,
        parseManifest(BUILT_IN_MODELS, manifest({ 'a.png': { prompt: 'x', inputs: [{ path: 'in.png' }] } })).manifest,
        'a.png',
      ).prompt,
      'x',
    );
  });

  it('reports each mistake at its node, and keeps the asset out', () => {
    const text = `{
  "assets": {
    "a.png": { "prompt": "p", "process": [{ "trim": {} }, { "resize": { "size": "64x64", "kernel": "bicubic" } }] },
    "b.png": { "prompt": "p", "checks": { "maxColors": 0 } },
    "c.jpg": { "prompt": "p", "process": [{ "trim": {} }], "checks": { "maxKB": 5, "halo": true } },
    "d.png": { "prompt": "p", "inputs": [{ "path": "x.png", "note": "?" }] },
    "e.png": { "prompt": "p", "process": [{ "quantize": { "palette": "../p.hex" } }] }
  }
}`;
    const { manifest: m, problems } = parseManifest(BUILT_IN_MODELS, text);
    const at = (path: string): Array<[string, number, number]> =>
      problems.filter((p) => p.path[1] === path).map((p) => [p.message, p.line, p.column]);
    const [kernel] = at('a.png');
    assert.match(kernel![0], /"kernel" must be one of lanczos3, nearest, box/);
    assert.deepEqual([kernel![1], kernel![2]], [3, text.split('\n')[2]!.indexOf('"bicubic"') + 1]);
    assert.match(at('b.png')[0]![0], /"maxColors" must be a whole number/);
    assert.deepEqual(
      at('c.jpg').map((p) => p[0]),
      [
        '"process" needs a .png asset path (the steps read and write PNG).',
        'The gates halo read the pixels, which is done for .png assets only.',
      ],
    );
    assert.match(at('d.png')[0]![0], /"inputs" must be a list of paths, or of \{"path"/);
    assert.match(at('e.png')[0]![0], /leaves the manifest's folder/);
    assert.deepEqual(Object.keys(m.assets), []);
    const style = parseManifest(BUILT_IN_MODELS, manifest({}, { styles: { s: { prompt: 'x', proces: [] } } })).problems;
    assert.match(style[0]!.message, /Unknown field "proces"/);
  });

  it('the spec hash: unchanged for an asset without the new fields; the steps change only its processing part', async () => {
    const plain = resolveAsset(
      BUILT_IN_MODELS,
      parseManifest(BUILT_IN_MODELS, manifest({ 'a.png': { prompt: 'p', resize: '64x64' } })).manifest,
      'a.png',
    );
    // The text hashed before issue 22, so existing sidecars stay up to date.
    assert.equal(
      specText(plain, []),
      '{"format":"png","inputs":[],"kind":"generate","model":"gpt-image-2","options":{},"prompt":"p","resize":{"fit":"cover","height":64,"width":64},"v":1}',
    );
    const stepped = (pad: number) =>
      resolveAsset(
        BUILT_IN_MODELS,
        parseManifest(BUILT_IN_MODELS, manifest({ 'a.png': { prompt: 'p', resize: '64x64', process: [{ pad }] } })).manifest,
        'a.png',
      );
    const [one, two] = [await specParts(stepped(1), []), await specParts(stepped(2), [])];
    assert.equal(one.generation, two.generation, 'a step changed the generation part');
    assert.notEqual(one.processing, two.processing);
    assert.notEqual(await specHash(stepped(1), []), await specHash(stepped(2), []));
    const reworded = resolveAsset(
      BUILT_IN_MODELS,
      parseManifest(BUILT_IN_MODELS, manifest({ 'a.png': { prompt: 'p2', resize: '64x64', process: [{ pad: 1 }] } })).manifest,
      'a.png',
    );
    const three = await specParts(reworded, []);
    assert.notEqual(three.generation, one.generation);
    assert.equal(three.processing, one.processing, 'the prompt changed the processing part');
    // A palette file's content is processing, not generation.
    const withPalette = resolveAsset(
      BUILT_IN_MODELS,
      parseManifest(BUILT_IN_MODELS, manifest({ 'a.png': { prompt: 'p', process: [{ quantize: { palette: 'p.hex' } }] } })).manifest,
      'a.png',
    );
    const [pa, pb] = [
      await specParts(withPalette, [{ role: 'palette', path: 'p.hex', sha256: 'aa' }]),
      await specParts(withPalette, [{ role: 'palette', path: 'p.hex', sha256: 'bb' }]),
    ];
    assert.equal(pa.generation, pb.generation);
    assert.notEqual(pa.processing, pb.processing);
  });
});
