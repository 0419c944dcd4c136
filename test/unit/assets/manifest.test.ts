import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { resolveAsset, specHash } from '../../../src/core/assets/resolve';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const problemsOf = (text: string): string[] =>
  parseManifest(BUILT_IN_MODELS, text).problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`);

describe('image-studio.json manifest', () => {
  it('reads JSONC (comments, trailing commas) with defaults and styles', () => {
    const { manifest, problems } = parseManifest(
      BUILT_IN_MODELS,
      `{
      // the site
      "defaults": { "model": "gpt-image-2", "quality": "high" },
      "styles": { "pixel": "16-bit pixel art" },
      "assets": {
        "public/hero.png": { "prompt": "a lighthouse", "size": "1536x1024" }, /* hero */
        "assets/coin.png": { "prompt": "a coin", "style": "pixel", "background": "transparent", "resize": "64x64", },
      },
    }`,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(manifest.assets), ['public/hero.png', 'assets/coin.png']);
    const coin = resolveAsset(BUILT_IN_MODELS, manifest, 'assets/coin.png');
    assert.equal(coin.prompt, 'a coin, 16-bit pixel art');
    assert.deepEqual(coin.options, { quality: 'high', background: 'transparent' });
    assert.deepEqual(coin.resize, { width: 64, height: 64, fit: 'cover' });
    assert.equal(coin.outputFormat, 'png');
  });

  it('reports each bad entry at its position and keeps the good ones', () => {
    const text =
      '{\n  "assets": {\n    "/abs.png": { "prompt": "x" },\n    "ok.png": { "prompt": "fine" },\n    "b.png": { "prompt": "y", "style": "nope", "fit": "cover" },\n    "c.gif": { "prompt": "z" },\n    "d.jpg": { "prompt": "q", "background": "transparent" },\n    "e.png": { "size": 5 }\n  }\n}';
    const parsed = parseManifest(BUILT_IN_MODELS, text);
    assert.deepEqual(Object.keys(parsed.manifest.assets), ['ok.png']);
    assert.deepEqual(problemsOf(text), [
      `3:5 error Asset path "/abs.png" must be relative to the manifest's folder.`,
      '5:40 error Unknown style "nope": declare it under "styles".',
      '5:55 error "fit" only applies together with "resize".',
      '6:5 error Asset path "c.gif" must end in .png, .jpg, .jpeg or .webp (its extension sets the output format).',
      "7:45 error gpt-image-2 does not accept background 'transparent': it accepts transparent only with output_format png or webp.",
      '8:24 error "size" must be a non-empty string.',
      '8:14 error Asset "e.png" needs a "prompt".',
    ]);
    assert.equal(parsed.assetOffsets['ok.png']?.line, 4);
  });

  it('refuses paths that leave the folder, backslashes, .image-studio/ and unknown fields', () => {
    const probs = problemsOf(
      '{"assets": {"../x.png": {"prompt": "a"}, "a\\\\b.png": {"prompt": "a"}, ".image-studio/h.png": {"prompt": "a"}, "k.png": {"prompt": "a", "promt": 1, "inputs": ["../in.png"]}}, "extra": 1}',
    );
    assert.equal(probs.length, 6, probs.join('\n'));
    assert.match(probs[0]!, /Unknown field "extra"/);
    assert.match(probs.join('\n'), /leaves the manifest's folder/);
    assert.match(probs.join('\n'), /backslashes/);
    assert.match(probs.join('\n'), /inside \.image-studio/);
    assert.match(probs.join('\n'), /Unknown field "promt"/);
    assert.match(probs.join('\n'), /Input path "\.\.\/in\.png" leaves/);
  });

  it('broken JSON and a missing "assets" are problems, not exceptions', () => {
    assert.match(problemsOf('{"assets": {')[0]!, /^1:13 error Not valid JSON/);
    assert.deepEqual(problemsOf('[]'), ['1:1 error The manifest must be a JSON object with "assets".']);
    assert.deepEqual(problemsOf('{}'), ['1:1 error The manifest has no "assets" object.']);
    assert.match(problemsOf('{"assets": {"a.png": {"prompt": "p", "resize": "64"}}}')[0]!, /"resize" must be WIDTHxHEIGHT/);
    assert.match(problemsOf('{"assets": {"a.webp": {"prompt": "p", "resize": "64x64"}}}')[0]!, /"resize" needs a \.png asset path/);
    assert.match(problemsOf('{"assets": {"a.jpg": {"prompt": "p", "model": "dall-e-2"}}}')[0]!, /dall-e-2 returns PNG only/);
  });

  it('the spec hash follows what changes the image and nothing else', async () => {
    const hash = async (
      text: string,
      path = 'a.png',
      inputs: Array<{ role: 'image' | 'mask'; path: string; sha256: string }> = [],
    ): Promise<string> => specHash(resolveAsset(BUILT_IN_MODELS, parseManifest(BUILT_IN_MODELS, text).manifest, path), inputs);
    const base = await hash('{"assets": {"a.png": {"prompt": "p", "quality": "low", "size": "1024x1024"}}}');
    assert.equal(
      await hash('{"assets": {"a.png": {"size": "1024x1024", "quality": "low", "prompt": "p"}}}'),
      base,
      'field order changed the hash',
    );
    assert.equal(
      await hash('{"defaults": {"quality": "low"}, "assets": {"a.png": {"prompt": "p", "size": "1024x1024"}}}'),
      base,
      'a default and the same option inline differ',
    );
    assert.equal(
      await hash('{"defaults": {"model": "gpt-image-2"}, "assets": {"a.png": {"prompt": "p", "quality": "low", "size": "1024x1024"}}}'),
      base,
      'the default model spelled out differs',
    );
    for (const changed of [
      '{"assets": {"a.png": {"prompt": "p2", "quality": "low", "size": "1024x1024"}}}',
      '{"assets": {"a.png": {"prompt": "p", "quality": "high", "size": "1024x1024"}}}',
      '{"assets": {"a.png": {"prompt": "p", "quality": "low", "size": "1024x1024", "resize": "64x64"}}}',
      '{"assets": {"a.png": {"prompt": "p", "quality": "low", "size": "1024x1024", "model": "gpt-image-1.5"}}}',
      '{"styles": {"s": "flat"}, "assets": {"a.png": {"prompt": "p", "quality": "low", "size": "1024x1024", "style": "s"}}}',
    ])
      assert.notEqual(await hash(changed), base, changed);
    assert.notEqual(
      await hash('{"assets": {"a.webp": {"prompt": "p", "quality": "low", "size": "1024x1024"}}}', 'a.webp'),
      base,
      'the output format is not in the hash',
    );
    const withInput = '{"assets": {"a.png": {"prompt": "p", "inputs": ["in.png"]}}}';
    const h1 = await hash(withInput, 'a.png', [{ role: 'image', path: 'in.png', sha256: 'aa' }]);
    assert.notEqual(
      await hash(withInput, 'a.png', [{ role: 'image', path: 'in.png', sha256: 'bb' }]),
      h1,
      'the input content is not in the hash',
    );
    assert.equal(
      await hash('{"assets": {"a.png": {"prompt": "p", "inputs": ["moved/in.png"]}}}', 'a.png', [
        { role: 'image', path: 'moved/in.png', sha256: 'aa' },
      ]),
      h1,
      'moving an unchanged input made it stale',
    );
  });

  it('"sizes" and "n": checked like every field, and hashed only when used', async () => {
    const text =
      '{"assets": {\n"icon.png": { "prompt": "i", "fit": "contain", "sizes": { "icon-16.png": "16x16", "icon-big.webp": "64x64", "icon-0.png": "0x4" } },\n"two.png": { "prompt": "t", "sizes": { "icon-16.png": "8x8" }, "n": 101 },\n"half.png": { "prompt": "h", "n": 1.5 },\n"shot.webp": { "prompt": "s", "sizes": { "s.png": "8x8" } }\n}}';
    assert.deepEqual(problemsOf(text), [
      '2:83 error Size output "icon-big.webp" must be a .png path (the resampler writes PNG).',
      '2:123 error Size "icon-0.png" must be WIDTHxHEIGHT with sides from 1 to 4096 (got "0x4").',
      '3:69 error "n" must be a whole number from 1 to 100 (got 101).',
      '3:1 error Size output "icon-16.png" is already written by icon.png.',
      '4:35 error "n" must be a whole number from 1 to 100 (got 1.5).',
      '5:40 error "sizes" needs a .png asset path (the resampler reads and writes PNG); "shot.webp" is webp.',
    ]);
    const ok = parseManifest(
      BUILT_IN_MODELS,
      '{"assets": {"a.png": { "prompt": "p", "fit": "fill", "sizes": { "a-16.png": "16x16" }, "n": 3 }, "b.png": { "prompt": "p" }}}',
    );
    assert.deepEqual(ok.problems, []);
    const a = resolveAsset(BUILT_IN_MODELS, ok.manifest, 'a.png');
    assert.deepEqual(a.sizes, [{ path: 'a-16.png', resize: { width: 16, height: 16, fit: 'fill' } }]);
    assert.equal(a.n, 3);
    // An asset without them keeps the hash it had before they existed.
    assert.equal(
      await specHash(resolveAsset(BUILT_IN_MODELS, ok.manifest, 'b.png'), []),
      await specHash({ ...resolveAsset(BUILT_IN_MODELS, ok.manifest, 'b.png') }, []),
    );
    assert.notEqual(await specHash(a, []), await specHash({ ...a, n: 1 }, []));
  });
});
