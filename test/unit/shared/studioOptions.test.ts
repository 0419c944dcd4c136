import { TODAY } from '../support';
import assert from 'node:assert/strict';
import { modelOptions } from '../../../src/core/models/capabilities';
import type { ProviderKind } from '../../../src/core/models/capabilityTypes';
import { editingRules } from '../../../src/host/services/modelInputRules';
import type { ModelChoice, StudioDefaults } from '../../../src/shared/protocol';
import {
  backgroundAllowed,
  compressionApplies,
  formatAllowed,
  formChoice,
  freeSizeProblem,
  hasField,
  initialSelection,
  normalizeSelection,
  toEditOptions,
  toGenerateParams,
  valuesFor,
} from '../../../src/shared/studioOptions';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const DEFAULTS: StudioDefaults = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' };

function choice(id: string): ModelChoice {
  return {
    ...modelOptions(BUILT_IN_MODELS, id, 'generations', 'compatible', TODAY),
    transparentFormats: BUILT_IN_MODELS.capabilities(id).transparentFormats,
  };
}

/** A model as the host sends it, with its edit and variation forms (studioModels). */
function hosted(id: string, provider: ProviderKind = 'compatible'): ModelChoice {
  return {
    ...modelOptions(BUILT_IN_MODELS, id, 'generations', provider, TODAY),
    transparentFormats: BUILT_IN_MODELS.capabilities(id).transparentFormats,
    editing: editingRules(BUILT_IN_MODELS, id, provider, TODAY),
  };
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

  it('the edit form has no moderation or style, and input fidelity only where the model takes it on /edits', () => {
    const gpt15 = hosted('gpt-image-1.5');
    assert.equal(hasField(gpt15, 'moderation'), true, 'generate offers moderation');
    assert.equal(hasField(gpt15, 'inputFidelity'), false, 'generate offers no input fidelity');
    const edit = formChoice(gpt15, 'edit');
    assert.equal(hasField(edit, 'moderation'), false);
    assert.deepEqual(valuesFor(edit, 'inputFidelity'), ['low', 'high']);
    assert.equal(hasField(edit, 'quality'), true);
    assert.equal(edit.streaming, true);
    assert.equal(hasField(formChoice(hosted('gpt-image-1-mini'), 'edit'), 'inputFidelity'), false);
    assert.equal(hasField(formChoice(hosted('gpt-image-2'), 'edit'), 'inputFidelity'), false, 'gpt-image-2 onwards: omit input_fidelity');
    assert.equal(hasField(hosted('dall-e-3'), 'style'), true);
    assert.equal(hasField(formChoice(hosted('dall-e-3'), 'edit'), 'style'), false);
    // An unknown model takes anything on /edits, but the Studio's multipart edit sends no moderation.
    const unknown = formChoice(hosted('my-image-model'), 'edit');
    assert.equal(hasField(unknown, 'moderation'), false);
    assert.equal(valuesFor(unknown, 'inputFidelity'), undefined, 'free text');
  });

  it('an edit request carries the chosen input fidelity, never moderation; generate and gpt-image-1-mini never carry it', () => {
    const gpt15 = hosted('gpt-image-1.5');
    const sel = { ...initialSelection(gpt15, DEFAULTS), moderation: 'low', inputFidelity: 'high' };
    const edit = formChoice(gpt15, 'edit');
    const params = toEditOptions(edit, normalizeSelection(edit, sel, DEFAULTS), 'p');
    assert.equal(params.inputFidelity, 'high');
    assert.equal(params.moderation, undefined);
    assert.equal('inputFidelity' in toGenerateParams(gpt15, normalizeSelection(gpt15, sel, DEFAULTS), 'p'), false);
    assert.equal('inputFidelity' in toEditOptions(gpt15, sel, 'p'), false, 'the generate form has no input fidelity');
    assert.equal(toEditOptions(edit, { ...sel, inputFidelity: '' }, 'p').inputFidelity, undefined, 'default: not sent');
    const mini = formChoice(hosted('gpt-image-1-mini'), 'edit');
    assert.equal(toEditOptions(mini, normalizeSelection(mini, sel, DEFAULTS), 'p').inputFidelity, undefined);
    assert.equal(normalizeSelection(edit, { ...sel, inputFidelity: 'extreme' }, DEFAULTS).inputFidelity, '', 'a value the model lacks');
    assert.equal(
      normalizeSelection(edit, { ...sel, inputFidelity: undefined }, DEFAULTS).inputFidelity,
      '',
      'state saved before the field',
    );
  });

  it('the variation form sends n and size only, on the route’s sizes', () => {
    const dalle2 = formChoice(hosted('dall-e-2'), 'variation');
    const sel = normalizeSelection(dalle2, { ...initialSelection(hosted('dall-e-2'), DEFAULTS), size: '512x512', n: 3 }, DEFAULTS);
    assert.deepEqual(toEditOptions(dalle2, sel, ''), { prompt: '', model: 'dall-e-2', n: 3, size: '512x512' });
    // gpt-image-2 on OpenAI varies through /edits: its presets and free sizes, still nothing else.
    const gpt2 = hosted('gpt-image-2', 'openai');
    const vary = formChoice(gpt2, 'variation');
    assert.deepEqual(vary.sizes, modelOptions(BUILT_IN_MODELS, 'gpt-image-2', 'edits', 'openai', TODAY).sizes);
    assert.ok(vary.freeSize);
    const full = {
      ...initialSelection(gpt2, DEFAULTS),
      quality: 'high',
      background: 'opaque',
      outputFormat: 'jpeg' as const,
      outputCompression: 50,
      moderation: 'low',
      inputFidelity: 'high',
    };
    assert.deepEqual(toEditOptions(vary, normalizeSelection(vary, full, DEFAULTS), 'p'), {
      prompt: 'p',
      model: 'gpt-image-2',
      n: 1,
      size: 'auto',
    });
  });

  it('values a mode’s form lacks survive a visit to it (Generate → Variation → Generate)', () => {
    const gpt2 = hosted('gpt-image-2');
    const sel = normalizeSelection(
      gpt2,
      { ...initialSelection(gpt2, DEFAULTS), moderation: 'low', outputFormat: 'webp', background: 'transparent', partialImages: 3 },
      DEFAULTS,
    );
    const visited = normalizeSelection(formChoice(gpt2, 'variation'), sel, DEFAULTS);
    assert.deepEqual(normalizeSelection(gpt2, visited, DEFAULTS), sel);
    assert.deepEqual(toGenerateParams(gpt2, normalizeSelection(gpt2, visited, DEFAULTS), 'p'), toGenerateParams(gpt2, sel, 'p'));
  });
});
