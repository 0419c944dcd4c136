import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';

const root = resolve(__dirname, '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(resolve(root, 'schemas/image-studio.schema.json'), 'utf8')) as object;

describe('image-studio.json JSON Schema (its editor copy contributed through jsonValidation)', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('is contributed for image-studio.json, which opens as JSON with comments', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: Array<{ fileMatch: string; url: string }>; languages: Array<{ id: string; filenames: string[] }> };
    };
    assert.deepEqual(pkg.contributes.jsonValidation, [
      { fileMatch: 'image-studio.json', url: './schemas/image-studio.editor.schema.json' },
    ]);
    assert.ok(pkg.contributes.languages.some((l) => l.id === 'jsonc' && l.filenames.includes('image-studio.json')));
    assert.match(readFileSync(resolve(root, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m, 'the schema is not packaged in the VSIX');
  });

  it("accepts the issue's example and refuses what the parser refuses", () => {
    const ok = {
      defaults: { model: 'gpt-image-2', quality: 'high' },
      styles: { pixel: '16-bit pixel art' },
      assets: {
        'public/hero.png': { prompt: 'a lighthouse', size: '1536x1024' },
        'assets/coin.png': { prompt: 'a coin', style: 'pixel', background: 'transparent', resize: '64x64', fit: 'contain' },
        'assets/coin-night.png': { prompt: 'at night', inputs: ['assets/coin.png'] },
        'icons/app.png': { prompt: 'an icon', n: 3, fit: 'contain', sizes: { 'icons/app-16.png': '16x16' } },
      },
    };
    assert.ok(validate(ok), JSON.stringify(validate.errors));
    for (const bad of [
      { assets: { '../x.png': { prompt: 'a' } } },
      { assets: { '/x.png': { prompt: 'a' } } },
      { assets: { 'x.gif': { prompt: 'a' } } },
      { assets: { '.image-studio/x.png': { prompt: 'a' } } },
      { assets: { 'x.png': { size: '1024x1024' } } },
      { assets: { 'x.png': { prompt: 'a', resize: '64' } } },
      { assets: { 'x.png': { prompt: 'a', fit: 'stretch' } } },
      { assets: { 'x.png': { prompt: 'a', promt: 'typo' } } },
      { assets: { 'x.png': { prompt: 'a', sizes: { 'x-16.webp': '16x16' } } } },
      { assets: { 'x.png': { prompt: 'a', sizes: { '../x-16.png': '16x16' } } } },
      { assets: { 'x.png': { prompt: 'a', sizes: { 'x-16.png': '16' } } } },
      { assets: { 'x.png': { prompt: 'a', n: 0 } } },
      { assets: { 'x.png': { prompt: 'a', n: 1.5 } } },
      { defaults: { prompt: 'no' }, assets: {} },
      {},
    ])
      assert.equal(validate(bad), false, JSON.stringify(bad));
  });

  it('gives the editor a copy that completes and explains but refuses nothing the extension reports itself', async () => {
    // Every refusal of the editor's schema would be a second, rawer diagnostic beside Image Studio's own.
    const generator = (await import(pathToFileURL(resolve(root, 'scripts/editorSchema.mjs')).href)) as {
      editorSchema(strict: object): object;
    };
    const committed = JSON.parse(readFileSync(resolve(root, 'schemas/image-studio.editor.schema.json'), 'utf8')) as object;
    assert.deepEqual(
      committed,
      generator.editorSchema(schema),
      'schemas/image-studio.editor.schema.json is stale: node scripts/editorSchema.mjs',
    );
    const text = JSON.stringify(committed);
    for (const refusing of ['"pattern"', '"propertyNames"', '"required"', '"enum"', '"additionalProperties":false'])
      assert.ok(!text.includes(refusing), `the editor schema still has ${refusing}`);
    assert.match(text, /"examples":\["low","medium","high","auto","standard","hd"\]/, 'allowed values stay as completions');
    const lenient = new Ajv({ allErrors: true, strict: false }).compile(committed);
    for (const bad of [{ assets: { '../x.png': { prompt: 'a', fit: 'stretch', promt: 'typo' } } }, {}])
      assert.ok(lenient(bad), `refused ${JSON.stringify(bad)}: ${JSON.stringify(lenient.errors)}`);
  });
});
