import { TODAY } from '../support';
import assert from 'node:assert/strict';
import { effectiveStatus, modelOptions } from '../../../src/core/models/capabilities';
import { planVariation } from '../../../src/core/models/variationPlan';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

describe('capability table', () => {
  it('covers every model of the issue, each with a status', () => {
    const ids = BUILT_IN_MODELS.list().map((m) => m.id);
    for (const id of [
      'gpt-image-2',
      'gpt-image-2-2026-04-21',
      'gpt-image-1.5',
      'gpt-image-1-mini',
      'gpt-image-1',
      'chatgpt-image-latest',
      'dall-e-3',
      'dall-e-2',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    assert.equal(BUILT_IN_MODELS.capabilities('gpt-image-1').status.state, 'retired');
    assert.equal(BUILT_IN_MODELS.capabilities('gpt-image-1.5').status.state, 'deprecated');
    assert.equal(BUILT_IN_MODELS.capabilities('gpt-image-2').status.state, 'current');
  });

  it('scopes the dall-e retirement to OpenAI', () => {
    const d2 = BUILT_IN_MODELS.capabilities('dall-e-2');
    assert.equal(effectiveStatus(d2, 'openai', TODAY).state, 'retired');
    assert.equal(effectiveStatus(d2, 'openai', TODAY).replacement, 'gpt-image-2.6-sunburst');
    assert.equal(effectiveStatus(d2, 'compatible', TODAY).state, 'current');
    assert.equal(effectiveStatus(d2, 'azure', TODAY).state, 'current');
  });

  it('gives unknown ids permissive capabilities instead of refusing them', () => {
    assert.equal(BUILT_IN_MODELS.isKnown('flux-dev'), false);
    const caps = BUILT_IN_MODELS.capabilities('flux-dev');
    assert.equal(caps.unknown, true);
    assert.deepEqual(caps.endpoints, ['generations', 'edits', 'variations']);
  });

  it('lists what a UI should offer per model, endpoint and provider', () => {
    const g2 = modelOptions(BUILT_IN_MODELS, 'gpt-image-2', 'generations', 'openai', TODAY);
    assert.ok(g2.freeSize && g2.freeSize.multipleOf === 16);
    assert.deepEqual(g2.qualities, ['auto', 'low', 'medium', 'high']);
    assert.deepEqual(g2.outputFormats, ['png', 'jpeg', 'webp']);
    assert.equal(g2.streaming, true);
    assert.equal(g2.maxPartialImages, 3);
    assert.deepEqual(modelOptions(BUILT_IN_MODELS, 'gpt-image-2', 'generations', 'azure', TODAY).outputFormats, ['png', 'jpeg']);
    const d3 = modelOptions(BUILT_IN_MODELS, 'dall-e-3', 'generations', 'compatible', TODAY);
    assert.deepEqual(d3.styles, ['vivid', 'natural']);
    assert.equal(d3.maxN, 1);
    assert.deepEqual(d3.sizes, ['1024x1024', '1792x1024', '1024x1792']);
    assert.equal(modelOptions(BUILT_IN_MODELS, 'dall-e-2', 'variations', 'azure', TODAY).available, false);
    assert.equal(modelOptions(BUILT_IN_MODELS, 'dall-e-2', 'variations', 'compatible', TODAY, ['generations']).available, false);
    assert.deepEqual(modelOptions(BUILT_IN_MODELS, 'gpt-image-1-mini', 'edits', 'openai', TODAY).inputFidelity, []);
    assert.equal(modelOptions(BUILT_IN_MODELS, 'whatever', 'generations', 'compatible', TODAY).qualities, undefined);
  });
});

describe('planVariation', () => {
  it('uses /variations where dall-e-2 is still served', () => {
    assert.deepEqual(planVariation(BUILT_IN_MODELS, 'dall-e-2', 'compatible', { today: TODAY }), {
      route: 'variations',
      model: 'dall-e-2',
      reason: 'dall-e-2 has a variations endpoint',
    });
  });

  it('on OpenAI replaces retired dall-e-2 and routes through /edits with an instruction prompt', () => {
    const plan = planVariation(BUILT_IN_MODELS, 'dall-e-2', 'openai', { today: TODAY });
    assert.equal(plan.route, 'edits');
    assert.equal(plan.model, 'gpt-image-2.6-sunburst');
    assert.match((plan as { prompt: string }).prompt, /variation/i);
    assert.equal(planVariation(BUILT_IN_MODELS, 'gpt-image-2', 'openai', { today: TODAY, prompt: 'Same, but at night' }).route, 'edits');
    assert.equal(
      (planVariation(BUILT_IN_MODELS, 'gpt-image-2', 'openai', { today: TODAY, prompt: 'Same, but at night' }) as { prompt: string })
        .prompt,
      'Same, but at night',
    );
  });

  it('routes by the endpoints a compatible server declared, or says it cannot', () => {
    assert.equal(
      planVariation(BUILT_IN_MODELS, 'dall-e-2', 'compatible', { today: TODAY, endpoints: ['generations', 'edits'] }).route,
      'edits',
    );
    assert.equal(
      planVariation(BUILT_IN_MODELS, 'dall-e-2', 'compatible', { today: TODAY, endpoints: ['generations'] }).route,
      'unavailable',
    );
    assert.equal(planVariation(BUILT_IN_MODELS, 'dall-e-2', 'azure', { today: TODAY }).route, 'edits');
  });
});
