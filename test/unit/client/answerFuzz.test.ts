// Property test over server answers: seeded random JSON bodies and event streams (good, broken and
// missing images, wrong types, truncations, odd chunking, the key echoed in every field), sent to
// the real client through a fetch that answers from memory. For every answer: nothing but an
// ImageStudioError is thrown, the key appears in no result, message or field, and every
// well-formed image among those asked for is returned.
import assert from 'node:assert/strict';
import { isImageStudioError } from '../../../src/core/client/errors';
import type { FetchLike, ImagesResult } from '../../../src/core/types';
import { encodeRaster } from '../../fakeServer/imageEncoder';
import { paintScene } from '../../fakeServer/sceneImages';
import { seededRandom } from '../../fixtures/seededRandom';
import { CANARY_KEY, recordingClock } from '../support';
import { createImagesClient } from '../../../src/core/client/imagesClient';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const SEED = 20261201;
const CASES = 400;

type Rng = () => number;
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** One image slot of an answer: its JSON and whether it is a well-formed image. */
interface Slot {
  item: unknown;
  good: boolean;
}

function slot(r: Rng, images: Buffer[]): Slot {
  const img = pick(r, images);
  switch (pick(r, ['good', 'good', 'good', 'data_url', 'truncated', 'garbage', 'text', 'wrong_type', 'empty', 'null', 'key'])) {
    case 'good':
      return { item: { b64_json: img.toString('base64'), revised_prompt: pick(r, ['fine', `leak ${CANARY_KEY}`]) }, good: true };
    case 'data_url':
      return { item: { url: `data:image/png;base64,${img.toString('base64')}` }, good: true };
    case 'truncated':
      return { item: { b64_json: img.subarray(0, Math.floor(r() * (img.length - 1))).toString('base64') }, good: false };
    case 'garbage':
      return { item: { b64_json: '%%%%' + 'Zm9v'.repeat(Math.floor(r() * 50)) }, good: false };
    case 'text':
      return { item: { b64_json: Buffer.from(`error for ${CANARY_KEY}`).toString('base64') }, good: false };
    case 'wrong_type':
      return { item: { b64_json: pick(r, [42, true, ['a'], { x: 1 }]) }, good: false };
    case 'empty':
      return { item: {}, good: false };
    case 'null':
      return { item: null, good: false };
    default:
      return { item: { b64_json: CANARY_KEY }, good: false };
  }
}

function jsonAnswer(r: Rng, images: Buffer[], expected: number): { body: string; good: number | undefined } {
  const slots = Array.from({ length: Math.floor(r() * (expected + 3)) }, () => slot(r, images));
  const echo = (): unknown => pick(r, [CANARY_KEY, `x${CANARY_KEY}x`, 7, null, { [CANARY_KEY]: 1 }, 'auto']);
  const body: Record<string, unknown> = {
    created: pick(r, [1, 'x', null]),
    data: slots.map((s) => s.item),
    size: echo(),
    quality: echo(),
    background: echo(),
    output_format: echo(),
    usage: pick(r, [{ input_tokens: 1, [CANARY_KEY]: 2, details: { [CANARY_KEY]: 3 } }, CANARY_KEY, null, [1]]),
  };
  const text = JSON.stringify(pick(r, [body, body, body, { data: CANARY_KEY }, [body], CANARY_KEY]));
  const truncated = r() < 0.15;
  const good = truncated || !Array.isArray(JSON.parse(text)?.data) ? undefined : slots.slice(0, expected).filter((s) => s.good).length;
  return { body: truncated ? text.slice(0, Math.floor(r() * text.length)) : text, good };
}

