// Model knowledge a user adds: declarations in the table's shape, checked with clear errors, and
// used by validation and the form like a row of the table.
import assert from 'node:assert/strict';
import { modelOptions } from '../../../src/core/models/capabilities';
import { parseModelDeclarations } from '../../../src/core/models/userModels';
import { validateGenerate } from '../../../src/core/models/validate';
import { BUILT_IN_MODELS, modelCatalogue } from '../../../src/core/models/modelCatalogue';

const TODAY = '2026-12-01';

describe('user model declarations', () => {
  it('declares a model that ships tomorrow on top of a known row, and it is validated like one', () => {
    const models = modelCatalogue(
      parseModelDeclarations(
        [
          {
            id: 'gpt-image-2.7-nova',
            extends: 'gpt-image-2.6-sunburst',
            label: 'GPT Image 2.7 Nova',
            quality: ['low', 'high', 'ultra'],
            complexity: { values: ['low', 'high'], default: 'low' },
            maxN: 4,
          },
        ],
        'imageStudio.models',
      ),
    );
    const openai = { provider: 'openai' as const, today: TODAY, models };
    const caps = models.capabilities('gpt-image-2.7-nova');
    assert.equal(caps.unknown, undefined);
    assert.equal(caps.source, 'user');
    assert.equal(models.list()[0]!.id, 'gpt-image-2.7-nova', 'declared models come first');
    const o = modelOptions(models, 'gpt-image-2.7-nova', 'generations', 'openai', TODAY);
    assert.deepEqual(
      [o.label, o.qualities, o.complexity, o.complexityDefault, o.maxN],
      ['GPT Image 2.7 Nova', ['low', 'high', 'ultra'], ['low', 'high'], 'low', 4],
    );
    assert.ok(o.outputFormats.includes('gif'), 'inherited from the 2.6 row');
    assert.deepEqual(
      validateGenerate({ model: 'gpt-image-2.7-nova', prompt: 'x', quality: 'ultra' }, openai),
      [],
      'no "unknown model" warning',
    );
    assert.throws(
      () => validateGenerate({ model: 'gpt-image-2.7-nova', prompt: 'x', quality: 'max' }, openai),
      /does not accept quality 'max': it accepts one of low, high, ultra/,
    );
    assert.throws(() => validateGenerate({ model: 'gpt-image-2.7-nova', prompt: 'x', n: 5 }, openai), /at most 4 per request/);
  });

  it('overrides a row of the table and can date its shutdown', () => {
    const models = modelCatalogue(
      parseModelDeclarations(
        { 'gpt-image-2': { shutdown: '2026-12-15', replacement: 'gpt-image-2.6-flare', sizes: ['1024x1024'] } },
        'models.json',
      ),
    );
    const openai = { provider: 'openai' as const, today: TODAY, models };
    assert.match(
      validateGenerate({ model: 'gpt-image-2', prompt: 'x', size: '1024x1024' }, openai).join(),
      /gpt-image-2 shuts down on 2026-12-15; switch to gpt-image-2.6-flare/,
    );
    assert.throws(() => validateGenerate({ model: 'gpt-image-2', prompt: 'x', size: '2048x1152' }, openai), /accepts one of 1024x1024/);
    assert.equal(models.capabilities('gpt-image-2').label, 'GPT Image 2', 'the label of the row it overrides');
  });

  it("keeps each catalogue to itself: two in one process never see each other's declared models", () => {
    const nova = modelCatalogue(parseModelDeclarations([{ id: 'gpt-image-2.7-nova', maxN: 4 }], 'first'));
    const flare = modelCatalogue(parseModelDeclarations({ 'gpt-image-2': { sizes: ['1024x1024'] } }, 'second'));
    assert.equal(nova.isKnown('gpt-image-2.7-nova'), true);
    assert.equal(flare.isKnown('gpt-image-2.7-nova'), false, 'a model declared in another catalogue');
    assert.equal(BUILT_IN_MODELS.isKnown('gpt-image-2.7-nova'), false, 'nor in the built-in table');
    assert.equal(flare.capabilities('gpt-image-2.7-nova').unknown, true);
    assert.deepEqual(flare.capabilities('gpt-image-2').sizes, { kind: 'list', sizes: ['1024x1024'] });
    assert.notDeepEqual(
      nova.capabilities('gpt-image-2').sizes,
      flare.capabilities('gpt-image-2').sizes,
      'an override stays in its catalogue',
    );
    assert.deepEqual(
      nova.userRows.map((r) => r.id),
      ['gpt-image-2.7-nova'],
    );
    assert.equal(
      flare.list().some((m) => m.id === 'gpt-image-2.7-nova'),
      false,
    );
    const target = (models: typeof nova) => ({ provider: 'openai' as const, today: TODAY, models });
    assert.deepEqual(validateGenerate({ model: 'gpt-image-2', prompt: 'x', size: '1536x1024' }, target(nova)), []);
    assert.throws(
      () => validateGenerate({ model: 'gpt-image-2', prompt: 'x', size: '1536x1024' }, target(flare)),
      /accepts one of 1024x1024/,
    );
    assert.match(
      validateGenerate({ model: 'gpt-image-2.7-nova', prompt: 'x' }, target(flare)).join(),
      /not in the capability table|unknown/i,
    );
  });

  it('refuses malformed declarations with the path of the field and what it expects', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['gpt-image-9', /: models: expected a list of model declarations/],
      [[{}], /: models\[0\]\.id: expected a model id/],
      [
        [{ id: 'a', extends: 'gpt-image-9' }],
        /: models\[0\]\.extends: "gpt-image-9" is not a known model \(known: gpt-image-2\.6-sunburst/,
      ],
      [[{ id: 'a', qualty: ['x'] }], /: models\[0\]\.qualty: unknown field/],
      [[{ id: 'a', quality: 'high' }], /: models\[0\]\.quality: expected a list of values or \{values, endpoints\}/],
      [[{ id: 'a', endpoints: ['generate'] }], /: models\[0\]\.endpoints\[0\]: expected one of generations, edits, variations/],
      [[{ id: 'a', sizes: ['big'] }], /: models\[0\]\.sizes: "big" is not WIDTHxHEIGHT or auto/],
      [[{ id: 'a', maxN: 0 }], /: models\[0\]\.maxN: expected a number from 1 to 100/],
      [[{ id: 'a', shutdown: '1 Dec' }], /: models\[0\]\.shutdown: expected a date YYYY-MM-DD/],
      [
        [{ id: 'a', formatRules: { gif: { animation: { maxFrames: 'many' } } } }],
        /: models\[0\]\.formatRules\.gif\.animation\.maxFrames: expected a number/,
      ],
      [[{ id: 'a' }, { id: 'a' }], /: models\[1\]\.id: "a" is declared twice/],
    ];
    for (const [value, message] of cases) assert.throws(() => parseModelDeclarations(value, 'models'), message, JSON.stringify(value));
  });
});
