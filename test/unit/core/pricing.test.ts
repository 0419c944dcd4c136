import assert from 'node:assert/strict';
import {
  complexityFactor,
  costFromUsage,
  DEFAULT_PRICES,
  describeComplexity,
  estimateCost,
  formatUsd,
  mergePrices,
  pricesFor,
} from '../../../src/core/pricing';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

describe('price table and cost estimates', () => {
  it('is data with a source and a date, and every row is well-formed', () => {
    assert.match(DEFAULT_PRICES.source, /^https:\/\/openai\.com\//);
    assert.match(DEFAULT_PRICES.asOf, /^\d{4}-\d{2}-\d{2}$/);
    for (const [model, row] of Object.entries(DEFAULT_PRICES.models)) {
      for (const bySize of Object.values(row.perImage ?? {}))
        for (const [size, usd] of Object.entries(bySize)) {
          assert.match(size, /^(\d+x\d+|\*)$/, model);
          assert.ok(usd > 0 && usd < 1, `${model} ${size}: ${usd}`);
        }
    }
  });

  it('has a row for every model of the capability table (a dated snapshot uses its base)', () => {
    for (const m of BUILT_IN_MODELS.list()) assert.ok(pricesFor(DEFAULT_PRICES, m.id), m.id);
  });

  it('estimates n images at a quality and size, and a range where the model picks (auto)', () => {
    assert.deepEqual(estimateCost(DEFAULT_PRICES, { model: 'gpt-image-1', quality: 'high', size: '1024x1024', n: 2 }), {
      low: 0.334,
      high: 0.334,
      note: undefined,
    });
    const auto = estimateCost(DEFAULT_PRICES, { model: 'gpt-image-1', quality: 'auto', size: 'auto', n: 1 })!;
    assert.deepEqual([auto.low, auto.high], [0.011, 0.25]);
    assert.equal(estimateCost(DEFAULT_PRICES, { model: 'dall-e-2', size: '512x512', n: 3 })!.low.toFixed(3), '0.054');
    assert.equal(estimateCost(DEFAULT_PRICES, { model: 'no-such-model', n: 1 }), undefined);
    assert.match(
      estimateCost(DEFAULT_PRICES, { model: 'gpt-image-1.5', quality: 'low', size: '1024x1024', n: 1 })!.note ?? '',
      /gpt-image-1’s prices, as this model is not in the source/,
    );
  });

  it('prices gpt-image-2 by its tokens, free sizes by pixel count, and says it is an estimate', () => {
    const square = estimateCost(DEFAULT_PRICES, { model: 'gpt-image-2', quality: 'high', size: '1024x1024', n: 1 })!;
    assert.equal(square.low.toFixed(4), ((4160 * 30) / 1e6).toFixed(4));
    assert.match(square.note ?? '', /estimated from token prices by pixel count/);
    // A free size no table lists: twice the pixels, twice the price (the "No price" of the issue).
    const wide = estimateCost(DEFAULT_PRICES, { model: 'gpt-image-2', quality: 'high', size: '2048x1024', n: 2 })!;
    assert.equal(wide.low.toFixed(4), (square.low * 2 * 2).toFixed(4));
    const auto = estimateCost(DEFAULT_PRICES, { model: 'gpt-image-2', quality: 'auto', size: 'auto', n: 1 })!;
    assert.deepEqual([auto.low.toFixed(5), auto.high.toFixed(5)], [((272 * 30) / 1e6).toFixed(5), ((4160 * 1.5 * 30) / 1e6).toFixed(5)]);
    assert.ok(estimateCost(DEFAULT_PRICES, { model: 'gpt-image-2-2026-04-21', quality: 'low', size: '1280x720', n: 1 }), 'a snapshot');
    const usd = costFromUsage(DEFAULT_PRICES, 'gpt-image-2', { input_tokens: 10, output_tokens: 272 })!;
    assert.equal(usd.toFixed(6), ((10 * 5 + 272 * 30) / 1e6).toFixed(6));
  });

  it('turns usage tokens into dollars with the model’s token prices', () => {
    const usd = costFromUsage(DEFAULT_PRICES, 'gpt-image-1', {
      input_tokens: 50,
      output_tokens: 4160,
      input_tokens_details: { text_tokens: 10, image_tokens: 40 },
    })!;
    assert.equal(usd.toFixed(6), ((10 * 5 + 40 * 10 + 4160 * 40) / 1e6).toFixed(6));
    assert.equal(costFromUsage(DEFAULT_PRICES, 'dall-e-3', { input_tokens: 1, output_tokens: 1 }), undefined, 'no token prices');
    assert.equal(costFromUsage(DEFAULT_PRICES, 'gpt-image-1', 'garbage'), undefined);
    assert.equal(costFromUsage(DEFAULT_PRICES, 'gpt-image-1', { input_tokens: -5, output_tokens: 'x' }), undefined);
  });

  it('takes the user’s rows over the built-in ones and names malformed ones', () => {
    const { table, problems } = mergePrices(DEFAULT_PRICES, {
      'gpt-image-2': { perImage: { high: { '1024x1024': 0.2 } } },
      broken: { perImage: { high: 'cheap' } },
    });
    assert.equal(estimateCost(table, { model: 'gpt-image-2', quality: 'high', size: '1024x1024', n: 1 })!.low, 0.2);
    assert.deepEqual(problems.length, 1);
    assert.match(table.source, /imageStudio\.prices/);
    assert.equal(mergePrices(DEFAULT_PRICES, 'x').problems.length, 1);
    assert.equal(formatUsd(0.042), '$0.042');
    assert.equal(formatUsd(0.25), '$0.25');
    assert.equal(formatUsd(12.5), '$12.50');
  });

  it('scales the 2.6 models by complexity, with its source, and names the default when none is asked', () => {
    const at = (complexity?: string) =>
      estimateCost(DEFAULT_PRICES, {
        model: 'gpt-image-2.6-flare',
        quality: 'low',
        size: '1024x1024',
        n: 1,
        ...(complexity ? { complexity } : {}),
      })!;
    const high = at('high');
    assert.deepEqual([high.low, high.high], [0.011, 0.011]);
    assert.deepEqual(at().complexity, {
      value: 'high',
      low: 1,
      high: 1,
      source: DEFAULT_PRICES.models['gpt-image-2.6-flare']!.complexity!.source,
    });
    const low = at('low');
    assert.deepEqual([low.low.toFixed(3), low.high.toFixed(3)], ['0.033', '0.044'], 'low: 3–4× the tokens of 2.5');
    assert.notDeepEqual([low.low, low.high], [high.low, high.high]);
    assert.match(describeComplexity(low.complexity), /^complexity low ×3–4 \(docs\.laozhang\.ai/);
    assert.equal(describeComplexity(undefined), '');
    // Models without complexity in their row ignore it; an unknown value counts as nothing.
    const plain = estimateCost(DEFAULT_PRICES, {
      model: 'gpt-image-2.5-flare',
      quality: 'low',
      size: '1024x1024',
      n: 1,
      complexity: 'low',
    })!;
    assert.deepEqual([plain.low, plain.complexity], [0.011, undefined]);
    assert.equal(complexityFactor(pricesFor(DEFAULT_PRICES, 'gpt-image-2.6-sunburst'), 'extreme'), undefined);
  });

  it('takes complexity factors from the user’s prices and refuses malformed ones', () => {
    const { table, problems } = mergePrices(DEFAULT_PRICES, {
      'gpt-image-2.6-flare': {
        perImage: { low: { '1024x1024': 0.01 } },
        complexity: { factors: { low: 1, high: [1, 1.5] }, default: 'high', source: 'my invoice' },
      },
      bad: { perImage: { low: { '1024x1024': 0.01 } }, complexity: { factors: { low: [4, 3] }, source: 'x' } },
    });
    assert.deepEqual(problems, [problems[0]]);
    assert.match(problems[0]!, /imageStudio\.prices\.bad/);
    const est = estimateCost(table, { model: 'gpt-image-2.6-flare', quality: 'low', size: '1024x1024', n: 2 })!;
    assert.deepEqual([est.low, est.high, est.complexity?.source], [0.02, 0.03, 'my invoice']);
  });
});
