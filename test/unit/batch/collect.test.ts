// Core's batch collect in process (a memory file system, the fake Batch API): a save cut between
// the image and its sidecar is finished, a real hand edit is left alone, a spec changed since the
// submit is not overwritten with an old result; and the JSONL reader holds one line at a time.
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/assets/manifest';
import { assetStatuses } from '../../../src/core/assets/statusCache';
import { BatchApiClient } from '../../../src/core/batch/batchApi';
import { collectRun } from '../../../src/core/batch/collect';
import { runPixelJob } from '../../../src/core/image/pixelJobs';
import { readOutputLines } from '../../../src/core/batch/outputLines';
import { submitBatches } from '../../../src/core/batch/submit';
import { sha256Hex } from '../../../src/core/provenance';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { MemoryFileSystem } from '../assets/memoryFileSystem';
import { CANARY_KEY, undiciFetchLike } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const MANIFEST = (prompt: string): string =>
  JSON.stringify({
    defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' },
    assets: { 'a.png': { prompt: 'a coin' }, 'b.png': { prompt: 'a gem' }, 'c.png': { prompt } },
  });

describe('batch collect (core)', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });

  it('finishes a save cut before its sidecar, leaves a hand edit alone, never saves a result over a newer spec', async () => {
    const fs = new MemoryFileSystem();
    const provider = { kind: 'openai' as const, baseUrl: server.baseUrl };
    const api = new BatchApiClient(provider, CANARY_KEY, undiciFetchLike);
    const ctx = {
      fs,
      dir: '/p',
      today: '2026-06-01',
      models: BUILT_IN_MODELS,
      providerKind: 'openai' as const,
      provider,
      api,
      fetch: undiciFetchLike,
      pixels: runPixelJob,
      now: () => new Date(2026, 5, 1),
    };
    const submitted = await submitBatches(parseManifest(BUILT_IN_MODELS, MANIFEST('a ruby')), ctx);
    assert.equal(submitted.runs.length, 1);
    const run = submitted.runs[0]!;
    for (let i = 0; i < 3; i++) await server.batches.advance();
    // What a kill between the two renames leaves: a.png placed, its sidecar not.
    const lines = (await new Response(await api.fileContent(String(server.batches.list()[0]!.output_file_id))).text())
      .split('\n')
      .filter(Boolean);
    const aLine = JSON.parse(lines.find((l) => l.includes('"a.png#'))!) as { response: { body: { data: Array<{ b64_json: string }> } } };
    const aBytes = new Uint8Array(Buffer.from(aLine.response.body.data[0]!.b64_json, 'base64'));
    fs.files.set('/p/a.png', aBytes);
    fs.files.set('/p/b.png', new TextEncoder().encode('drawn by hand'));
    // c.png's prompt changed after the submit.
    const changed = parseManifest(BUILT_IN_MODELS, MANIFEST('a sapphire'));
    const collected = await collectRun(changed, run, ctx);
    assert.deepEqual(collected.saved, ['a.png']);
    assert.deepEqual(
      collected.failed.map((f) => f.path),
      ['b.png'],
    );
    assert.match(collected.failed[0]!.message, /changed by hand/);
    assert.deepEqual(
      collected.skipped.map((s) => [s.path, /spec changed/.test(s.reason)]),
      [['c.png', true]],
    );
    assert.equal(new TextDecoder().decode(fs.files.get('/p/b.png')), 'drawn by hand');
    assert.equal(fs.files.has('/p/c.png'), false);
    const states = (await assetStatuses(changed, ctx)).map((s) => [s.path, s.state]);
    assert.deepEqual(states, [
      ['a.png', 'up-to-date'],
      ['b.png', 'changed-by-hand'],
      ['c.png', 'missing'],
    ]);
    const sidecar = JSON.parse(new TextDecoder().decode(fs.files.get('/p/a.png.json'))) as {
      asset: { sha256: string };
      batch: { id: string };
    };
    assert.equal(sidecar.asset.sha256, await sha256Hex(aBytes));
    assert.equal(sidecar.batch.id, run.batchId);
    assert.ok(fs.files.has(`/p/.image-studio/batches/${run.batchId}.json`));
  });

  it('reads lines across chunk borders, the last without a newline, and refuses a line longer than allowed', async () => {
    const stream = (chunks: string[]): ReadableStream<Uint8Array> => new Response(new Blob(chunks)).body!;
    const read = async (chunks: string[], max = 1000): Promise<string[]> => {
      const out: string[] = [];
      for await (const l of readOutputLines(stream(chunks), max)) out.push(`${l.line}:${l.text}`);
      return out;
    };
    assert.deepEqual(await read(['{"a":', '1}\n\n{"b"', ':2}\n{"c":3}']), ['1:{"a":1}', '3:{"b":2}', '4:{"c":3}']);
    const chunked = (text: string, size: number): ReadableStream<Uint8Array> => {
      const bytes = new TextEncoder().encode(text);
      let at = 0;
      return new ReadableStream({ pull: (c) => (at < bytes.length ? c.enqueue(bytes.slice(at, (at += size))) : c.close()) });
    };
    const many: string[] = [];
    for await (const l of readOutputLines(chunked(`${'x'.repeat(50)}\n`.repeat(20), 7), 60)) many.push(l.text);
    assert.equal(many.length, 20);
    await assert.rejects(async () => {
      for await (const _ of readOutputLines(chunked(`${'y'.repeat(500)}\n`, 64), 100)) void _;
    }, /Line 1 of the file is longer than/);
  });
});
