import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MAX_NAME_BYTES, pickFreeName, renderFileName, sanitizeFileName, slugify } from '../../../src/core/naming';
import { buildProvenance } from '../../../src/core/provenance';
import type { ImagesResult } from '../../../src/core/types';
import { CANARY_KEY, png } from '../support';

describe('naming', () => {
  it('slugs prompts to short ASCII', () => {
    assert.equal(slugify('A Café on   the Moon, at night!! with stars and more words'), 'a-cafe-on-the-moon-at');
    assert.equal(slugify('日本語'), 'image');
  });

  it('renders the template and makes it safe', () => {
    const date = new Date(2026, 10, 21, 9, 5, 7);
    assert.equal(
      renderFileName('{slug}-{date}-{index}', { prompt: 'Red fox', model: 'gpt-image-2', index: 0, date }),
      'red-fox-20261121-090507-1',
    );
    assert.equal(renderFileName('../{model}/x', { prompt: '', model: 'a/b', index: 1, date }), 'a-b-x');
  });

  it('bounds names by UTF-8 bytes, never splitting a character (CJK, emoji)', () => {
    for (const ch of ['灯', '😀', 'é', 'a']) {
      const name = sanitizeFileName(ch.repeat(200));
      assert.ok(Buffer.byteLength(name) <= MAX_NAME_BYTES, `${ch}: ${Buffer.byteLength(name)} bytes`);
      assert.ok(Buffer.byteLength(name) > MAX_NAME_BYTES - 4, `${ch}: cut too short`);
      assert.equal(name, ch.repeat([...name].length), `${ch}: a character was split`);
    }
    assert.equal(sanitizeFileName('conout$.txt'), '_conout$.txt');
  });

  it('removes separators, traversal, control characters and reserved names; bounds length', () => {
    assert.equal(sanitizeFileName('..\\..\\etc/passwd'), 'etc-passwd');
    assert.equal(sanitizeFileName('a\u0000b\u001fc'), 'a-b-c');
    assert.equal(sanitizeFileName('CON'), '_CON');
    assert.equal(sanitizeFileName('nul.txt'), '_nul.txt');
    assert.equal(sanitizeFileName('com1'), '_com1');
    assert.equal(sanitizeFileName('console'), 'console');
    assert.equal(sanitizeFileName('...'), 'image');
    assert.ok(sanitizeFileName('x'.repeat(500)).length <= 120);
  });

  it('picks a name that does not collide', async () => {
    const taken = new Set(['fox.png', 'fox-2.png']);
    assert.equal(await pickFreeName('fox', 'png', async (n) => taken.has(n)), 'fox-3.png');
    assert.equal(await pickFreeName('CON', '.png', async () => false), '_CON.png');
  });
});

describe('provenance sidecar', () => {
  it('records prompt, parameters, provider kind, request ids, usage and input hashes, never the key or credentials', async () => {
    const input = png(16, 16, '/home/me/secret-project/cat.png');
    const mask = png(16, 16, 'mask.png', { alpha: 'transparent-left' });
    const result: ImagesResult = {
      endpoint: 'edits',
      model: 'gpt-image-2',
      images: [],
      requestIds: ['req_1'],
      usage: { total_tokens: 9 },
      size: '1024x1024',
      created: 1_800_000_000,
    };
    const image = { bytes: new Uint8Array([1]), format: 'png' as const, mimeType: 'image/png', index: 0 };
    const p = await buildProvenance({
      request: { model: 'gpt-image-2', prompt: 'add a hat', images: [input], mask, quality: 'high', inputFidelity: 'high' },
      result,
      image,
      provider: { kind: 'openai', baseUrl: 'https://proxy.example.com/v1?token=abc', organization: 'org-x' },
      createdAt: new Date(1_800_000_000_000),
    });
    assert.equal(p.prompt, 'add a hat');
    assert.deepEqual(p.parameters, { quality: 'high', inputFidelity: 'high' });
    assert.deepEqual(p.provider, { kind: 'openai', host: 'proxy.example.com' });
    assert.deepEqual(p.requestIds, ['req_1']);
    assert.equal(p.createdAt, new Date(1_800_000_000_000).toISOString());
    assert.deepEqual(p.inputs[0], {
      role: 'image',
      filename: 'cat.png',
      bytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
    });
    assert.equal(p.inputs[1]!.role, 'mask');
    const text = JSON.stringify(p);
    assert.ok(!text.includes('token=abc') && !text.includes(CANARY_KEY) && !text.includes('/home/me'));
  });
});
