import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { encodeMultipart } from '../../../src/core/client/multipart';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { png } from '../support';

// Raw requests, bypassing the client's validation, to prove the fake itself refuses what the API refuses.
describe('fake server faithfulness', () => {
  const server = useFakeImagesApi({ apiKey: 'k' });
  const auth = { Authorization: 'Bearer k' };
  const json = (body: unknown) =>
    fetch(`${server.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const multipart = (endpoint: string, parts: Parameters<typeof encodeMultipart>[0]) => {
    const mp = encodeMultipart(parts);
    return fetch(`${server.baseUrl}/images/${endpoint}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': mp.contentType },
      body: mp.body,
    });
  };
  async function refused(res: Response, param: string | null, pattern: RegExp): Promise<void> {
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { message: string; param: string | null; type: string; code: unknown } };
    assert.equal(body.error.param, param, body.error.message);
    assert.match(body.error.message, pattern);
    assert.ok('type' in body.error && 'code' in body.error);
  }
  const file = (name: string, img: { bytes: Uint8Array; filename: string }, contentType = 'image/png') => ({
    name,
    filename: img.filename,
    contentType,
    data: img.bytes,
  });

  it('refuses response_format for GPT image models', async () =>
    refused(await json({ model: 'gpt-image-2', prompt: 'x', response_format: 'url' }), 'response_format', /Unknown parameter/));
  it('refuses n>1 for dall-e-3 (compatible mode)', async () => {
    server.setMode({ provider: 'compatible' });
    await refused(await json({ model: 'dall-e-3', prompt: 'x', n: 2 }), 'n', /n=1/);
    server.setMode({ provider: 'openai' });
  });
  it('validates against the OpenAPI schema (n > 10, quality enum, missing prompt)', async () => {
    await refused(await json({ model: 'gpt-image-2', prompt: 'x', n: 11 }), 'n', /<= 10/);
    await refused(await json({ model: 'gpt-image-2', prompt: 'x', quality: 'ultra' }), 'quality', /allowed values/);
    await refused(await json({ model: 'gpt-image-2' }), 'prompt', /Missing required/);
  });
  it('refuses sizes outside the model rules, including the gpt-image-2 free-size rule', async () => {
    await refused(await json({ model: 'gpt-image-1.5', prompt: 'x', size: '1792x1024' }), 'size', /Supported values/);
    await refused(await json({ model: 'gpt-image-2', prompt: 'x', size: '1000x1000' }), 'size', /multiples of 16/);
  });
  it('refuses a mask of other dimensions than the first image', async () => {
    const res = await multipart('edits', [
      { name: 'model', value: 'gpt-image-2' },
      { name: 'prompt', value: 'x' },
      file('image', png(32, 32, 'a.png')),
      file('mask', png(16, 16, 'm.png', { alpha: 'transparent-left' })),
    ]);
    await refused(res, 'mask', /same dimensions/);
  });
  it('refuses a mask without alpha with the API message', async () => {
    const res = await multipart('edits', [
      { name: 'model', value: 'gpt-image-2' },
      { name: 'prompt', value: 'x' },
      file('image', png(16, 16)),
      file('mask', png(16, 16, 'm.png', { alpha: 'none' })),
    ]);
    await refused(res, 'mask', /got RGB/);
  });
  it('refuses application/octet-stream file parts and duplicate `image` fields', async () => {
    await refused(
      await multipart('edits', [
        { name: 'model', value: 'gpt-image-2' },
        { name: 'prompt', value: 'x' },
        file('image', png(16, 16), 'application/octet-stream'),
      ]),
      'image',
      /unsupported mimetype/,
    );
    await refused(
      await multipart('edits', [
        { name: 'model', value: 'gpt-image-2' },
        { name: 'prompt', value: 'x' },
        file('image', png(16, 16)),
        file('image', png(16, 16)),
      ]),
      'image',
      /image\[\]/,
    );
  });
  it('refuses a non-square dall-e-2 variation input (compatible mode)', async () => {
    server.setMode({ provider: 'compatible' });
    await refused(await multipart('variations', [{ name: 'model', value: 'dall-e-2' }, file('image', png(32, 16))]), 'image', /square/);
    server.setMode({ provider: 'openai' });
  });
  it('answers model_not_found for models gone from OpenAI', async () => {
    const res = await json({ model: 'dall-e-2', prompt: 'x' });
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'model_not_found');
  });
  it('records requests with time and headers', async () => {
    await json({ model: 'gpt-image-2', prompt: 'ok', size: '1024x640' }).then((r) => r.arrayBuffer());
    const rec = server.requests.at(-1)!;
    assert.equal(rec.status, 200);
    assert.equal(rec.fields.prompt, 'ok');
    assert.ok(rec.receivedAt > 0);
  });

  it('runs standalone and prints its URL as JSON', async () => {
    const main = join(__dirname, '..', '..', 'fakeServer', 'main.js');
    const child = spawn(process.execPath, [main, '--port', '0', '--key', 'k2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
      const { url, baseUrl } = JSON.parse(line) as { url: string; baseUrl: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${baseUrl}/images/generations`, {
        method: 'POST',
        headers: { Authorization: 'Bearer k2', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-image-2', prompt: 'x', size: '1024x640' }),
      });
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
