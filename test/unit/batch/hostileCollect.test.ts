// `assets batch collect` against a hostile Batch API of our own (hostileBatchApi.ts), through the
// real CLI: what a server says in an output or error file reaches a sidecar or a run record only
// cleaned and bounded as an interactive answer; an endless or stalled file ends with a clear error;
// a null, an unknown batch, a status that flips back or an over-long line stops only itself; a
// custom_id answered twice and two collects at once save once; result URLs are resolved first.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/run';
import type { FetchLike, HostLookup } from '../../../src/core/types';
import { CANARY_KEY, TODAY, undiciFetchLike } from '../support';
import { endless, outputLine, RESULT_PNG, startHostileBatchApi, type HostileBatchApi } from './hostileBatchApi';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const MANIFEST = JSON.stringify({
  defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' },
  assets: { 'a.png': { prompt: 'a coin' }, 'b.png': { prompt: 'a gem' } },
});

describe('batch collect against a hostile Batch API (CLI)', function () {
  this.timeout(60000);
  let api: HostileBatchApi;
  let dir: string;
  const cache = mkdtempSync(join(tmpdir(), 'image-studio-cache-'));
  before(async () => {
    api = await startHostileBatchApi();
  });
  after(async () => {
    await api.close();
    rmSync(cache, { recursive: true, force: true });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-hostile-'));
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST);
    api.nextBatchId = 'batch_hostile1';
    api.requests.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(
    args: string[],
    opts: { env?: Record<string, string>; fetch?: FetchLike; lookupHost?: HostLookup } = {},
  ): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['assets', ...args, '--manifest', join(dir, 'image-studio.json')], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdin: Readable.from([]),
      env: { IMAGE_STUDIO_TODAY: TODAY, XDG_CACHE_HOME: cache, OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: api.baseUrl, ...opts.env },
      fetch: opts.fetch ?? undiciFetchLike,
      ...(opts.lookupHost ? { lookupHost: opts.lookupHost } : {}),
    });
    assert.ok(!stdout.includes(CANARY_KEY) && !stderr.includes(CANARY_KEY), 'the key was printed');
    return { code, stdout, stderr };
  }

  /** Submits a.png and b.png as batch `id`; returns their custom_ids. */
  async function submit(id = 'batch_hostile1', opts: Parameters<typeof cli>[1] = {}): Promise<{ a: string; b: string }> {
    api.nextBatchId = id;
    const r = await cli(['build', '--batch'], opts);
    assert.equal(r.code, 0, r.stderr);
    const [a, b] = api.customIds();
    assert.ok(a?.startsWith('a.png#') && b?.startsWith('b.png#'), api.customIds().join(' '));
    return { a: a!, b: b! };
  }

  const completed = (id: string, fields: Record<string, unknown> = {}): Record<string, unknown> =>
    api.batchObject({ id, status: 'completed', output_file_id: `${id}-out`, error_file_id: null, ...fields });
  const record = (id = 'batch_hostile1'): string => readFileSync(join(dir, `.image-studio/batches/${id}.json`), 'utf8');
  const history = (): string[] =>
    existsSync(join(dir, '.image-studio/history')) ? readdirSync(join(dir, '.image-studio/history'), { recursive: true }).map(String) : [];

  it('a key echoed in revised_prompt, usage, size, request ids, an error line and the batch errors reaches no sidecar or record', async () => {
    const { a, b } = await submit();
    const echo = `said ${CANARY_KEY} back`;
    api.answerBatch(
      'batch_hostile1',
      completed('batch_hostile1', {
        error_file_id: 'batch_hostile1-err',
        errors: { object: 'list', data: [{ code: `c_${CANARY_KEY}`, message: echo, line: 2 }] },
      }),
    );
    api.serveFile(
      'batch_hostile1-out',
      `${outputLine(a, {
        requestId: `req_${CANARY_KEY}`,
        id: `line_${CANARY_KEY}`,
        body: {
          created: 1,
          data: [{ b64_json: RESULT_PNG.toString('base64'), revised_prompt: `${echo} ${'x'.repeat(10 * 1024 * 1024)}` }],
          usage: { input_tokens: 3, [`k_${CANARY_KEY}`]: 5, output_tokens_details: { [CANARY_KEY]: 1 } },
          size: `1024x1024 ${CANARY_KEY}`,
          quality: CANARY_KEY,
        },
      })}\n`,
    );
    api.serveFile(
      'batch_hostile1-err',
      `${JSON.stringify({ id: CANARY_KEY, custom_id: b, response: { status_code: 400, request_id: CANARY_KEY, body: { error: { message: echo, code: CANARY_KEY } } }, error: null })}\n`,
    );
    const r = await cli(['batch', 'collect']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /saved a\.png/);
    const sidecar = readFileSync(join(dir, 'a.png.json'), 'utf8');
    assert.ok(!sidecar.includes(CANARY_KEY), 'the sidecar holds the key');
    assert.match(sidecar, /\[redacted\]/);
    // Bounded as an interactive answer's revised prompt is (32,000 characters).
    assert.ok(statSync(join(dir, 'a.png.json')).size < 64 * 1024, `the sidecar is ${statSync(join(dir, 'a.png.json')).size} bytes`);
    const rec = record();
    assert.ok(!rec.includes(CANARY_KEY), 'the run record holds the key');
    assert.match(rec, /said \[redacted\] back/);
  });

  it('an output file of endless junk lines ends with an error naming the file; the record stays small', async () => {
    await submit();
    api.answerBatch('batch_hostile1', completed('batch_hostile1'));
    api.serveFile('batch_hostile1-out', endless('{"custom_id": "junk", "response": null}'));
    const r = await cli(['batch', 'collect']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /file batch_hostile1-out has more than \d+ lines, more than the batch has requests; reading stopped/);
    assert.match(r.stderr, /failed a\.png: The batch \(completed\) returned no result for it/);
    assert.ok(record().length < 64 * 1024, `the run record is ${record().length} bytes`);
  });

  it('a file download that stalls ends after --timeout, and so does a result URL that stalls', async () => {
    const { a, b } = await submit();
    api.answerBatch('batch_hostile1', completed('batch_hostile1'));
    api.serveFile('batch_hostile1-out', (res) => {
      res.writeHead(200);
      res.write(`${outputLine(a, { body: { data: [{ url: `${api.url}/stall/a.png` }] } })}\n${outputLine(b)}\n`);
      // …and nothing more, never ending the answer.
    });
    const r = await cli(['batch', 'collect', '--timeout', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /failed a\.png: Its image did not download within 1 s/);
    assert.match(r.stdout, /saved b\.png/);
    assert.match(r.stderr, /skipped file batch_hostile1-out: File batch_hostile1-out sent nothing for 1 s; reading it stopped/);
  });

  it('errors.data [null] in a failed batch: status and collect report it', async () => {
    await submit();
    api.answerBatch(
      'batch_hostile1',
      api.batchObject({
        id: 'batch_hostile1',
        status: 'failed',
        errors: { object: 'list', data: [null, { message: 'bad line', line: 1 }, 7] },
      }),
    );
    const status = await cli(['batch', 'status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /batch_hostile1\s+failed.*\(error; line 1: bad line; error\)/);
    const r = await cli(['batch', 'collect']);
    assert.match(r.stderr, /failed a\.png: The batch failed: error; line 1: bad line; error/);
  });

  it('one run stops only itself: a batch the server does not know, an endless line, a status that flips back', async () => {
    const third = await submit('batch_flips');
    // Two more records over the same assets, as two earlier submits would have left them.
    for (const id of ['batch_unknown', 'batch_endless']) {
      const copy = JSON.parse(record('batch_flips')) as { batchId: string; batch: { id: string } };
      copy.batchId = id;
      copy.batch.id = id;
      writeFileSync(join(dir, `.image-studio/batches/${id}.json`), JSON.stringify(copy));
    }
    // batch_unknown: the server has never heard of it (404).
    api.answerBatch('batch_endless', completed('batch_endless'));
    api.serveFile('batch_endless-out', (res) => {
      res.writeHead(200);
      const junk = Buffer.alloc(1 << 20, 0x61);
      const pump = (): void => {
        while (!res.destroyed && res.write(junk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    // Seen completed by status, then "in progress" again when collected.
    api.answerBatch('batch_flips', completed('batch_flips'), api.batchObject({ id: 'batch_flips', status: 'in_progress' }));
    api.serveFile('batch_flips-out', `${outputLine(third.a)}\n${outputLine(third.b)}\n`);
    const status = await cli(['batch', 'status']);
    assert.equal(status.code, 1);
    assert.match(
      status.stderr,
      /batch_unknown: The server does not know batch batch_unknown \(404\).*No batch found with id 'batch_unknown'/,
    );
    assert.match(status.stdout, /batch_flips\s+completed/);
    const r = await cli(['batch', 'collect']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /batch_unknown: The server does not know batch batch_unknown/);
    assert.match(r.stderr, /skipped file batch_endless-out: Line 1 of file batch_endless-out is longer than 65 MB/);
    assert.match(r.stderr, /warning: The server now says batch batch_flips is in_progress, after it said completed/);
    assert.match(r.stdout, /saved a\.png {2}\(batch batch_flips\)/);
    assert.match(r.stdout, /saved b\.png {2}\(batch batch_flips\)/);
  });

  it('a line with more text than any answer is reported with its line, and the next line is saved', async () => {
    const { a, b } = await submit();
    api.answerBatch('batch_hostile1', completed('batch_hostile1'));
    // 4.4 MB of numbers: strings would be cut as they stream, the text around them is counted.
    const pad = `[${'1,'.repeat(2_200_000)}1]`;
    api.serveFile('batch_hostile1-out', `{"custom_id": ${JSON.stringify(a)}, "pad": ${pad}}\n${outputLine(b)}\n`);
    const r = await cli(['batch', 'collect']);
    assert.match(r.stderr, /skipped line 1 of file batch_hostile1-out: it holds more than 4 MB of text besides its images/);
    assert.match(r.stdout, /saved b\.png/);
  });

  it('a custom_id answered twice is saved once', async () => {
    const { a, b } = await submit();
    api.answerBatch('batch_hostile1', completed('batch_hostile1'));
    api.serveFile('batch_hostile1-out', `${outputLine(a)}\n${outputLine(b)}\n${outputLine(a, { id: 'again' })}\n`);
    const r = await cli(['batch', 'collect']);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('saved a.png')).length, 1, r.stdout);
    assert.match(
      r.stderr,
      /skipped a\.png: line 3 of file batch_hostile1-out answers it again \(first at line 1 of file batch_hostile1-out\)/,
    );
    assert.deepEqual(history(), [], 'a second copy went to the history');
  });

  it('two collects of one run at once: the second is refused while the first holds the lock; each image is saved once', async () => {
    const { a, b } = await submit();
    api.answerBatch('batch_hostile1', completed('batch_hostile1'));
    let letGo: () => void = () => undefined;
    const held = new Promise<void>((r) => (letGo = r));
    let served = 0;
    api.serveFile('batch_hostile1-out', async (res) => {
      res.writeHead(200);
      res.write(`${outputLine(a)}\n`);
      if (served++ === 0) await held;
      res.end(`${outputLine(b)}\n`);
    });
    const first = cli(['batch', 'collect']);
    // The first collect holds the lock once it reads the file.
    while (!api.requests.includes('GET /v1/files/batch_hostile1-out/content')) await new Promise((r) => setTimeout(r, 10));
    const second = await cli(['batch', 'collect', 'batch_hostile1']);
    letGo();
    const done = await first;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /Batch batch_hostile1 is being collected by another process/);
    assert.deepEqual(history(), [], 'an image was saved twice');
    assert.ok(!existsSync(join(dir, '.image-studio/batches/batch_hostile1.lock')), 'the lock was left behind');
  });

  describe('result URLs: the name is resolved first, under the interactive rule', () => {
    const CDN = 'images.cdn.example';
    const PUBLIC_BASE = 'http://api.example.test/v1';
    for (const resolvesTo of [['169.254.169.254'], ['127.0.0.1'], ['203.0.113.9', '::ffff:169.254.169.254']]) {
      it(`a result URL whose name resolves to ${resolvesTo.join(', ')} is not downloaded`, async () => {
        const reached: string[] = [];
        // The base URL is a public name here (loopback would allow loopback results); both names reach the hostile server.
        const fetch: FetchLike = (url, init) => {
          reached.push(url);
          return undiciFetchLike(url.replace('http://api.example.test', api.url).replace(`http://${CDN}`, api.url), init);
        };
        const lookupHost: HostLookup = async (name) => (name === CDN ? resolvesTo : ['203.0.113.7']);
        const opts = { env: { OPENAI_BASE_URL: PUBLIC_BASE }, fetch, lookupHost };
        const { a, b } = await submit('batch_hostile1', opts);
        api.answerBatch('batch_hostile1', completed('batch_hostile1'));
        api.serveFile(
          'batch_hostile1-out',
          `${outputLine(a, { body: { data: [{ url: `http://${CDN}/img/a.png` }] } })}\n${outputLine(b)}\n`,
        );
        const r = await cli(['batch', 'collect'], opts);
        assert.match(r.stderr, new RegExp(`failed a\\.png: .*\\(${CDN.replace(/\./g, '\\.')}, which resolves to `));
        assert.ok(!reached.some((u) => u.includes(CDN)), `the download was attempted: ${reached.join(' ')}`);
        assert.match(r.stdout, /saved b\.png/);
      });
    }
  });
});
