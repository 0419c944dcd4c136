// The models of 2026-12-01: the 2.5 and 2.6 families, what came with them, the corrected gpt-image-2
// rules, and the three models shut down today. Every date is injected.
import assert from 'node:assert/strict';
import { modelOptions } from '../../../src/core/models/capabilities';
import { sheetSize } from '../../../src/core/models/outputRules';
import { validateEdit, validateGenerate, type ValidationTarget } from '../../../src/core/models/validate';
import type { GenerateRequest } from '../../../src/core/types';
import { png } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const TODAY = '2026-12-01';
const openai: ValidationTarget = { provider: 'openai', today: TODAY, models: BUILT_IN_MODELS };
const gen = (over: Partial<GenerateRequest>): GenerateRequest => ({
  model: 'gpt-image-2.6-sunburst',
  prompt: 'a fox',
  size: '1024x1024',
  ...over,
});

/** Asserts a refusal before sending that names the parameter (the rule) and what is accepted. */
function refused(fn: () => unknown, param: string, accepted: RegExp): void {
  assert.throws(fn, (e: Error & { kind?: string; param?: string }) => {
    assert.equal(e.kind, 'validation', e.message);
    assert.equal(e.param, param, e.message);
    assert.match(e.message, accepted);
    return true;
  });
}

describe('the model table of 2026-12-01', () => {
  it('lists the 2.6 and 2.5 families (with the 2.5 snapshots) first, newest first', () => {
    const ids = BUILT_IN_MODELS.list().map((m) => m.id);
    assert.deepEqual(ids.slice(0, 8), [
      'gpt-image-2.6-sunburst',
      'gpt-image-2.6-flare',
      'gpt-image-2.5-sunburst',
      'gpt-image-2.5-sunburst-2026-09-08',
      'gpt-image-2.5-flare',
      'gpt-image-2.5-flare-2026-09-08',
      'gpt-image-2',
      'gpt-image-2-2026-04-21',
    ]);
    assert.ok(ids.includes('gpt-image-1.5-2025-12-16'));
  });

  it('gives the 2.5 and 2.6 models qualities xhigh and max, and only the 2.6 models complexity (default high), GIF and SVG', () => {
    for (const id of ['gpt-image-2.5-flare', 'gpt-image-2.6-flare']) {
      assert.deepEqual(modelOptions(BUILT_IN_MODELS, id, 'generations', 'openai', TODAY).qualities, [
        'auto',
        'low',
        'medium',
        'high',
        'xhigh',
        'max',
      ]);
    }
    const v26 = modelOptions(BUILT_IN_MODELS, 'gpt-image-2.6-sunburst', 'generations', 'openai', TODAY);
    assert.deepEqual(v26.complexity, ['low', 'medium', 'high']);
    assert.equal(v26.complexityDefault, 'high');
    assert.deepEqual(v26.outputFormats, ['png', 'jpeg', 'webp', 'gif', 'svg']);
    assert.deepEqual(v26.animation, { minFrames: 2, maxFrames: 16, defaultFrames: 9, defaultFrameMs: 200, maxSheetEdge: 3840 });
    assert.equal(v26.endUserParam, 'safety_identifier');
    // SVG is a generations-only format; Azure takes PNG and JPEG only.
    assert.deepEqual(modelOptions(BUILT_IN_MODELS, 'gpt-image-2.6-sunburst', 'edits', 'openai', TODAY).outputFormats, [
      'png',
      'jpeg',
      'webp',
      'gif',
    ]);
    assert.deepEqual(modelOptions(BUILT_IN_MODELS, 'gpt-image-2.6-sunburst', 'generations', 'azure', TODAY).outputFormats, ['png', 'jpeg']);
    const v25 = modelOptions(BUILT_IN_MODELS, 'gpt-image-2.5-sunburst', 'generations', 'openai', TODAY);
    assert.deepEqual(v25.complexity, []);
    assert.deepEqual(v25.outputFormats, ['png', 'jpeg', 'webp']);
  });

  it('corrects gpt-image-2: at least 655,360 pixels, above 2560x1440 experimental, no input_fidelity, transparency a preview', () => {
    const caps = BUILT_IN_MODELS.capabilities('gpt-image-2');
    assert.equal(caps.sizes.kind === 'free' && caps.sizes.minPixels, 655_360);
    refused(() => validateGenerate(gen({ model: 'gpt-image-2', size: '512x512' }), openai), 'size', /655360–8294400 pixels/);
    refused(() => validateGenerate(gen({ model: 'gpt-image-2', size: '1008x640' }), openai), 'size', /655360/);
    assert.deepEqual(validateGenerate(gen({ model: 'gpt-image-2', size: '1024x640' }), openai), []);
    assert.match(
      validateGenerate(gen({ model: 'gpt-image-2', size: '3840x2160' }), openai).join(),
      /3840x2160 is above 2560x1440 pixels, which gpt-image-2 documents as experimental/,
    );
    assert.deepEqual(
      validateGenerate(gen({ model: 'gpt-image-2', size: '2560x1440' }), openai),
      [],
      'the limit itself is not experimental',
    );
    refused(
      () => validateEdit({ model: 'gpt-image-2', prompt: 'x', images: [png(8, 8)], inputFidelity: 'low' }, openai),
      'input_fidelity',
      /no input_fidelity/,
    );
    assert.match(
      validateGenerate(gen({ model: 'gpt-image-2', background: 'transparent' }), openai).join(),
      /only a preview on gpt-image-2.*key-colour fallback/,
    );
    assert.equal(modelOptions(BUILT_IN_MODELS, 'gpt-image-2', 'generations', 'openai', TODAY).transparency, 'preview');
  });
});

