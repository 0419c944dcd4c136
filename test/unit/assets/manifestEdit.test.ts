// Add to Image Assets writes one entry and moves nothing else: the entry before it keeps its
// one-line layout and the comments stay; and the entry states what the image was made with where
// the manifest's defaults would say otherwise, so "up to date" is true.
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { optionsAgainstDefaults, setAssetEntry } from '../../../src/core/assets/manifestEdit';
import { resolveAsset } from '../../../src/core/assets/resolve';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const MANIFEST = `{
  // the project's images
  "defaults": { "model": "gpt-image-2", "quality": "high" },
  "assets": {
    "a.png": { "prompt": "x", "size": "1024x1024" }
  }
}
`;
const NAMES = ['size', 'quality', 'background', 'moderation', 'outputCompression', 'inputFidelity'] as const;

describe('writing an asset entry into a manifest', () => {
  it('adds the entry after the last one and leaves its neighbour and the comments exactly as they were', () => {
    const out = setAssetEntry(MANIFEST, 'b.png', { prompt: 'y', quality: 'auto' });
    assert.equal(
      out,
      `{
  // the project's images
  "defaults": { "model": "gpt-image-2", "quality": "high" },
  "assets": {
    "a.png": { "prompt": "x", "size": "1024x1024" },
    "b.png": {
      "prompt": "y",
      "quality": "auto"
    }
  }
}
`,
    );
    assert.deepEqual(parseManifest(BUILT_IN_MODELS, out).problems, []);
  });

  it('replaces an entry in place, fills an empty "assets", uses a trailing comma, and adds "assets" when there is none', () => {
    assert.equal(
      setAssetEntry(MANIFEST, 'a.png', { prompt: 'z' }),
      MANIFEST.replace('{ "prompt": "x", "size": "1024x1024" }', '{\n      "prompt": "z"\n    }'),
    );
    assert.equal(
      setAssetEntry('{\n  "assets": {}\n}\n', 'b.png', { prompt: 'y' }),
      '{\n  "assets": {\n    "b.png": {\n      "prompt": "y"\n    }\n  }\n}\n',
    );
    const trailing = '{\n  "assets": {\n    "a.png": { "prompt": "x" },\n  }\n}\n';
    assert.deepEqual(Object.keys(parseManifest(BUILT_IN_MODELS, setAssetEntry(trailing, 'b.png', { prompt: 'y' })).manifest.assets), [
      'a.png',
      'b.png',
    ]);
    const none = setAssetEntry('{\n  "styles": { "s": "t" }\n}\n', 'b.png', { prompt: 'y' });
    assert.match(none, /^\{\n {2}"styles": \{ "s": "t" \},\n {2}"assets": \{/);
    assert.deepEqual(Object.keys(parseManifest(BUILT_IN_MODELS, none).manifest.assets), ['b.png']);
  });

  it('states an option the defaults would change (quality auto under a default of high) and leaves out what they say', () => {
    const defaults = parseManifest(BUILT_IN_MODELS, MANIFEST).manifest.defaults;
    // Made with quality left to the API (auto) and size 1024x1024: the default "high" must not stand in for it.
    const made = { size: '1024x1024' };
    const options = optionsAgainstDefaults(made, defaults, NAMES);
    assert.deepEqual(options, { size: '1024x1024', quality: 'auto' });
    const entry = { prompt: 'y', ...options };
    const resolved = resolveAsset(
      BUILT_IN_MODELS,
      parseManifest(BUILT_IN_MODELS, setAssetEntry(MANIFEST, 'b.png', entry)).manifest,
      'b.png',
    );
    assert.equal(resolved.options.quality, 'auto');
    assert.deepEqual(optionsAgainstDefaults({ quality: 'high', background: 'auto' }, defaults, NAMES), {});
  });
});
