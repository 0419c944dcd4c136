// The fake follows the 2.5/2.6 models: overlay fields, GIF and SVG answers, JSON edits, the
// "transparent not supported" refusal; and the client sends JSON edits only where the table says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectImage } from '../../../src/core/image';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, png } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';

describe('fake server: the models of 2026-12-01', () => {
  const fake = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => {
    fake.setMode({ provider: 'openai', refuseTransparentFor: [] });
  });

  const post = async (body: Record<string, unknown>, path = 'generations'): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${fake.baseUrl}/images/${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${CANARY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const b64 = (json: Record<string, unknown>): Buffer => Buffer.from((json.data as Array<{ b64_json: string }>)[0]!.b64_json, 'base64');

  it('answers an animated GIF with the frames and timing asked for, and an SVG document', async () => {
    const gif = await post({
      model: 'gpt-image-2.6-flare',
      prompt: 'a ball',
      size: '1024x640',
      output_format: 'gif',
      gif: { frame_count: 4, frame_duration_ms: 120 },
      complexity: 'low',
    });
    assert.equal(gif.status, 200, JSON.stringify(gif.json));
    const info = inspectImage(b64(gif.json));
    assert.deepEqual([info?.format, info?.width, info?.height, info?.animated], ['gif', 1024, 640, true]);
    assert.equal(gif.json.output_format, 'gif');
    const { default: sharp } = await import('sharp');
    const meta = await sharp(b64(gif.json), { animated: true }).metadata();
    assert.deepEqual([meta.pages, meta.delay?.[0]], [4, 120], 'a decoder reads 4 frames of 120 ms');
    const svg = await post({
      model: 'gpt-image-2.6-sunburst',
      prompt: 'an icon',
      size: '1024x1024',
      output_format: 'svg',
      safety_identifier: 'user-hash',
    });
    assert.equal(svg.status, 200, JSON.stringify(svg.json));
    assert.match(b64(svg.json).toString('utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1024" height="1024"/);
  });

  it('refuses what the 2.6 rules and the schema overlay refuse', async () => {
    const refusals: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ model: 'gpt-image-2.6-flare', prompt: 'x', output_format: 'svg', n: 2 }, 'generations', /SVG output supports n=1 only/],
      [
        { model: 'gpt-image-2.6-flare', prompt: 'x', size: '1024x1024', output_format: 'gif', gif: { frame_count: 16 } },
        'generations',
        /exceeds 3840 pixels/,
      ],
      [{ model: 'gpt-image-2.6-flare', prompt: 'x', output_format: 'gif', gif: { frame_count: 17 } }, 'generations', /gif/],
      [{ model: 'gpt-image-2.6-flare', prompt: 'x', complexity: 'extreme' }, 'generations', /complexity/],
      [{ model: 'gpt-image-2.6-flare', prompt: 'x', user: 'alice' }, 'generations', /takes 'safety_identifier' instead/],
      [{ model: 'gpt-image-2.5-flare', prompt: 'x', complexity: 'low' }, 'generations', /Unknown parameter: 'complexity'/],
      [{ model: 'gpt-image-2.5-flare', prompt: 'x', output_format: 'gif' }, 'generations', /Invalid value: 'gif'/],
      [{ model: 'gpt-image-2', prompt: 'x', quality: 'xhigh' }, 'generations', /Invalid value: 'xhigh'/],
      [{ model: 'gpt-image-2', prompt: 'x', size: '512x512' }, 'generations', /Invalid value: '512x512'/],
      [{ model: 'gpt-image-1.5', prompt: 'x', quality: 'bogus' }, 'generations', /quality/],
    ];
    for (const [body, path, message] of refusals) {
      const r = await post(body, path);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match((r.json.error as { message: string }).message, message, JSON.stringify(body));
    }
    assert.equal((await post({ model: 'gpt-image-2.5-sunburst', prompt: 'x', quality: 'max', size: '1024x640' })).status, 200);
  });

  it('refuses a transparent background for the models it is told to, in OpenAI’s words', async () => {
    fake.setMode({ refuseTransparentFor: ['gpt-image-2'] });
    const r = await post({ model: 'gpt-image-2', prompt: 'x', size: '1024x1024', background: 'transparent' });
    assert.equal(r.status, 400);
    assert.equal((r.json.error as { message: string; param: string }).message, 'Transparent background is not supported for this model.');
    assert.equal((await post({ model: 'gpt-image-2', prompt: 'x', size: '1024x1024', background: 'opaque' })).status, 200);
  });

  it('keeps the official excerpt verbatim: the overlay is a separate file with a source per entry', () => {
    const dir = join(__dirname, '..', '..', '..', '..', 'test', 'fakeServer');
    const excerpt = readFileSync(join(dir, 'openapi-images.yaml'), 'utf8');
    assert.ok(!/xhigh|complexity|safety_identifier/.test(excerpt), 'the excerpt predates the 2.5/2.6 fields');
    const overlay = readFileSync(join(dir, 'openapi-images.overlay.yaml'), 'utf8');
    assert.equal(
      (overlay.match(/^\s+source: /gm) ?? []).length,
      (overlay.match(/^\s+- schemas: /gm) ?? []).length,
      'every entry names its source',
    );
  });
});