function streamAnswer(r: Rng, images: Buffer[]): { body: string; good: number | undefined } {
  const events: string[] = [];
  let good: number | undefined;
  for (let i = 0, count = Math.floor(r() * 5); i < count; i++) {
    const s = slot(r, images);
    const item = (s.item ?? {}) as Record<string, unknown>;
    const kind = pick(r, ['partial', 'completed', 'completed', 'error', 'garbage']);
    if (kind === 'error')
      events.push(
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { message: `bad key ${CANARY_KEY}`, code: CANARY_KEY } })}\n\n`,
      );
    else if (kind === 'garbage')
      events.push(pick(r, [`data: {not json ${CANARY_KEY}\n\n`, ': comment\n\n', 'data: [DONE]\n\n', 'event: x\n\n']));
    else
      events.push(
        `event: image_generation.${kind === 'partial' ? 'partial_image' : 'completed'}\ndata: ${JSON.stringify({ type: `image_generation.${kind === 'partial' ? 'partial_image' : 'completed'}`, b64_json: item.b64_json ?? item.url, size: CANARY_KEY, usage: { [CANARY_KEY]: 1 } })}\n\n`,
      );
  }
  const text = events.join('');
  // Only a clean stream (no error or garbage event before the first final) has a known outcome.
  const firstFinal = events.findIndex((e) => e.startsWith('event: image_generation.completed'));
  const clean =
    firstFinal >= 0 &&
    events
      .slice(0, firstFinal)
      .every((e) => e.startsWith('event: image_generation.partial_image') || e.startsWith(': comment') || e === 'event: x\n\n');
  if (clean && r() >= 0.15) {
    const data = JSON.parse(events[firstFinal]!.split('\ndata: ')[1]!) as { b64_json?: unknown };
    const isGood =
      typeof data.b64_json === 'string' &&
      images.some((img) => [img.toString('base64'), `data:image/png;base64,${img.toString('base64')}`].includes(data.b64_json as string));
    good = isGood ? 1 : undefined;
    return { body: text, good };
  }
  return { body: r() < 0.3 ? text.slice(0, Math.floor(r() * text.length)) : text, good: undefined };
}

/**
 * A fetch answering from memory, in randomly sized chunks. With `cut` the connection fails
 * instead of ending (a network cut): after the whole body, or after a random number of chunks.
 */
function fetchAnswering(r: Rng, body: string, contentType: string, requestId: string, cut?: 'end' | 'random'): FetchLike {
  const bytes = new TextEncoder().encode(body);
  const cuts: number[] = [];
  for (let at = 0; at < bytes.length; at += 1 + Math.floor(r() * 4096)) cuts.push(at);
  const keep = cut === 'random' ? Math.floor(r() * cuts.length) : cuts.length;
  let sent = 0;
  return async () =>
    new Response(
      // Chunk by chunk on demand: an error raised with chunks still queued would discard them.
      new ReadableStream<Uint8Array>({
        pull(c) {
          const i = sent++;
          if (i < keep) c.enqueue(bytes.subarray(cuts[i]!, cuts[i + 1] ?? bytes.length));
          else if (cut) c.error(new TypeError('terminated'));
          else c.close();
        },
      }),
      { status: 200, headers: { 'content-type': contentType, 'x-request-id': requestId } },
    );
}

describe('client: property test over server answers (seeded)', function () {
  this.timeout(60000);
  let images: Buffer[];
  before(
    async () =>
      (images = [
        await encodeRaster(paintScene(16, 16, 'a', 0), 'png'),
        await encodeRaster(paintScene(16, 8, 'b', 1), 'jpeg'),
        await encodeRaster(paintScene(8, 8, 'c', 2, { transparent: true }), 'webp'),
      ]),
  );

  it(`${CASES} random answers: no crash, no key in any output, every well-formed image saved`, async () => {
    const r = seededRandom(SEED);
    let saved = 0;
    for (let i = 0; i < CASES; i++) {
      const stream = r() < 0.4;
      const expected = stream ? 1 : 1 + Math.floor(r() * 4);
      const answer = stream ? streamAnswer(r, images) : jsonAnswer(r, images, expected);
      const requestId = pick(r, ['req_1', `req_${CANARY_KEY}`]);
      // A cut after a whole stream keeps its final image; any other cut leaves the outcome open.
      const cut = r() < 0.15 ? (stream && r() < 0.5 ? 'end' : 'random') : undefined;
      if (cut === 'random' || (cut === 'end' && !stream)) answer.good = undefined;
      const client = createImagesClient(
        { kind: 'openai', baseUrl: 'https://api.example.test/v1' },
        CANARY_KEY,
        fetchAnswering(r, answer.body, stream ? 'text/event-stream' : 'application/json', requestId, cut),
        { maxRetries: 0, today: '2026-11-21', clock: recordingClock(), models: BUILT_IN_MODELS },
      );
      const what = `case ${i} (seed ${SEED}): ${answer.body.slice(0, 160)}`;
      let result: ImagesResult | undefined;
      try {
        result = await client.generate({ model: 'gpt-image-2', prompt: 'fuzz', n: expected, ...(stream ? { stream: true } : {}) });
      } catch (e) {
        assert.ok(isImageStudioError(e), `${what}: threw ${String(e)}`);
        const fields = JSON.stringify({ ...e, message: e.message, stack: e.stack });
        assert.ok(!fields.includes(CANARY_KEY), `${what}: the error holds the key: ${fields.slice(0, 300)}`);
        assert.ok(!answer.good, `${what}: ${answer.good} good image(s) lost to ${e.message}`);
        continue;
      }
      const shown = JSON.stringify({ ...result, images: result.images.map(({ bytes: _b, ...rest }) => rest) });
      assert.ok(!shown.includes(CANARY_KEY), `${what}: the result holds the key: ${shown.slice(0, 300)}`);
      assert.ok(result.images.length <= expected, `${what}: more images than asked`);
      if (answer.good !== undefined) assert.equal(result.images.length, answer.good, what);
      saved += result.images.length;
    }
    assert.ok(saved > CASES / 10, `only ${saved} images saved over ${CASES} cases: the generator is too hostile to test saving`);
  });
});
