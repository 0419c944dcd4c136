import assert from 'node:assert/strict';
import { getModelCapabilities, modelOptions } from '../../../src/core/models/capabilities';
import type { ModelChoice, StudioDefaults } from '../../../src/shared/protocol';
import {
  backgroundAllowed, compressionApplies, formatAllowed, freeSizeProblem, hasField, initialSelection, normalizeSelection, toGenerateParams,
} from '../../../src/shared/studioOptions';

const DEFAULTS: StudioDefaults = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' };

function choice(id: string): ModelChoice {
  return { ...modelOptions(id, 'generations', 'compatible'), transparentFormats: getModelCapabilities(id).transparentFormats };
}

describe('Studio option rules', () => {
  it('offers only what the model supports: dall-e-3 has styles and no background; gpt-image-2 the reverse', () => {
    const dalle3 = choice('dall-e-3');
    const gpt = choice('gpt-image-2');
    assert.equal(hasField(dalle3, 'style'), true);
    assert.equal(hasField(dalle3, 'background'), false);
    assert.equal(dalle3.outputFormats.length, 0);
    assert.equal(hasField(gpt, 'background'), true);
    assert.equal(hasField(gpt, 'style'), false);
  });

  it('never combines a transparent background with JPEG', () => {
    const gpt = choice('gpt-image-2');
    assert.equal(formatAllowed(gpt, 'jpeg', 'transparent'), false);
    assert.equal(formatAllowed(gpt, 'webp', 'transparent'), true);
    assert.equal(backgroundAllowed(gpt, 'transparent', 'jpeg'), false);
    const sel = normalizeSelection(gpt, { ...initialSelection(gpt, DEFAULTS), background: 'transparent', outputFormat: 'jpeg' }, DEFAULTS);
    assert.equal(sel.background, 'transparent');
    assert.equal(sel.outputFormat, 'png', 'the format moves to one that keeps alpha');
  });

  it('applies compression to JPEG and WebP only', () => {
    const gpt = choice('gpt-image-2');
    assert.equal(compressionApplies(gpt, 'png'), false);
    assert.equal(compressionApplies(gpt, 'jpeg'), true);
    const png = toGenerateParams(gpt, { ...initialSelection(gpt, DEFAULTS), outputFormat: 'png', outputCompression: 50 }, 'p');
    assert.equal(png.outputCompression, undefined);
    const jpeg = toGenerateParams(gpt, { ...initialSelection(gpt, DEFAULTS), outputFormat: 'jpeg', outputCompression: 50 }, 'p');
    assert.equal(jpeg.outputCompression, 50);
  });

  it('switching model keeps valid values and replaces the others', () => {
    const gpt = choice('gpt-image-2');
    const dalle3 = choice('dall-e-3');
    const fromGpt = { ...initialSelection(gpt, DEFAULTS), size: '1536x1024', quality: 'high', background: 'transparent' };
    const sel = normalizeSelection(dalle3, { ...fromGpt, model: 'dall-e-3' }, DEFAULTS);
    assert.equal(sel.size, '1024x1024');
    assert.equal(sel.quality, 'standard');
    assert.equal(sel.style, 'vivid');
    const params = toGenerateParams(dalle3, sel, 'a lighthouse');
    assert.deepEqual(params, { prompt: 'a lighthouse', model: 'dall-e-3', n: 1, size: '1024x1024', quality: 'standard', style: 'vivid' });
  });

  it('streams previews only on models that can', () => {
    const gpt = choice('gpt-image-2');
    const params = toGenerateParams(gpt, initialSelection(gpt, DEFAULTS), 'p');
    assert.equal(params.stream, true);
    assert.equal(params.partialImages, 2);
    const dalle2 = choice('dall-e-2');
    const d = toGenerateParams(dalle2, initialSelection(dalle2, DEFAULTS), 'p');
    assert.equal(d.stream, undefined);
    assert.equal(d.partialImages, undefined);
  });

  it('takes a typed size on gpt-image-2 only when it fits the free-size rule', () => {
    const gpt2 = choice('gpt-image-2');
    const rule = gpt2.freeSize!;
    assert.equal(freeSizeProblem(rule, '2048x1152'), undefined);
    assert.equal(freeSizeProblem(rule, '3840x2160'), undefined);
    assert.match(freeSizeProblem(rule, '1000x1000')!, /multiples of 16/);
    assert.match(freeSizeProblem(rule, '4096x1024')!, /3840 px/);
    assert.match(freeSizeProblem(rule, '3840x1024')!, /aspect/);
    assert.match(freeSizeProblem(rule, 'big')!, /WIDTHxHEIGHT/);
    const sel = normalizeSelection(gpt2, { ...initialSelection(gpt2, DEFAULTS), useCustomSize: true, customSize: '2048x1152' }, DEFAULTS);
    assert.equal(toGenerateParams(gpt2, sel, 'p').size, '2048x1152');
    // gpt-image-1.5 has only presets: a leftover custom size is dropped.
    const gpt15 = choice('gpt-image-1.5');
    const moved = normalizeSelection(gpt15, { ...sel, model: 'gpt-image-1.5' }, DEFAULTS);
    assert.equal(moved.useCustomSize, false);
    assert.equal(toGenerateParams(gpt15, moved, 'p').size, 'auto');
  });
});
