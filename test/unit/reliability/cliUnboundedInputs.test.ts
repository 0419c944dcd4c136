// Every read has a bound before it buffers, through the CLI as its own process (its peak resident
// memory read at exit, see cliProcess.ts): 600 MB on stdin for `--image -`, a 600 MB chunked
// GET /v1/models answer (no Content-Length to refuse it by), and a batch output file that never
// ends, as junk lines or as one endless line. Each stops at its bound with a clear message; the
// figures are printed for the notes.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { CANARY_KEY, TODAY } from '../support';
import { endless, startHostileBatchApi, type HostileBatchApi } from '../batch/hostileBatchApi';
import { spawnCli } from './cliProcess';

const MB = 1024 * 1024;
/** Figures for the notes. */
const FIGURES: string[] = [];

/** Writes `total` bytes of `fill` in 1 MB pieces with backpressure, then ends; stops when the reader goes away. */
function feed(total: number, fill = 0x41): { writer: (w: Writable) => void; sent: () => number } {
  let sent = 0;
  const piece = Buffer.alloc(MB, fill);
  return {
    sent: () => sent,
    writer: (w) => {
      let closed = false;
      w.on('error', () => (closed = true));
      w.on('close', () => (closed = true));
      const pump = (): void => {
        while (!closed && sent < total) {
          sent += piece.length;
          if (!w.write(piece)) return void w.once('drain', pump);
        }
        if (!closed) w.end();
      };
      pump();
    },
  };
}

describe('reliability: inputs of any size are bounded before they are buffered (CLI as a process)', function () {
  this.timeout(180000);
  let dir: string;
  after(() => {
    for (const f of FIGURES) console.log(`      figure: ${f}`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-bounds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('600 MB on stdin for --image -: refused at 50 MB, the rest never read', async () => {
    const input = feed(600 * MB);
    const r = await spawnCli(
      ['edit', '--image', '-', '--prompt', 'x', '--out', join(dir, 'out'), '--no-model-list'],
      { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', IMAGE_STUDIO_TODAY: TODAY },
      { stdin: input.writer },
    );
    FIGURES.push(
      `600 MB on stdin: peak RSS ${r.peakRssMb ?? '?'} MB, ${Math.round(input.sent() / MB)} MB written before the CLI stopped reading`,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /stdin is larger than 50 MB \(52428800 bytes\), more than any model takes as an input; it was not read further/);
    // Reading it whole peaked at 1.9 GB. The limit, Node's own buffers and the process: about 150 MB.
    assert.ok((r.peakRssMb ?? Infinity) < 250, `peak RSS ${r.peakRssMb} MB`);
    assert.ok(input.sent() < 600 * MB, 'the whole input was read');
  });

  describe('a 600 MB chunked models list', () => {
    let server: Server;
    let url = '';
    let sent = 0;
    before(async () => {
      server = createServer((req, res) => {
        if (req.url?.startsWith('/v1/models')) {
          // Chunked: no Content-Length to refuse it by.
          res.writeHead(200, { 'content-type': 'application/json' });
          const piece = Buffer.from(`${'{"id":"gpt-image-2","object":"model"},'.repeat(Math.floor(MB / 39))}`);
          res.write('{"object":"list","data":[');
          const pump = (): void => {
            while (!res.destroyed && sent < 600 * MB) {
              sent += piece.length;
              if (!res.write(piece)) return void res.once('drain', pump);
            }
            if (!res.destroyed) res.end('{"id":"x"}]}');
          };
          return pump();
        }
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } }),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('is dropped after 2 MB, and the command goes on without it', async () => {
      const r = await spawnCli(['generate', '--prompt', 'x', '--out', join(dir, 'out')], {
        OPENAI_API_KEY: CANARY_KEY,
        OPENAI_BASE_URL: url,
        IMAGE_STUDIO_TODAY: TODAY,
        XDG_CACHE_HOME: join(dir, 'cache'),
      });
      FIGURES.push(`600 MB models list: peak RSS ${r.peakRssMb ?? '?'} MB, ${Math.round(sent / MB)} MB sent before the CLI closed it`);
      // The list is only ever advice: the command went on to the request (refused here: a wrong key).
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /Incorrect API key|API key/);
      // Read whole before its 2 MB check it peaked at 1.3 GB.
      assert.ok((r.peakRssMb ?? Infinity) < 250, `peak RSS ${r.peakRssMb} MB`);
      assert.ok(sent < 600 * MB, 'the whole list was read');
    });
  });

  describe('a batch output file that never ends', () => {
    let api: HostileBatchApi;
    before(async () => {
      api = await startHostileBatchApi();
    });
    after(() => api.close());

    const cases = [
      {
        name: 'junk lines',
        writer: () => endless(`{"custom_id":"junk","response":null,"pad":"${'x'.repeat(200)}"}`),
        message: /has more than \d+ lines, more than the batch has requests/,
      },
      { name: 'one endless line', writer: endlessLine, message: /Line 1 of file file-endless is longer than 65 MB/ },
    ];
    for (const { name, writer, message } of cases) {
      it(`of ${name}: collect ends with an error naming the file, near one image's memory, with a small record`, async () => {
        const manifest = join(dir, 'image-studio.json');
        writeFileSync(manifest, JSON.stringify({ defaults: { model: 'gpt-image-2' }, assets: { 'a.png': { prompt: 'p' } } }));
        const env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: api.baseUrl, IMAGE_STUDIO_TODAY: TODAY };
        api.nextBatchId = 'batch_endless';
        assert.equal((await spawnCli(['assets', 'build', '--batch', '--manifest', manifest], env)).code, 0);
        api.answerBatch('batch_endless', api.batchObject({ id: 'batch_endless', status: 'completed', output_file_id: 'file-endless' }));
        api.serveFile('file-endless', writer());
        const r = await spawnCli(['assets', 'batch', 'collect', '--manifest', manifest], env, { maxOldSpaceMb: 512 });
        const record = readFileSync(join(dir, '.image-studio/batches/batch_endless.json'), 'utf8');
        FIGURES.push(`endless batch output (${name}): peak RSS ${r.peakRssMb ?? '?'} MB, run record ${record.length} bytes, ${r.ms} ms`);
        assert.equal(r.signal, null, `the CLI died: ${r.stderr.slice(-300)}`);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, message);
        assert.ok(record.length < 16 * 1024, `the run record is ${record.length} bytes`);
        // One 48 MB image as base64 is 65 MB: a line is never held whole as text, so the peak stays near that.
        assert.ok((r.peakRssMb ?? Infinity) < 250, `peak RSS ${r.peakRssMb} MB`);
      });
    }
  });
});

/** Bytes without a newline, forever. */
function endlessLine(): (res: ServerResponse) => Promise<void> {
  const piece = Buffer.alloc(MB, 0x78);
  return (res) =>
    new Promise<void>((done) => {
      res.writeHead(200);
      const pump = (): void => {
        while (!res.destroyed && res.write(piece));
        if (res.destroyed) done();
        else res.once('drain', pump);
      };
      res.on('close', done);
      pump();
    });
}
