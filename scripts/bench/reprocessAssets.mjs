// Re-processing (issue 22): 50 assets whose chain of steps changed are made again from their kept
// raw images, the CLI as a process, against a local server that counts requests: the rebuild must
// send none, and take at most twice the time of running the same chain over the 50 raw images
// once, in memory (the processing alone, without a process start, status, reads or writes).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { built, median, root, row } from './benchUtil.mjs';

const COUNT = 50;
const SIDE = 512;
const KEY = 'local-bench-key';
const CLI = join(root, 'dist', 'cli.js');

/** Answers every POST with one PNG; counts the requests. */
async function countingServer(png) {
  const body = JSON.stringify({ created: 1, data: [{ b64_json: Buffer.from(png).toString('base64') }] });
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-request-id': `req_${requests}`,
      });
      res.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests: () => requests,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
  };
}

const chain = (pad) => [
  { removeBackground: { color: '#00ff00', tolerance: 48 } },
  { trim: {} },
  { pad },
  { resize: { size: '64x64', fit: 'contain' } },
  { quantize: { colors: 16 } },
];

function manifest(dir, pad) {
  const assets = Object.fromEntries(Array.from({ length: COUNT }, (_, i) => [`sprites/s${i}.png`, { prompt: `sprite ${i}` }]));
  writeFileSync(
    join(dir, 'image-studio.json'),
    JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024', process: chain(pad) }, assets }),
  );
}

async function cliBuild(dir, baseUrl) {
  const t0 = performance.now();
  const out = await new Promise((resolve) => {
    let stdout = '';
    const child = spawn(process.execPath, [CLI, 'assets', 'build', '--json'], {
      cwd: dir,
      env: { PATH: process.env.PATH, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseUrl, IMAGE_STUDIO_TODAY: '2026-06-01' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });
  if (out.code !== 0) throw new Error(`assets build exited ${out.code}`);
  return { ms: performance.now() - t0, built: JSON.parse(out.stdout).built };
}

/** The re-process row. */
export async function benchReprocess() {
  const { keyedSpriteRgba } = built('test/fixtures/spritePatterns');
  const { encodeRgbaPng } = built('src/core/image/pngCodec');
  const { runChain } = built('src/core/image/process/chain');
  const { parseProcessSteps } = built('src/core/image/process/parseSteps');
  const png = await encodeRgbaPng(keyedSpriteRgba(SIDE, SIDE));
  const server = await countingServer(png);
  const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-reprocess-'));
  try {
    manifest(dir, 4);
    const first = await cliBuild(dir, server.baseUrl);
    const sent = server.requests();
    if (sent !== COUNT || first.built.length !== COUNT)
      throw new Error(`the first build sent ${sent} requests for ${first.built.length} assets`);
    const raws = readdirSync(join(dir, '.image-studio/raw/sprites')).map((n) => readFileSync(join(dir, '.image-studio/raw/sprites', n)));
    const again = [];
    const once = [];
    for (let round = 0; round < 3; round++) {
      const pad = round % 2 ? 4 : 8;
      manifest(dir, pad);
      const r = await cliBuild(dir, server.baseUrl);
      if (r.built.length !== COUNT || !r.built.every((b) => b.reprocessed)) throw new Error('not every asset was re-processed');
      again.push(r.ms);
      const steps = parseProcessSteps(chain(pad)).steps;
      const t0 = performance.now();
      for (const raw of raws) await runChain(raw, steps);
      once.push(performance.now() - t0);
    }
    const extra = server.requests() - sent;
    const value = median(again);
    const baseline = median(once);
    return [
      row(`re-process ${COUNT} assets whose chain changed (CLI build) vs the chain once over their raw images`, {
        value,
        baseline,
        ratio: value / baseline,
        target: '0 requests, ≤ 2×',
        pass: extra === 0 && value / baseline <= 2,
        note: `${extra} request(s) sent by the 3 re-process builds (${sent} by the first build); raw images ${SIDE}² keyed sprites, chain removeBackground → trim → pad → resize 64² → quantize 16`,
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}
