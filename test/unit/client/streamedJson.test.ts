import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { nodeFileSystem } from '../../../src/cli/nodeFileSystem';
import { readImagesJson } from '../../../src/core/client/imagesJsonReader';
import type { SaveFileSystem } from '../../../src/core/save/fileSystem';
import { tempSpool } from '../../../src/core/save/tempSpool';
import type { FetchLike } from '../../../src/core/types';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, rejection, undiciFetchLike } from '../support';

/** How a test reshapes the fake's answer on its way to the client. */
interface Reshape {
  /** Rewrites the whole answer text (escapes, garbling). */
  text?: (body: string) => string;
  /** Where the body is cut into chunks (byte offsets); default one chunk. */
  cuts?: (length: number) => number[];
  /** Ends the body early, cleanly, after this many bytes. */
  truncateAt?: (body: string) => number;
}

/** A fetch that hands the fake's real answer to the client in chosen chunks (or changed, or cut). */
function reshapingFetch(shape: Reshape, seen: { body?: string } = {}): FetchLike {
  return async (url, init) => {
    const res = await undiciFetchLike(url, init);
    if (!url.includes('/images/') || !res.ok) return res;
    let body = await res.text();
    seen.body = body;
    if (shape.text) body = shape.text(body);
    let bytes = new TextEncoder().encode(body);
    if (shape.truncateAt) bytes = bytes.subarray(0, shape.truncateAt(body));
    const cuts = [...(shape.cuts?.(bytes.length) ?? []), bytes.length].filter((c) => c > 0 && c <= bytes.length).sort((a, b) => a - b);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let from = 0;
        for (const c of cuts) {
          if (c > from) controller.enqueue(bytes.slice(from, c));
          from = c;
        }
        controller.close();
      },
    });
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    return new Response(stream, { status: res.status, headers });
  };
}

const every = (step: number) => (length: number) => Array.from({ length: Math.ceil(length / step) }, (_, i) => i * step);
const b64Of = (body: string): string[] => (JSON.parse(body) as { data: Array<{ b64_json: string }> }).data.map((d) => d.b64_json);
const bytesOf = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

