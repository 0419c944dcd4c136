import assert from 'node:assert/strict';
import { buildAssetRequest, buildEditRequest, buildGenerateRequest } from '../../../src/core/jobRequests';
import { parseManifest } from '../../../src/core/assets/manifest';
import { resolveAsset } from '../../../src/core/assets/resolve';
import type { RequestDefaults } from '../../../src/core/jobOptions';
import { modelOptions, type ModelOptions } from '../../../src/core/models/capabilities';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

// Request building is pure: the options as asked, the settings' defaults and the model's options
// in, the request out. The model's options are written out here, so each rule is seen on its own.
const DEFAULTS: RequestDefaults = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' };

function options(overrides: Partial<ModelOptions> = {}): ModelOptions {
  return {
    ...modelOptions(BUILT_IN_MODELS, 'gpt-image-2', 'generations', 'openai', '2026-06-01'),
    model: 'm',
    known: true,
    freeSize: undefined,
    sizes: ['1024x1024', 'auto'],
    qualities: ['low', 'high', 'auto'],
    backgrounds: ['transparent', 'opaque', 'auto'],
    outputFormats: ['png', 'jpeg', 'webp'],
    streaming: true,
    maxPartialImages: 3,
    ...overrides,
  };
}

describe('core: building a job request (jobRequests.ts)', () => {
  it('sends the model of the options, the trimmed prompt, and the settings where the model has the option', () => {
    assert.deepEqual(buildGenerateRequest({ prompt: '  a fox  ' }, { defaults: DEFAULTS, options: options() }), {
      model: 'm',
      prompt: 'a fox',
      n: 1,
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      outputFormat: 'png',
    });
  });

  it('drops a default the model does not have, and never an explicit value (validation names it)', () => {
    const narrow = options({ sizes: ['1024x1024'], qualities: ['standard'], backgrounds: [] });
    const request = buildGenerateRequest({ prompt: 'p' }, { defaults: DEFAULTS, options: narrow });
    assert.equal(request.size, undefined);
    assert.equal(request.quality, undefined);
    assert.equal(request.background, undefined);
    assert.ok(!('size' in request) && !('quality' in request), 'an absent option is absent, not undefined');
    const explicit = buildGenerateRequest(
      { prompt: 'p', size: '640x480', quality: 'ultra', background: 'transparent' },
      { defaults: DEFAULTS, options: narrow },
    );
    assert.deepEqual([explicit.size, explicit.quality, explicit.background], ['640x480', 'ultra', 'transparent']);
  });

  it('keeps a default size a free-size or unknown model may take', () => {
    const defaults = { ...DEFAULTS, size: '1536x1024' };
    assert.equal(buildGenerateRequest({ prompt: 'p' }, { defaults, options: options({ sizes: ['1024x1024'] }) }).size, undefined);
    assert.equal(
      buildGenerateRequest({ prompt: 'p' }, { defaults, options: options({ sizes: ['1024x1024'], known: false }) }).size,
      '1536x1024',
    );
    assert.equal(
      buildGenerateRequest(
        { prompt: 'p' },
        {
          defaults,
          options: options({
            sizes: ['1024x1024'],
            freeSize: {
              kind: 'free',
              presets: [],
              multipleOf: 16,
              minAspect: 1 / 3,
              maxAspect: 3,
              maxEdge: 3840,
              minPixels: 1,
              maxPixels: 1e8,
              allowAuto: true,
            },
          }),
        },
      ).size,
      '1536x1024',
    );
  });

  it('a transparent background turns the JPEG setting into PNG, but not an explicit JPEG', () => {
    const jpegDefaults: RequestDefaults = { ...DEFAULTS, outputFormat: 'jpeg' };
    assert.equal(
      buildGenerateRequest({ prompt: 'p', background: 'transparent' }, { defaults: jpegDefaults, options: options() }).outputFormat,
      'png',
    );
    assert.equal(
      buildGenerateRequest({ prompt: 'p', background: 'transparent', outputFormat: 'jpeg' }, { defaults: jpegDefaults, options: options() })
        .outputFormat,
      'jpeg',
    );
  });

  it('asks for previews only when streaming on a model that streams, at most two', () => {
    assert.equal(buildGenerateRequest({ prompt: 'p' }, { defaults: DEFAULTS, options: options() }).partialImages, undefined);
    assert.equal(buildGenerateRequest({ prompt: 'p', stream: true }, { defaults: DEFAULTS, options: options() }).partialImages, 2);
    assert.equal(
      buildGenerateRequest({ prompt: 'p', stream: true }, { defaults: DEFAULTS, options: options({ maxPartialImages: 1 }) }).partialImages,
      1,
    );
    assert.equal(
      buildGenerateRequest(
        { prompt: 'p', stream: true },
        { defaults: DEFAULTS, options: options({ streaming: false, maxPartialImages: 0 }) },
      ).partialImages,
      undefined,
    );
    assert.equal(
      buildGenerateRequest({ prompt: 'p', stream: true, partialImages: 0 }, { defaults: DEFAULTS, options: options() }).partialImages,
      0,
    );
  });

  it('an edit sends what was asked, n = 1 by default, and previews only with streaming', () => {
    const image = { bytes: new Uint8Array([1]), filename: 'a.png', mimeType: 'image/png' };
    const mask = { bytes: new Uint8Array([2]), filename: 'm.png', mimeType: 'image/png' };
    assert.deepEqual(buildEditRequest({ model: 'm', prompt: ' change it ', partialImages: 2 }, [image]), {
      model: 'm',
      prompt: 'change it',
      images: [image],
      n: 1,
    });
    const streamed = buildEditRequest(
      { model: 'm', prompt: 'p', n: 3, stream: true, partialImages: 2, inputFidelity: 'high' },
      [image],
      mask,
    );
    assert.deepEqual(streamed, {
      model: 'm',
      prompt: 'p',
      images: [image],
      mask,
      n: 3,
      inputFidelity: 'high',
      stream: true,
      partialImages: 2,
    });
  });

  it("an asset's request carries every request option of its spec, complexity included", () => {
    const { manifest } = parseManifest(
      BUILT_IN_MODELS,
      JSON.stringify({
        defaults: { model: 'gpt-image-2.6-flare', quality: 'low', size: '1024x1024' },
        assets: { 'a.png': { prompt: 'a banner', complexity: 'low', background: 'opaque', moderation: 'low' } },
      }),
    );
    const request = buildAssetRequest(resolveAsset(BUILT_IN_MODELS, manifest, 'a.png'), []);
    assert.deepEqual(
      { ...request },
      {
        ...request,
        model: 'gpt-image-2.6-flare',
        prompt: 'a banner',
        size: '1024x1024',
        quality: 'low',
        background: 'opaque',
        moderation: 'low',
        complexity: 'low',
      },
    );
  });
});