describe('validation of the new parameters, before sending', () => {
  it('takes xhigh and max on 2.5/2.6 but not on gpt-image-2', () => {
    assert.doesNotThrow(() => validateGenerate(gen({ model: 'gpt-image-2.5-flare', quality: 'xhigh' }), openai));
    assert.doesNotThrow(() => validateGenerate(gen({ quality: 'max' }), openai));
    refused(
      () => validateGenerate(gen({ model: 'gpt-image-2', quality: 'xhigh' }), openai),
      'quality',
      /one of auto, low, medium, high$|one of auto, low, medium, high\./,
    );
  });

  it('takes complexity low/medium/high on the 2.6 models only', () => {
    for (const c of ['low', 'medium', 'high']) assert.doesNotThrow(() => validateGenerate(gen({ complexity: c }), openai), c);
    refused(() => validateGenerate(gen({ complexity: 'extreme' }), openai), 'complexity', /one of low, medium, high/);
    refused(
      () => validateGenerate(gen({ model: 'gpt-image-2.5-sunburst', complexity: 'low' }), openai),
      'complexity',
      /only the 2.6 models/,
    );
  });

  it('takes SVG on generations with n = 1 only', () => {
    assert.doesNotThrow(() => validateGenerate(gen({ outputFormat: 'svg' }), openai));
    refused(() => validateGenerate(gen({ outputFormat: 'svg', n: 2 }), openai), 'n', /n = 1 with output_format svg/);
    refused(
      () => validateEdit({ model: 'gpt-image-2.6-flare', prompt: 'x', images: [png(8, 8)], outputFormat: 'svg' }, openai),
      'output_format',
      /svg only on \/images\/generations/,
    );
    refused(
      () => validateGenerate(gen({ model: 'gpt-image-2.5-flare', outputFormat: 'svg' }), openai),
      'output_format',
      /one of png, jpeg, webp/,
    );
  });

  it('takes GIF with 2–16 frames whose sheet keeps its long edge within 3840', () => {
    assert.doesNotThrow(() => validateGenerate(gen({ outputFormat: 'gif' }), openai), 'default 9 frames of 1024: a 3072 px sheet');
    assert.doesNotThrow(() => validateGenerate(gen({ outputFormat: 'gif', gifFrames: 2, gifFrameMs: 120 }), openai));
    refused(() => validateGenerate(gen({ outputFormat: 'gif', gifFrames: 1 }), openai), 'gif.frame_count', /2–16 frames \(default 9\)/);
    refused(() => validateGenerate(gen({ outputFormat: 'gif', gifFrames: 17 }), openai), 'gif.frame_count', /2–16 frames/);
    refused(
      () => validateGenerate(gen({ outputFormat: 'gif', gifFrames: 16 }), openai),
      'size',
      /sheet of 16 frames \(4x4 grid, 4096x4096\) keeps its long edge at most 3840/,
    );
    refused(() => validateGenerate(gen({ outputFormat: 'gif', size: '1536x1024' }), openai), 'size', /9 frames \(3x3 grid, 4608x3072\)/);
    refused(() => validateGenerate(gen({ outputFormat: 'png', gifFrames: 4 }), openai), 'gif.frame_count', /only with output_format gif/);
    refused(() => validateGenerate(gen({ outputFormat: 'gif', gifFrameMs: 0 }), openai), 'gif.frame_duration_ms', /default 200/);
    refused(
      () => validateGenerate(gen({ outputFormat: 'gif', background: 'transparent' }), openai),
      'background',
      /transparent only with output_format png or webp/,
    );
    assert.deepEqual(sheetSize(9, 100, 50), { columns: 3, rows: 3, width: 300, height: 150 });
    assert.deepEqual(sheetSize(5, 10, 10), { columns: 3, rows: 2, width: 30, height: 20 });
  });

  it('takes safety_identifier instead of user on the 2.6 models, and user elsewhere', () => {
    assert.doesNotThrow(() => validateGenerate(gen({ safetyIdentifier: 'hash-of-user-1' }), openai));
    refused(() => validateGenerate(gen({ user: 'alice' }), openai), 'user', /safety_identifier instead of user/);
    refused(() => validateGenerate(gen({ safetyIdentifier: 'x'.repeat(129) }), openai), 'safety_identifier', /at most 128 characters/);
    refused(
      () => validateGenerate(gen({ model: 'gpt-image-2', safetyIdentifier: 'h' }), openai),
      'safety_identifier',
      /user instead of safety_identifier/,
    );
    assert.doesNotThrow(() => validateGenerate(gen({ model: 'gpt-image-2', user: 'alice' }), openai));
  });
});