describe('client: JSON answers read as a stream', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  const req = { model: 'gpt-image-1.5', prompt: 'x', size: '1024x1024', n: 3 } as const;

  for (const step of [7, 4093]) {
    it(`decodes every image whole when chunks are ${step} byte(s) long (cuts inside quads and keys)`, async () => {
      const seen: { body?: string } = {};
      const res = await clientFor(server, { fetch: reshapingFetch({ cuts: every(step) }, seen) }).generate(req);
      const expected = b64Of(seen.body!);
      assert.equal(res.images.length, 3);
      res.images.forEach((img, i) => assert.deepEqual(img.bytes, bytesOf(expected[i]!)));
      assert.ok(res.usage?.total_tokens, 'small fields after the images are still read');
      assert.equal(res.size, '1024x1024');
    });
  }

  it('cut at every position of a real answer, in two chunks, it always gives the same images', async () => {
    const seen: { body?: string } = {};
    await clientFor(server, { fetch: reshapingFetch({}, seen) }).generate({ ...req, n: 2 });
    const bytes = new TextEncoder().encode(seen.body!);
    const expected = b64Of(seen.body!).map(bytesOf);
    // Every position near the structure and the image starts; a stride through the middles.
    const starts = [...seen.body!.matchAll(/"b64_json":"/g)].map((m) => m.index);
    const near = (i: number): boolean => i < 300 || bytes.length - i < 300 || starts.some((s) => Math.abs(i - s) < 40);
    for (let at = 0; at <= bytes.length; at++) {
      if (!near(at) && at % 61) continue;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes.slice(0, at));
          c.enqueue(bytes.slice(at));
          c.close();
        },
      });
      const res = await readImagesJson(new Response(body), {
        limit: 1e9,
        what: '/images/generations',
        status: 200,
        fetch: undiciFetchLike,
        indexBase: 0,
        expected: 2,
      });
      assert.equal(res.images.length, 2, `cut at ${at}`);
      res.images.forEach((img, i) => assert.deepEqual(img.bytes, expected[i], `cut at ${at}`));
    }
  });

  it('reads JSON escapes inside base64 (\\/, \\u002F, escaped line breaks), across chunk cuts too', async () => {
    const seen: { body?: string } = {};
    const escape = (body: string): string =>
      body.replace(
        /"b64_json":"([^"]*)"/g,
        (_, b64: string) =>
          `"b64_json":"${b64.replace(/(.{76})/g, '$1\\n').replace(/\//g, (_m, k: number) => (k % 2 ? '\\/' : '\\u002F'))}"`,
      );
    const res = await clientFor(server, { fetch: reshapingFetch({ text: escape, cuts: every(7) }, seen) }).generate(req);
    assert.match(escape(seen.body!), /\\u002F/);
    const expected = b64Of(seen.body!);
    res.images.forEach((img, i) => assert.deepEqual(img.bytes, bytesOf(expected[i]!)));
  });

  it('a body cut inside the third image keeps the first two and names the one that did not arrive', async () => {
    const third = (body: string): number => {
      const starts = [...body.matchAll(/"b64_json":"/g)].map((m) => m.index);
      return starts[2]! + 500;
    };
    const res = await clientFor(server, { fetch: reshapingFetch({ truncateAt: third, cuts: every(1000) }) }).generate(req);
    assert.equal(res.images.length, 2);
    assert.deepEqual(
      res.problems!.map((p) => [p.index, p.count, p.code]),
      [[2, 1, 'missing']],
    );
    assert.match(res.problems![0]!.message, /cut short.*2 of 3 image\(s\) arrived/);
  });

  it('a body cut before any image is whole is an error that says the answer is not JSON', async () => {
    const err = await rejection(
      clientFor(server, { fetch: reshapingFetch({ truncateAt: (b) => b.indexOf('"b64_json"') + 100 }) }).generate(req),
    );
    assert.equal(err.kind, 'invalid_response');
    assert.match(err.message, /answer to \/images\/generations is not valid JSON/);
  });

  it('garbled base64 in one image loses only that image', async () => {
    const garble = (body: string): string => {
      const starts = [...body.matchAll(/"b64_json":"/g)].map((m) => m.index + 12);
      return `${body.slice(0, starts[1]! + 300)}!#${body.slice(starts[1]! + 302)}`;
    };
    const res = await clientFor(server, { fetch: reshapingFetch({ text: garble, cuts: every(4096) }) }).generate(req);
    assert.deepEqual(
      res.images.map((i) => i.index),
      [0, 2],
    );
    assert.deepEqual(
      res.problems!.map((p) => [p.index, p.code]),
      [[1, 'not_an_image']],
    );
    assert.match(res.problems![0]!.message, /image 2 was not saved: its base64 data is garbled/);
  });

  for (const how of ['not_an_image', 'bad_base64', 'truncated'] as const) {
    it(`a bad image (${how}) among good ones: the good ones are kept, in small chunks too`, async () => {
      server.queueFault({ kind: 'bad_images', at: { 1: how } });
      const res = await clientFor(server, { fetch: reshapingFetch({ cuts: every(13) }) }).generate(req);
      assert.deepEqual(
        res.images.map((i) => i.index),
        [0, 2],
        JSON.stringify(res.problems),
      );
      assert.deepEqual(
        res.problems!.map((p) => [p.index, p.code]),
        [[1, 'not_an_image']],
      );
    });
  }

  it('with a spool, each image goes to its own temp file and a bad one leaves no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'image-studio-spool-'));
    const spool = tempSpool(nodeFileSystem, dir)!;
    try {
      server.queueFault({ kind: 'bad_images', at: { 1: 'not_an_image' } });
      const seen: { body?: string } = {};
      const res = await clientFor(server, { fetch: reshapingFetch({ cuts: every(1021) }, seen) }).generate(req, { spool });
      const expected = b64Of(seen.body!);
      assert.deepEqual(
        res.images.map((i) => [i.index, i.bytes.length]),
        [
          [0, 0],
          [2, 0],
        ],
      );
      for (const img of res.images) {
        assert.deepEqual(new Uint8Array(readFileSync(img.file!)), bytesOf(expected[img.index]!));
        assert.equal(img.byteLength, bytesOf(expected[img.index]!).length);
      }
      assert.deepEqual(readdirSync(dir).sort(), res.images.map((i) => basename(i.file!)).sort());
      // What the caller did not move into place goes with the leftovers.
      await spool.removeLeftovers();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Small images meet the full disk when their file is closed (pieces are gathered up to 1 MB per
  // write); 3 MB ones while they are still arriving.
  for (const [when, noisyImages] of [
    ['when its file is closed', false],
    ['while it is still arriving', true],
  ] as const) {
    it(`with a spool on a disk that fills up ${when}, the images go on in memory and arrive whole`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'image-studio-spool-'));
      // Each temp file takes 3000 bytes, then refuses more as a full disk does.
      const full = Object.assign(Object.create(nodeFileSystem) as SaveFileSystem, {
        async createStream(path: string) {
          const stream = await nodeFileSystem.createStream!(path);
          let room = 3000;
          return {
            async write(bytes: Uint8Array) {
              const fits = bytes.subarray(0, Math.max(0, room));
              room -= bytes.length;
              if (fits.length) await stream.write(fits);
              if (fits.length < bytes.length) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            },
            close: () => stream.close(),
          };
        },
      });
      try {
        server.setMode({ noisyImages });
        const seen: { body?: string } = {};
        const res = await clientFor(server, { fetch: reshapingFetch({ cuts: every(65536) }, seen) }).generate(req, {
          spool: tempSpool(full, dir)!,
        });
        const expected = b64Of(seen.body!);
        assert.equal(bytesOf(expected[0]!).length > 1 << 20, noisyImages, 'the images are not of the size this case needs');
        assert.deepEqual(
          res.images.map((i) => [i.index, i.file]),
          [
            [0, undefined],
            [1, undefined],
            [2, undefined],
          ],
        );
        for (const img of res.images) assert.deepEqual(img.bytes, bytesOf(expected[img.index]!));
        assert.deepEqual(readdirSync(dir), [], 'a temp file of a spilled image was left');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('event streams: partials and the final image decode whole with CRLF lines cut anywhere', async () => {
    const seen: { body?: string } = {};
    const crlf = (body: string): string => body.replace(/\n/g, '\r\n');
    const partials: Uint8Array[] = [];
    const res = await clientFor(server, { fetch: reshapingFetch({ text: crlf, cuts: every(11) }, seen) }).generate(
      { model: 'gpt-image-2', prompt: 'x', size: '1024x1024', stream: true, partialImages: 2 },
      { onPartial: (p) => partials.push(p.bytes) },
    );
    const sent = seen
      .body!.split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as { b64_json: string });
    assert.equal(partials.length, 2);
    partials.forEach((p, i) => assert.deepEqual(p, bytesOf(sent[i]!.b64_json)));
    assert.deepEqual(res.images[0]!.bytes, bytesOf(sent[2]!.b64_json));
    assert.ok(res.usage?.total_tokens);
  });
});
