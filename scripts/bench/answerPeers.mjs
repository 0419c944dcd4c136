// Answers of real weight, each contender in its own child process (answerChild.mjs) against the
// same replay server in this process: peak RSS growth and time for ten noisy 1024² images (one
// request, and ten requests) as a ratio to one image's bytes; the same for openai-node and a bare
// fetch; one 3840x2160 image; and the time until the first of n = 4 images in one request is
// whole on disk while the answer arrives at a steady rate.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, noisyPng, OUT_DIR, replayServer, root, row } from './benchUtil.mjs';

// Peak RSS of one run varies by a few MB with when V8 collects: five runs make the median stable.
const RUNS = 5;
const answer = (png, n) =>
  JSON.stringify({
    created: 1,
    data: Array.from({ length: n }, () => ({ b64_json: png.toString('base64') })),
    usage: { total_tokens: 1 },
    output_format: 'png',
    size: '1024x1024',
  });

async function child(baseUrl, contender, images, mode) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', join(root, 'scripts/bench/answerChild.mjs'), join(root, OUT_DIR), baseUrl, contender, String(images), mode],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const r = JSON.parse(stdout.trim().split('\n').pop());
  if (r.images !== images) throw new Error(`${contender} ${mode} wrote ${r.images} of ${images} images`);
  return r;
}

async function medianOf(baseUrl, contender, images, mode) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await child(baseUrl, contender, images, mode));
  return { ms: median(runs.map((r) => r.ms)), growth: median(runs.map((r) => r.growth)), first: median(runs.map((r) => r.firstOnDiskMs)) };
}

/** Serves `body` in 256 KB pieces every 4 ms (about 60 MB/s), so the order things finish in shows. */
async function throttledServer(body) {
  const bytes = Buffer.from(body);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
      for (let at = 0; at < bytes.length && !res.destroyed; at += 262144) {
        res.write(bytes.subarray(at, at + 262144));
        await new Promise((r) => setTimeout(r, 4));
      }
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/** Memory and time rows, ours beside openai-node and bare fetch. */
export async function benchAnswerPeers() {
  const png = await noisyPng();
  const mb = png.length / 1048576;
  const rows = [];
  const results = {};
  for (const [key, n, mode] of [
    ['one10', 10, 'one'],
    ['split10', 10, 'split'],
    ['one1', 1, 'one'],
  ]) {
    const server = await replayServer(answer(png, mode === 'split' ? 1 : n));
    try {
      for (const contender of ['ours', 'ours-held', 'openai', 'bare']) {
        if (contender === 'ours-held' && key === 'one1') continue;
        results[`${contender}-${key}`] = await medianOf(server.baseUrl, contender, n, mode);
      }
    } finally {
      await server.close();
    }
  }
  const label = {
    ours: 'Image Studio (streamed to disk)',
    'ours-held': 'Image Studio (no spool: decoded bytes held)',
    openai: 'openai-node 6 (generate + decode + write)',
    bare: 'bare fetch (json + decode + write)',
  };
  for (const [key, what] of [
    ['one10', '10 images, one request'],
    ['split10', '10 images, 10 requests (4 at a time)'],
    ['one1', '1 image'],
  ]) {
    for (const contender of ['ours', 'ours-held', 'openai', 'bare']) {
      const r = results[`${contender}-${key}`];
      if (!r) continue;
      const ratio = r.growth / png.length;
      const ours = contender === 'ours' && key !== 'one1';
      rows.push(
        row(`memory: ${what}, ${label[contender]}`, {
          value: r.growth / 1048576,
          baseline: mb,
          ratio,
          unit: 'MB',
          target: ours ? '≤ 3× one image' : 'peer',
          pass: ours ? ratio <= 3 : true,
          note: `peak RSS growth, median of ${RUNS} child runs; ${r.ms.toFixed(0)} ms; baseline = one noisy 1024² PNG`,
        }),
      );
    }
  }
  const peerGrowth = results['openai-one10'].growth;
  rows.push(
    row('memory: 10 images in one request, Image Studio vs openai-node', {
      value: results['ours-one10'].growth / 1048576,
      baseline: peerGrowth / 1048576,
      ratio: results['ours-one10'].growth / peerGrowth,
      unit: 'MB',
      target: '≪ 1× (well below the peer)',
      pass: results['ours-one10'].growth / peerGrowth <= 0.33,
    }),
  );
  for (const key of ['one10', 'split10', 'one1']) {
    rows.push(
      row(
        `time: ${key === 'one1' ? '1 image' : key === 'one10' ? '10 images, one request' : '10 images, 10 requests'}, Image Studio vs openai-node`,
        {
          value: results[`ours-${key}`].ms,
          baseline: results[`openai-${key}`].ms,
          ratio: results[`ours-${key}`].ms / results[`openai-${key}`].ms,
          target: 'report',
          pass: true,
          note: `bare fetch ${results[`bare-${key}`].ms.toFixed(0)} ms`,
        },
      ),
    );
  }

  // One 3840x2160 image (gpt-image-2's largest).
  const big = await noisyPng(3840, 2160);
  const bigServer = await replayServer(answer(big, 1));
  try {
    const r = {};
    for (const contender of ['ours', 'openai', 'bare']) r[contender] = await medianOf(bigServer.baseUrl, contender, 1, 'one');
    for (const contender of ['ours', 'openai', 'bare']) {
      rows.push(
        row(`3840x2160: 1 image, ${label[contender]}`, {
          value: r[contender].ms,
          baseline: r.openai.ms,
          ratio: r[contender].ms / r.openai.ms,
          target: 'report',
          pass: true,
          note: `peak RSS growth ${(r[contender].growth / 1048576).toFixed(0)} MB (${(r[contender].growth / big.length).toFixed(2)}× the ${(big.length / 1048576).toFixed(1)} MB PNG)`,
        }),
      );
    }
  } finally {
    await bigServer.close();
  }

  // n = 4 in one request at a steady rate: when is the first image whole on disk?
  const slow = await throttledServer(answer(png, 4));
  try {
    const r = {};
    for (const contender of ['ours', 'openai', 'bare']) r[contender] = await medianOf(slow.baseUrl, contender, 4, 'one');
    rows.push(
      row('first image on disk, n = 4 in one request (~60 MB/s answer), Image Studio vs openai-node', {
        value: r.ours.first,
        baseline: r.openai.first,
        ratio: r.ours.first / r.openai.first,
        target: '< 1×',
        pass: r.ours.first < r.openai.first,
        note: `bare fetch ${r.bare.first.toFixed(0)} ms; all four on disk: ours ${r.ours.ms.toFixed(0)} ms, openai-node ${r.openai.ms.toFixed(0)} ms, bare ${r.bare.ms.toFixed(0)} ms`,
      }),
    );
  } finally {
    await slow.close();
  }
  return rows;
}
