// The batch output reader decodes each line's images as the bytes stream in: whatever the chunk
// borders, the bytes equal Node's decoding of the same base64, only a real `b64_json` key's string
// is streamed, JSON escapes in it are honoured, bad base64 is refused by the image decoder, and no
// line is kept as text with its image in it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_STRING_BYTES, parseOutputLine, readOutputLines } from '../../../src/core/batch/outputLines';

const chunked = (text: string, size: number): ReadableStream<Uint8Array> => {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({ pull: (c) => (at < bytes.length ? c.enqueue(bytes.slice(at, (at += size))) : c.close()) });
};

async function read(text: string, size: number, max = 1 << 20): Promise<Array<{ line: number; text: string; parsed: unknown }>> {
  const out = [];
  for await (const l of readOutputLines(chunked(text, size), max)) out.push({ line: l.line, text: l.text, parsed: parseOutputLine(l) });
  return out;
}

const bodyOf = (parsed: unknown): { data: Array<{ b64_json: unknown; revised_prompt?: string }> } =>
  (parsed as { response: { body: { data: Array<{ b64_json: unknown; revised_prompt?: string }> } } }).response.body;

describe('batch output lines (streamed base64)', () => {
  it('decodes every image exactly, across every chunk border, with padding of 0, 1 and 2', async () => {
    const images = [randomBytes(3000), randomBytes(3001), randomBytes(3002)];
    const lines = images.map((img, i) =>
      JSON.stringify({
        id: `r${i}`,
        custom_id: `a${i}.png#x`,
        response: {
          status_code: 200,
          body: { data: [{ b64_json: img.toString('base64'), revised_prompt: 'has "b64_json": "not this" inside' }] },
        },
      }),
    );
    const text = `${lines.join('\n')}\n`;
    for (const size of [1, 2, 3, 5, 7, 64, 4096, text.length]) {
      const got = await read(text, size);
      assert.equal(got.length, 3, `chunks of ${size}`);
      for (const [i, l] of got.entries()) {
        const item = bodyOf(l.parsed).data[0]!;
        assert.ok(item.b64_json instanceof Uint8Array, `chunks of ${size}: line ${i + 1} not decoded`);
        assert.deepEqual(Buffer.from(item.b64_json), images[i], `chunks of ${size}: line ${i + 1} differs`);
        assert.equal(item.revised_prompt, 'has "b64_json": "not this" inside');
        assert.ok(l.text.length < 300, `the line's text still holds its image (${l.text.length} chars)`);
      }
    }
  });

  it('honours whitespace around the colon and the \\/ escape, and leaves other strings alone', async () => {
    const img = randomBytes(900);
    const escaped = img.toString('base64').replace(/\//g, '\\/');
    const line = `{"custom_id": "k", "response": {"body": {"data": [ { "b64_json" :  "${escaped}" , "url": null } ]}}, "note": "b64_json"}\n`;
    const [got] = await read(line, 3);
    assert.deepEqual(Buffer.from(bodyOf(got!.parsed).data[0]!.b64_json as Uint8Array), img);
    assert.equal((got!.parsed as { note: string }).note, 'b64_json');
  });

  it('turns base64 that is not valid into a string the image decoder refuses, and counts lines like before', async () => {
    const got = await read(
      '{"response":{"body":{"data":[{"b64_json":"ab$d"},{"b64_json":"abc"},{"b64_json":"QQ==QQ=="}]}}}\n\n{"error":{"code":"x"}}',
      4,
    );
    assert.deepEqual(
      bodyOf(got[0]!.parsed).data.map((d) => d.b64_json),
      ['!not base64', '!not base64', '!not base64'],
    );
    assert.deepEqual(
      got.map((l) => l.line),
      [1, 3],
    );
  });

  it('refuses a line longer than allowed, image or not', async () => {
    await assert.rejects(
      async () => void (await read(`{"response":{"body":{"data":[{"b64_json":"${'A'.repeat(4000)}"}]}}}\n`, 256, 1000)),
      /Line 1 of the file is longer than/,
    );
  });

  it('cuts a long string as it streams, never inside an escape or a character, and keeps the rest of the line', async () => {
    const unit = 'ab\\"c\u00e9 é€😀 ';
    const long = unit.repeat(Math.ceil((3 * MAX_STRING_BYTES) / unit.length));
    const line = `${JSON.stringify({ custom_id: 'k', response: { body: { data: [{ revised_prompt: long, b64_json: 'QUJD' }] } }, after: 'kept' })}\n`;
    for (const size of [3, 4096, line.length]) {
      const [got] = await read(line, size, 8 << 20);
      const parsed = got!.parsed as { after: string };
      const item = bodyOf(parsed).data[0]!;
      assert.equal(parsed.after, 'kept', `chunks of ${size}`);
      assert.deepEqual(Buffer.from(item.b64_json as Uint8Array).toString(), 'ABC');
      const cut = item.revised_prompt!;
      assert.ok(long.startsWith(cut), `chunks of ${size}: not a prefix`);
      assert.ok(cut.length > MAX_STRING_BYTES / 8 && cut.length < long.length, `chunks of ${size}: ${cut.length} characters kept`);
      assert.ok(got!.text.length < MAX_STRING_BYTES + 1000, `chunks of ${size}: the text kept ${got!.text.length} characters`);
    }
  });

  it('skips a line with more text than allowed and reads on; stops at more lines than allowed', async () => {
    const lines = `{"a": [${'1,'.repeat(600)}1]}\n{"b": 2}\n{"c": 3}\n`;
    const out = [];
    for await (const l of readOutputLines(chunked(lines, 64), { maxLineBytes: 1 << 20, maxTextBytes: 1000, maxLines: 3 })) out.push(l);
    assert.deepEqual(
      out.map((l) => [l.line, l.problem ? 'skipped' : l.text]),
      [
        [1, 'skipped'],
        [2, '{"b": 2}'],
        [3, '{"c": 3}'],
      ],
    );
    await assert.rejects(async () => {
      for await (const _ of readOutputLines(chunked(lines.repeat(2), 64), { maxLineBytes: 1 << 20, maxLines: 4 })) void _;
    }, /the file has more than 4 lines, more than the batch has requests; reading stopped at line 5/);
  });
});
