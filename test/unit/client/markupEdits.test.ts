// Markup edits (2.6 models): the notes leave as their own `markup` file part with a real content
// type and filename; the three refusals (with a mask, at another size, to a model whose row does not
// take markup) happen before anything is sent, and the fake, taught the same rules, would refuse
// each of them too, so a client that let one through would fail here.
import assert from 'node:assert/strict';
import { encodeMultipart, type MultipartPart } from '../../../src/core/client/multipart';
import { parseModelDeclarations } from '../../../src/core/models/userModels';

import { buildProvenance, sha256Hex } from '../../../src/core/provenance';
import type { EditRequest, InputImage } from '../../../src/core/types';
import { encodePng, encodeRgbaPng } from '../../support/png';
import { CANARY_KEY, clientFor, png, rejection, useFakeImagesApi } from '../support';
import { BUILT_IN_MODELS, modelCatalogue } from '../../../src/core/models/modelCatalogue';

const image = (): InputImage => ({ ...png(64, 48, 'photo.png'), mimeType: 'image/png' });
/** A transparent PNG with a few opaque red pixels: what the Annotate mode exports. */
const notes = (width = 64, height = 48): InputImage => {
  const rgba = new Uint8Array(width * height * 4);
  for (let x = 4; x < 20; x++) rgba.set([255, 0, 0, 255], (10 * width + x) * 4);
  return { bytes: new Uint8Array(encodeRgbaPng({ width, height, data: rgba })), filename: 'photo.markup.png' };
};
const edit = (over: Partial<EditRequest> = {}): EditRequest => ({
  model: 'gpt-image-2.6-flare',
  prompt: 'make the circled door red',
  images: [image()],
  markup: notes(),
  ...over,
});

describe('markup edits', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });

  it('sends the notes as their own `markup` part, after the image, with a filename and image/png', async () => {
    const reference = { ...png(32, 32, 'style.png'), mimeType: 'image/png' };
    const result = await clientFor(server).edit(edit({ images: [image(), reference] }));
    assert.equal(result.images.length, 1);
    const rec = server.requests.at(-1)!;
    assert.equal(rec.status, 200);
    assert.deepEqual(
      rec.files.map((f) => [f.field, f.filename, f.contentType]),
      [
        ['image[]', 'photo.png', 'image/png'],
        ['image[]', 'style.png', 'image/png'],
        ['markup', 'photo.markup.png', 'image/png'],
      ],
    );
    assert.equal(rec.fields.model, 'gpt-image-2.6-flare');
    assert.equal(rec.fields.mask, undefined);
  });

  const refusals: Array<[string, Partial<EditRequest>, RegExp]> = [
    ['with a mask', { mask: { ...png(64, 48, 'photo.mask.png', { alpha: 'transparent-left' }) } }, /cannot also have a mask/],
    ['at another size', { markup: notes(32, 24) }, /is 32x24 but the first image is 64x48/],
    [
      'to a model whose row does not take markup',
      { model: 'gpt-image-2' },
      /gpt-image-2 does not take markup edits.*gpt-image-2\.6-sunburst/,
    ],
  ];
  for (const [what, over, message] of refusals) {
    it(`refuses markup ${what} before sending, and the fake would refuse it too`, async () => {
      const request = edit(over);
      const e = await rejection(clientFor(server).edit(request));
      assert.equal(e.kind, 'validation', e.message);
      assert.equal(e.param, 'markup');
      assert.match(e.message, message);
      assert.equal(server.requests.length, 0, 'nothing was sent');
      // The same body sent past the client: the fake refuses it with an OpenAI-style error.
      const answer = await postRaw(server.baseUrl, request);
      assert.equal(answer.status, 400, JSON.stringify(answer.json));
      assert.equal((answer.json.error as { param?: string }).param, 'markup');
    });
  }

  it('refuses a markup that is not a transparent PNG, and markup with what needs a JSON edit', async () => {
    const opaque = { bytes: new Uint8Array(encodePng(64, 48, { alpha: 'none' })), filename: 'flat.png' };
    let e = await rejection(clientFor(server).edit(edit({ markup: opaque })));
    assert.match(e.message, /has no transparency/);
    e = await rejection(clientFor(server).edit(edit({ moderation: 'low' })));
    assert.match(e.message, /goes as multipart, which takes no moderation/);
    assert.equal(server.requests.length, 0);
  });

  it('is a field of the table: a declared model can take markup, and the sidecar records its hash', async () => {
    assert.equal(BUILT_IN_MODELS.capabilities('gpt-image-2.6-sunburst').markup, true);
    assert.equal(BUILT_IN_MODELS.capabilities('gpt-image-2.5-flare').markup, false);
    const models = modelCatalogue(
      parseModelDeclarations([{ id: 'notes-model', extends: 'gpt-image-2', markup: true, batch: false }], 'models'),
    );
    assert.equal(models.capabilities('notes-model').batch, false);
    server.setMode({ provider: 'compatible', apiKey: '' });
    const request = edit({ model: 'notes-model' });
    const result = await clientFor(server, { models }, { kind: 'compatible', baseUrl: server.baseUrl }).edit(request);
    assert.equal(server.requests.at(-1)!.files.at(-1)!.field, 'markup');
    const sidecar = await buildProvenance({
      request,
      result,
      image: result.images[0]!,
      provider: { kind: 'openai' },
      createdAt: new Date(0),
    });
    assert.deepEqual(
      sidecar.inputs.map((i) => [i.role, i.filename]),
      [
        ['image', 'photo.png'],
        ['markup', 'photo.markup.png'],
      ],
    );
    assert.equal(sidecar.inputs[1]!.sha256, await sha256Hex(request.markup!.bytes));
    assert.equal(sidecar.parameters.markup, undefined, 'the bytes are not copied into the parameters');
    assert.throws(() => parseModelDeclarations([{ id: 'x', markup: 'yes' }], 'models'), /models\[0\]\.markup: expected true or false/);
  });
});

/** Posts an edit as multipart without the client's checks. */
async function postRaw(baseUrl: string, req: EditRequest): Promise<{ status: number; json: Record<string, unknown> }> {
  const file = (name: string, img: InputImage): MultipartPart => ({
    name,
    filename: img.filename,
    contentType: 'image/png',
    data: img.bytes,
  });
  const parts: MultipartPart[] = [
    { name: 'model', value: req.model },
    { name: 'prompt', value: req.prompt },
    ...req.images.map((img) => file('image', img)),
    ...(req.mask ? [file('mask', req.mask)] : []),
    ...(req.markup ? [file('markup', req.markup)] : []),
  ];
  const body = encodeMultipart(parts);
  const res = await fetch(`${baseUrl}/images/edits`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${CANARY_KEY}`, 'content-type': body.contentType },
    body: body.body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