describe('client: JSON edits where the table allows them', () => {
  const fake = useFakeImagesApi({ apiKey: CANARY_KEY });

  it('on OpenAI, an edit with moderation goes as JSON with data-URL images; the fake decodes and checks them', async () => {
    fake.setMode({ provider: 'openai' });
    const res = await clientFor(fake).edit({
      model: 'gpt-image-2',
      prompt: 'x',
      images: [png(32, 32), png(32, 32, 'b.png')],
      mask: png(32, 32, 'm.png', { alpha: 'transparent-left' }),
      moderation: 'low',
      size: '1024x1024',
    });
    assert.equal(res.images.length, 1);
    const rec = fake.requests[0]!;
    assert.match(String(rec.headers['content-type']), /^application\/json/);
    assert.equal(rec.fields.moderation, 'low');
    const images = rec.fields.images as Array<{ image_url: string }>;
    assert.equal(images.length, 2);
    assert.match(images[0]!.image_url, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.match((rec.fields.mask as { image_url: string }).image_url, /^data:image\/png;base64,/);
    assert.deepEqual(
      rec.files.map((f) => [f.field, f.info?.width]),
      [
        ['image[]', 32],
        ['image[]', 32],
        ['mask', 32],
      ],
    );
  });

  it('without moderation or file ids, and on compatible servers, edits stay multipart', async () => {
    fake.setMode({ provider: 'openai' });
    await clientFor(fake).edit({ model: 'gpt-image-2', prompt: 'x', images: [png(32, 32)], size: '1024x1024' });
    assert.match(String(fake.requests[0]!.headers['content-type']), /^multipart\/form-data/);
    fake.setMode({ provider: 'compatible' });
    await clientFor(fake, {}, { kind: 'compatible', baseUrl: fake.baseUrl }).edit({
      model: 'gpt-image-2',
      prompt: 'x',
      images: [png(32, 32)],
      size: '1024x1024',
    });
    assert.match(String(fake.requests[1]!.headers['content-type']), /^multipart\/form-data/);
  });

  it('sends the 2.6 parameters: complexity, gif frames (multipart as bracketed fields), safety_identifier', async () => {
    fake.setMode({ provider: 'openai' });
    await clientFor(fake)
      .generate({
        model: 'gpt-image-2.6-flare',
        prompt: 'x',
        size: '1024x640',
        complexity: 'medium',
        outputFormat: 'gif',
        gifFrames: 3,
        gifFrameMs: 150,
        safetyIdentifier: 'h1',
      })
      .catch(() => undefined);
    assert.deepEqual(
      [fake.requests[0]!.fields.complexity, fake.requests[0]!.fields.gif, fake.requests[0]!.fields.safety_identifier],
      ['medium', { frame_count: 3, frame_duration_ms: 150 }, 'h1'],
    );
    await clientFor(fake)
      .edit({ model: 'gpt-image-2.6-flare', prompt: 'x', images: [png(32, 32)], size: '1024x640', outputFormat: 'gif', gifFrames: 2 })
      .catch(() => undefined);
    assert.equal(fake.requests[1]!.fields['gif[frame_count]'], '2');
  });
});

describe('GIF and SVG results through the client and the CLI', () => {
  const fake = useFakeImagesApi({ apiKey: CANARY_KEY });

  it('decodes a GIF and an SVG answer into results of those formats', async () => {
    const gif = await clientFor(fake).generate({
      model: 'gpt-image-2.6-flare',
      prompt: 'x',
      size: '1024x640',
      outputFormat: 'gif',
      gifFrames: 2,
    });
    assert.deepEqual([gif.images[0]!.format, gif.images[0]!.mimeType], ['gif', 'image/gif']);
    const svg = await clientFor(fake).generate({ model: 'gpt-image-2.6-flare', prompt: 'x', size: '1024x1024', outputFormat: 'svg' });
    assert.deepEqual([svg.images[0]!.format, svg.images[0]!.mimeType], ['svg', 'image/svg+xml']);
  });

  it('the CLI saves .gif and .svg files, and the sidecar records the new parameters', async () => {
    const dir = makeTempDir();
    try {
      const gif = await runCliAgainst(fake, [
        'generate',
        '--prompt',
        'a ball',
        '--model',
        'gpt-image-2.6-flare',
        '--size',
        '1024x640',
        '--format',
        'gif',
        '--frames',
        '3',
        '--frame-ms',
        '150',
        '--complexity',
        'low',
        '--today',
        '2026-12-01',
        '--out',
        dir,
        '--json',
      ]);
      assert.equal(gif.code, 0, gif.stderr);
      const file = (JSON.parse(gif.stdout) as { files: Array<{ path: string; sidecar: string }> }).files[0]!;
      assert.match(file.path, /\.gif$/);
      assert.equal(inspectImage(readFileSync(file.path)).animated, true);
      const side = JSON.parse(readFileSync(file.sidecar, 'utf8')) as { parameters: Record<string, unknown> };
      assert.deepEqual(
        [side.parameters.outputFormat, side.parameters.gifFrames, side.parameters.gifFrameMs, side.parameters.complexity],
        ['gif', 3, 150, 'low'],
      );
      const svg = await runCliAgainst(fake, [
        'generate',
        '--prompt',
        'an icon',
        '--model',
        'gpt-image-2.6-sunburst',
        '--size',
        '1024x1024',
        '--format',
        'svg',
        '--today',
        '2026-12-01',
        '--out',
        dir,
        '--json',
      ]);
      assert.equal(svg.code, 0, svg.stderr);
      assert.match((JSON.parse(svg.stdout) as { files: Array<{ path: string }> }).files[0]!.path, /\.svg$/);
    } finally {
      removeTempDir(dir);
    }
  });
});
