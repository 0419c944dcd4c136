import assert from 'node:assert/strict';
import { validateEdit, validateGenerate, validateVariation, type ValidationTarget } from '../../../src/core/models/validate';
import type { GenerateRequest } from '../../../src/core/types';
import { png, TODAY } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const openai: ValidationTarget = { provider: 'openai', today: TODAY, models: BUILT_IN_MODELS };
const compatible: ValidationTarget = { provider: 'compatible', today: TODAY, models: BUILT_IN_MODELS };

function refused(fn: () => unknown, param: string, value?: string): void {
  assert.throws(fn, (e: Error & { kind?: string; param?: string; value?: string }) => {
    assert.equal(e.kind, 'validation', e.message);
    assert.equal(e.param, param, e.message);
    if (value !== undefined) assert.match(e.message, new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(e.message, /accepts/);
    return true;
  });
}

function retired(fn: () => unknown, message: RegExp, replacement: string): void {
  assert.throws(fn, (e: Error & { kind?: string; replacement?: string }) => {
    assert.equal(e.kind, 'model_retired', e.message);
    assert.equal(e.replacement, replacement);
    assert.match(e.message, message);
    return true;
  });
}

const gen = (over: Partial<GenerateRequest>): GenerateRequest => ({ model: 'gpt-image-2', prompt: 'a cat', ...over });

describe('model rules: generations', () => {
  it('accepts every listed size of each model and refuses others, naming what the model accepts', () => {
    const cases: Array<[string, string[], string[]]> = [
      ['gpt-image-1.5', ['auto', '1024x1024', '1536x1024', '1024x1536'], ['1792x1024', '512x512']],
      ['gpt-image-1-mini', ['1024x1536'], ['256x256']],
      ['chatgpt-image-latest', ['1536x1024'], ['1536x864']],
      ['dall-e-3', ['1024x1024', '1792x1024', '1024x1792'], ['auto', '1536x1024']],
      ['dall-e-2', ['256x256', '512x512', '1024x1024'], ['auto', '1024x1536']],
    ];
    for (const [model, ok, bad] of cases) {
      for (const size of ok) assert.doesNotThrow(() => validateGenerate(gen({ model, size, prompt: 'x' }), compatible), `${model} ${size}`);
      for (const size of bad) refused(() => validateGenerate(gen({ model, size, prompt: 'x' }), compatible), 'size', size);
    }
  });

  it('applies the gpt-image-2 free-size rule (multiples of 16, aspect 1:3–3:1, 3840x2160 max)', () => {
    for (const size of ['auto', '1536x864', '3840x2160', '2160x3840', '768x2304', '1024x1024']) {
      assert.doesNotThrow(() => validateGenerate(gen({ size }), openai), size);
      assert.doesNotThrow(() => validateGenerate(gen({ model: 'gpt-image-2-2026-04-21', size }), openai), size);
    }
    for (const size of ['1000x1000', '3840x3840', '4096x1024', '720x2304', '0x512', 'big', '16x16'])
      refused(() => validateGenerate(gen({ size }), openai), 'size', size);
  });

  it('checks n per request, quality, style, background, formats, compression and moderation per model', () => {
    refused(() => validateGenerate(gen({ model: 'dall-e-3', n: 2 }), compatible), 'n', '2');
    refused(() => validateGenerate(gen({ n: 11 }), openai), 'n');
    refused(() => validateGenerate(gen({ n: 0 }), openai), 'n');
    assert.doesNotThrow(() => validateGenerate(gen({ n: 10 }), openai));
    refused(() => validateGenerate(gen({ quality: 'hd' }), openai), 'quality', 'hd');
    assert.doesNotThrow(() => validateGenerate(gen({ model: 'dall-e-3', quality: 'hd', style: 'natural' }), compatible));
    refused(() => validateGenerate(gen({ model: 'dall-e-2', quality: 'hd' }), compatible), 'quality');
    refused(() => validateGenerate(gen({ style: 'vivid' }), openai), 'style', 'vivid');
    refused(() => validateGenerate(gen({ model: 'dall-e-3', style: 'cartoon' }), compatible), 'style');
    refused(() => validateGenerate(gen({ model: 'dall-e-3', background: 'transparent' }), compatible), 'background');
    refused(() => validateGenerate(gen({ background: 'transparent', outputFormat: 'jpeg' }), openai), 'background');
    assert.doesNotThrow(() => validateGenerate(gen({ background: 'transparent', outputFormat: 'webp', outputCompression: 60 }), openai));
    refused(() => validateGenerate(gen({ outputCompression: 50 }), openai), 'output_compression');
    refused(() => validateGenerate(gen({ outputFormat: 'jpeg', outputCompression: 101 }), openai), 'output_compression');
    refused(() => validateGenerate(gen({ model: 'dall-e-2', outputFormat: 'png' }), compatible), 'output_format');
    refused(
      () => validateGenerate(gen({ outputFormat: 'webp' }), { provider: 'azure', today: TODAY, models: BUILT_IN_MODELS }),
      'output_format',
      'webp',
    );
    refused(() => validateGenerate(gen({ moderation: 'none' }), openai), 'moderation');
    assert.doesNotThrow(() => validateGenerate(gen({ moderation: 'low' }), openai));
    refused(() => validateGenerate(gen({ model: 'dall-e-3', moderation: 'low' }), compatible), 'moderation');
  });

  it('refuses response_format for GPT image models and accepts it for dall-e', () => {
    refused(() => validateGenerate(gen({ responseFormat: 'url' }), openai), 'response_format', 'url');
    assert.doesNotThrow(() => validateGenerate(gen({ model: 'dall-e-2', responseFormat: 'b64_json' }), compatible));
  });

  it('checks prompt length per model (1000 / 4000 / 32000)', () => {
    assert.doesNotThrow(() => validateGenerate(gen({ model: 'dall-e-2', prompt: 'a'.repeat(1000) }), compatible));
    refused(() => validateGenerate(gen({ model: 'dall-e-2', prompt: 'a'.repeat(1001) }), compatible), 'prompt');
    refused(() => validateGenerate(gen({ model: 'dall-e-3', prompt: 'a'.repeat(4001) }), compatible), 'prompt');
    assert.doesNotThrow(() => validateGenerate(gen({ prompt: 'a'.repeat(32000) }), openai));
    refused(() => validateGenerate(gen({ prompt: 'a'.repeat(32001) }), openai), 'prompt');
    refused(() => validateGenerate(gen({ prompt: '  ' }), openai), 'prompt');
  });

  it('allows streaming with 0–3 partial images on GPT models only', () => {
    assert.doesNotThrow(() => validateGenerate(gen({ stream: true, partialImages: 3 }), openai));
    refused(() => validateGenerate(gen({ stream: true, partialImages: 4 }), openai), 'partial_images');
    refused(() => validateGenerate(gen({ partialImages: 1 }), openai), 'partial_images');
    refused(() => validateGenerate(gen({ model: 'dall-e-3', stream: true }), compatible), 'stream');
  });

  it('refuses an endpoint the model lacks, and endpoints the provider lacks', () => {
    refused(() => validateEdit({ model: 'dall-e-3', prompt: 'x', images: [png(16, 16)] }, compatible), 'endpoint', 'edits');
    assert.throws(
      () => validateGenerate(gen({}), { provider: 'compatible', endpoints: ['edits'], today: TODAY, models: BUILT_IN_MODELS }),
      {
        kind: 'endpoint_unsupported',
      } as object,
    );
    assert.throws(
      () => validateVariation({ model: 'dall-e-2', image: png(16, 16) }, { provider: 'azure', today: TODAY, models: BUILT_IN_MODELS }),
      {
        kind: 'endpoint_unsupported',
      } as object,
    );
  });
});

describe('model rules: status and unknown models', () => {
  it('passes an unknown model through with a warning and relaxed checks', () => {
    const w = validateGenerate(
      { model: 'my-local-sdxl', prompt: 'x', size: '1000x700', quality: 'ultra', responseFormat: 'url', style: 'anime', n: 4 },
      compatible,
    );
    assert.ok(
      w.some((m) => /not in the capability table/.test(m)),
      w.join(),
    );
    assert.doesNotThrow(() => validateVariation({ model: 'my-local-sdxl', image: png(30, 20) }, compatible));
  });

  it('refuses a model retired where the request goes, naming the replacement; elsewhere it is sent without a word', () => {
    assert.deepEqual(validateGenerate(gen({ model: 'dall-e-2', size: '256x256' }), compatible), []);
    retired(
      () => validateGenerate(gen({ model: 'dall-e-2', size: '256x256' }), openai),
      /retired on 2026-05-12; use gpt-image-2.6-sunburst instead\. Nothing was sent/,
      'gpt-image-2.6-sunburst',
    );
    retired(() => validateGenerate(gen({ model: 'gpt-image-1' }), openai), /retired on 2026-10-23/, 'gpt-image-2.6-sunburst');
  });

  it('warns about deprecated models until their shutdown date, then refuses them', () => {
    assert.match(
      validateGenerate(gen({ model: 'gpt-image-1-mini' }), openai).join(),
      /shuts down on 2026-12-01; switch to gpt-image-2.6-flare/,
    );
    retired(
      () => validateGenerate(gen({ model: 'gpt-image-1-mini' }), { provider: 'openai', today: '2026-12-02', models: BUILT_IN_MODELS }),
      /was shut down on 2026-12-01/,
      'gpt-image-2.6-flare',
    );
    assert.deepEqual(validateGenerate(gen({ size: '1024x1024' }), openai), []);
  });
});

describe('model rules: edits and variations inputs', () => {
  it('accepts up to 16 inputs for GPT models and 1 square PNG for dall-e-2', () => {
    const many = Array.from({ length: 16 }, (_, i) => png(32, 16, `i${i}.png`));
    assert.doesNotThrow(() => validateEdit({ model: 'gpt-image-1.5', prompt: 'x', images: many }, openai));
    refused(() => validateEdit({ model: 'gpt-image-1.5', prompt: 'x', images: [...many, png(8, 8)] }, openai), 'image', '17 images');
    refused(
      () => validateEdit({ model: 'dall-e-2', prompt: 'x', images: [png(32, 16, 'wide.png', { alpha: 'transparent-left' })] }, compatible),
      'image',
      'square',
    );
    refused(() => validateEdit({ model: 'dall-e-2', prompt: 'x', images: [png(16, 16), png(16, 16)] }, compatible), 'image');
    refused(() => validateVariation({ model: 'dall-e-2', image: png(32, 16) }, compatible), 'image', '32x16');
    refused(
      () => validateVariation({ model: 'dall-e-2', image: { bytes: new Uint8Array([1, 2, 3, 4]), filename: 'x.bin' } }, compatible),
      'image',
    );
  });

  it('requires alpha on a dall-e-2 edit image without a mask', () => {
    refused(
      () => validateEdit({ model: 'dall-e-2', prompt: 'x', images: [png(16, 16, 'rgb.png', { alpha: 'none' })] }, compatible),
      'image',
      'alpha',
    );
    assert.doesNotThrow(() =>
      validateEdit(
        {
          model: 'dall-e-2',
          prompt: 'x',
          images: [png(16, 16, 'rgb.png', { alpha: 'none' })],
          mask: png(16, 16, 'm.png', { alpha: 'transparent-left' }),
        },
        compatible,
      ),
    );
  });

  it('checks the mask: PNG with alpha, same size as the first image', () => {
    const img = png(64, 32);
    refused(
      () =>
        validateEdit(
          { model: 'gpt-image-2', prompt: 'x', images: [img], mask: png(32, 32, 'm.png', { alpha: 'transparent-left' }) },
          openai,
        ),
      'mask',
      '32x32',
    );
    refused(
      () => validateEdit({ model: 'gpt-image-2', prompt: 'x', images: [img], mask: png(64, 32, 'm.png', { alpha: 'none' }) }, openai),
      'mask',
      'alpha',
    );
    assert.doesNotThrow(() =>
      validateEdit({ model: 'gpt-image-2', prompt: 'x', images: [img], mask: png(64, 32, 'm.png', { alpha: 'transparent-left' }) }, openai),
    );
  });

  it('accepts input_fidelity except on gpt-image-1-mini and gpt-image-2 onwards; moderation on edits only where JSON edits go', () => {
    assert.doesNotThrow(() => validateEdit({ model: 'gpt-image-1.5', prompt: 'x', images: [png(8, 8)], inputFidelity: 'high' }, openai));
    refused(
      () => validateEdit({ model: 'gpt-image-1-mini', prompt: 'x', images: [png(8, 8)], inputFidelity: 'high' }, openai),
      'input_fidelity',
    );
    refused(
      () => validateEdit({ model: 'gpt-image-2', prompt: 'x', images: [png(8, 8)], inputFidelity: 'high' }, openai),
      'input_fidelity',
    );
    assert.doesNotThrow(() => validateEdit({ model: 'gpt-image-2', prompt: 'x', images: [png(8, 8)], moderation: 'low' }, openai));
    refused(() => validateEdit({ model: 'gpt-image-2', prompt: 'x', images: [png(8, 8)], moderation: 'low' }, compatible), 'moderation');
    refused(
      () =>
        validateEdit(
          { model: 'gpt-image-2', prompt: 'x', images: [png(8, 8)], moderation: 'low' },
          { provider: 'azure', today: '2026-11-21', models: BUILT_IN_MODELS },
        ),
      'moderation',
    );
  });

  it('checks variation sizes and n', () => {
    assert.doesNotThrow(() => validateVariation({ model: 'dall-e-2', image: png(16, 16), size: '512x512', n: 10 }, compatible));
    refused(() => validateVariation({ model: 'dall-e-2', image: png(16, 16), size: '1536x1024' }, compatible), 'size');
    refused(() => validateVariation({ model: 'dall-e-2', image: png(16, 16), n: 11 }, compatible), 'n');
  });
});
