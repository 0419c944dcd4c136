import assert from 'node:assert/strict';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, png, rejection } from '../support';

describe('client: request shapes against the fake', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() =>
    server.setMode({ provider: 'openai', apiKey: CANARY_KEY, endpoints: ['generations', 'edits', 'variations'], responseStyle: undefined }),
  );

  it('generations: JSON with model always sent, absent options not sent, Bearer and org/project headers', async () => {
    const client = clientFor(server, {}, { kind: 'openai', baseUrl: server.baseUrl, organization: 'org-1', project: 'proj-1' });
    const result = await client.generate({
      model: 'gpt-image-2',
      prompt: 'a lighthouse',
      size: '1536x864',
      quality: 'low',
      outputFormat: 'jpeg',
      outputCompression: 40,
    });
    const rec = server.requests.at(-1)!;
    assert.equal(rec.path, '/v1/images/generations');
    assert.deepEqual(rec.fields, {
      model: 'gpt-image-2',
      prompt: 'a lighthouse',
      size: '1536x864',
      quality: 'low',
      output_format: 'jpeg',
      output_compression: 40,
    });
    assert.equal(rec.headers.authorization, `Bearer ${CANARY_KEY}`);
    assert.equal(rec.headers['openai-organization'], 'org-1');
    assert.equal(rec.headers['openai-project'], 'proj-1');
    assert.equal(result.images.length, 1);
    assert.equal(result.images[0]!.format, 'jpeg');
    assert.equal(result.images[0]!.mimeType, 'image/jpeg');
    assert.deepEqual(readImageInfo(result.images[0]!.bytes)?.width, 1536);
    assert.equal(result.size, '1536x864');
    assert.equal(result.quality, 'low');
    assert.equal(result.outputFormat, 'jpeg');
    assert.ok(result.usage?.total_tokens);
    assert.deepEqual(result.requestIds, [rec.headers['x-request-id'] ?? result.requestIds[0]]);
    assert.match(result.requestIds[0]!, /^req_fake_/);
  });

  it('edits: one input is `image`, with filename and real content type; inputs are bytes only', async () => {
    const client = clientFor(server);
    await client.edit({ model: 'gpt-image-1.5', prompt: 'add a hat', images: [png(64, 64, 'cat.png')], inputFidelity: 'high' });
    const rec = server.requests.at(-1)!;
    assert.match(String(rec.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.deepEqual(
      rec.files.map((f) => [f.field, f.filename, f.contentType]),
      [['image', 'cat.png', 'image/png']],
    );
    assert.deepEqual(rec.fields, { model: 'gpt-image-1.5', prompt: 'add a hat', input_fidelity: 'high' });
  });

  it('edits: several inputs are repeated `image[]`, mask is `mask`, JPEG/WebP keep their types', async () => {
    const { default: sharp } = await import('sharp');
    const jpeg = new Uint8Array(
      await sharp(Buffer.from(png(64, 32).bytes))
        .jpeg()
        .toBuffer(),
    );
    const webp = new Uint8Array(
      await sharp(Buffer.from(png(64, 32).bytes))
        .webp()
        .toBuffer(),
    );
    const client = clientFor(server);
    const res = await client.edit({
      model: 'gpt-image-2',
      prompt: 'combine',
      images: [png(64, 32, 'a.png'), { bytes: jpeg, filename: 'b.jpg' }, { bytes: webp, filename: 'c.webp' }],
      mask: png(64, 32, 'mask.png', { alpha: 'transparent-left' }),
      n: 2,
    });
    const rec = server.requests.at(-1)!;
    assert.deepEqual(
      rec.files.map((f) => [f.field, f.filename, f.contentType]),
      [
        ['image[]', 'a.png', 'image/png'],
        ['image[]', 'b.jpg', 'image/jpeg'],
        ['image[]', 'c.webp', 'image/webp'],
        ['mask', 'mask.png', 'image/png'],
      ],
    );
    assert.equal(rec.fields.n, '2');
    assert.deepEqual(
      res.images.map((i) => i.index),
      [0, 1],
    );
  });

  it('variations: multipart with `image`, url results downloaded at once', async () => {
    server.setMode({ provider: 'compatible' });
    const stages: string[] = [];
    const res = await clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl }).variation(
      { model: 'dall-e-2', image: png(32, 32, 'v.png'), size: '256x256', n: 2 },
      { onStage: (s) => stages.push(s.stage) },
    );
    const rec = server.requests.at(-1)!;
    assert.equal(rec.path, '/v1/images/variations');
    assert.deepEqual(
      rec.files.map((f) => [f.field, f.filename, f.contentType]),
      [['image', 'v.png', 'image/png']],
    );
    assert.equal(res.images.length, 2);
    assert.deepEqual(readImageInfo(res.images[1]!.bytes), { format: 'png', width: 256, height: 256, hasAlpha: true });
    assert.ok(stages.includes('downloading'));
    // The download is a GET of the fake's /files/ path, without the key.
    const download = server.requests.filter((r) => r.method === 'GET');
    assert.equal(download.length, 0, 'file GETs are not API requests');
  });

  it('decodes data: URLs that some compatible servers return', async () => {
    server.setMode({ provider: 'compatible', responseStyle: 'data_url' });
    const res = await clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl }).generate({
      model: 'dall-e-2',
      prompt: 'x',
      size: '256x256',
    });
    assert.equal(readImageInfo(res.images[0]!.bytes)?.width, 256);
  });

  it('keeps revised_prompt from dall-e-3', async () => {
    server.setMode({ provider: 'compatible' });
    const res = await clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl }).generate({
      model: 'dall-e-3',
      prompt: 'an owl',
      responseFormat: 'b64_json',
    });
    assert.equal(res.images[0]!.revisedPrompt, 'A detailed rendering of: an owl');
  });

  it('a url whose download fails is a network error with the request id', async () => {
    server.queueFault({ kind: 'url_download_fail' });
    const err = await rejection(clientFor(server).generate({ model: 'gpt-image-2', prompt: 'x' }));
    assert.equal(err.kind, 'network');
    assert.match(err.message, /Downloading the generated image failed \(404\).*request id req_fake_/);
  });

  it('Azure classic: deployment URL with api-version and the api-key header (no Bearer)', async () => {
    server.setMode({ provider: 'azure' });
    const client = clientFor(
      server,
      {},
      { kind: 'azure', endpoint: server.url, deployment: 'img-deploy', apiVersion: '2025-04-01-preview' },
    );
    await client.generate({ model: 'gpt-image-1.5', prompt: 'x' });
    const rec = server.requests.at(-1)!;
    assert.equal(rec.path, '/openai/deployments/img-deploy/images/generations');
    assert.deepEqual(rec.query, { 'api-version': '2025-04-01-preview' });
    assert.equal(rec.headers['api-key'], CANARY_KEY);
    assert.equal(rec.headers.authorization, undefined);
    assert.equal(rec.fields.model, 'gpt-image-1.5');
  });

  it('Azure v1: /openai/v1 path, api-key header, the deployment sent as model', async () => {
    server.setMode({ provider: 'azure' });
    const client = clientFor(server, {}, { kind: 'azure', baseUrl: `${server.url}/openai/v1`, deployment: 'gpt-image-1.5' });
    await client.edit({ model: 'gpt-image-1.5', prompt: 'x', images: [png(16, 16)] });
    const rec = server.requests.at(-1)!;
    assert.equal(rec.path, '/openai/v1/images/edits');
    assert.equal(rec.headers['api-key'], CANARY_KEY);
    assert.equal(rec.fields.model, 'gpt-image-1.5');
  });

  it('compatible server: declared-missing endpoints refused before sending; undeclared 404 mapped', async () => {
    server.setMode({ provider: 'compatible', endpoints: ['generations'] });
    const before = server.requests.length;
    const refused = await rejection(
      clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl, endpoints: ['generations'] }).variation({
        model: 'dall-e-2',
        image: png(16, 16),
      }),
    );
    assert.equal(refused.kind, 'endpoint_unsupported');
    assert.equal(server.requests.length, before, 'nothing was sent');
    const notFound = await rejection(
      clientFor(server, {}, { kind: 'compatible', baseUrl: server.baseUrl }).variation({ model: 'dall-e-2', image: png(16, 16) }),
    );
    assert.equal(notFound.kind, 'not_found');
    assert.match(notFound.message, /no such endpoint \(404\)/);
  });

  it('passes an unknown model through to a compatible server and reports a warning', async () => {
    server.setMode({ provider: 'compatible', apiKey: '' });
    const client = clientFor(server, { apiKey: '' }, { kind: 'compatible', baseUrl: server.baseUrl });
    const res = await client.generate({ model: 'sdxl-turbo', prompt: 'x', size: '640x480', responseFormat: 'b64_json' });
    assert.equal(server.requests.at(-1)!.fields.model, 'sdxl-turbo');
    assert.equal(server.requests.at(-1)!.headers.authorization, undefined, 'no empty Bearer');
    assert.equal(readImageInfo(res.images[0]!.bytes)?.height, 480);
    assert.match(res.warnings?.join() ?? '', /not in the capability table/);
  });

  it('works with the global fetch too (what the extension host passes)', async () => {
    const res = await clientFor(server, { fetch: (u, i) => fetch(u, i) }).edit({
      model: 'gpt-image-2',
      prompt: 'x',
      images: [png(16, 16), png(16, 16)],
    });
    assert.equal(res.images.length, 1);
    assert.equal(server.requests.at(-1)!.files.length, 2);
  });
});