describe('the three models shut down on 2026-12-01', () => {
  const retiredOn =
    (model: string, today: string, provider: ValidationTarget['provider'] = 'openai') =>
    () =>
      validateGenerate({ model, prompt: 'x' }, { provider, today, models: BUILT_IN_MODELS });

  it('warn until the day before, naming the 2.6 replacement, and are refused from the day itself', () => {
    for (const [model, replacement] of [
      ['gpt-image-1.5', 'gpt-image-2.6-sunburst'],
      ['gpt-image-1.5-2025-12-16', 'gpt-image-2.6-sunburst'],
      ['gpt-image-1-mini', 'gpt-image-2.6-flare'],
      ['chatgpt-image-latest', 'gpt-image-2.6-sunburst'],
    ] as const) {
      assert.match(retiredOn(model, '2026-11-30')().join(), new RegExp(`${model} shuts down on 2026-12-01; switch to ${replacement}`));
      for (const today of ['2026-12-01', '2027-12-01']) {
        assert.throws(
          retiredOn(model, today),
          (e: Error & { kind?: string; replacement?: string }) =>
            e.kind === 'model_retired' && e.replacement === replacement && /Nothing was sent/.test(e.message),
          `${model} ${today}`,
        );
      }
      assert.match(retiredOn(model, '2025-12-01')().join(), /shuts down on 2026-12-01/, 'a year back: still deprecated');
    }
  });

  it('are not refused on a compatible server, and chatgpt-image-latest is an OpenAI-only shutdown', () => {
    assert.deepEqual(retiredOn('gpt-image-1.5', TODAY, 'compatible')(), []);
    assert.deepEqual(retiredOn('chatgpt-image-latest', TODAY, 'azure')(), []);
    assert.throws(retiredOn('gpt-image-1-mini', TODAY, 'azure'), /shut down on 2026-12-01/);
  });
});
