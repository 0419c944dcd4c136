// Fan-out: n = 4 on dall-e-3 (one image per request) against the fake server in its own process with
// 500 ms latency, compared with one request; and streaming: the time from the server writing a
// partial image event's last byte to the client's onPartial callback.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fetch as undiciFetch } from 'undici';
import { built, median, noisyPng, OUT_DIR, root, row, timeMs } from './benchUtil.mjs';

const KEY = 'local-bench-key';
const fetchLike = (url, init) => undiciFetch(url, init);

/** Starts test/fakeServer/main in a child process (its image encoding stays off this process's CPU). */
async function fakeInChild(args) {
  const child = spawn(process.execPath, [join(root, OUT_DIR, 'test/fakeServer/main.js'), '--key', KEY, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return {
    ...JSON.parse(line),
    close: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Fan-out row: n = 4 on a model that makes 1 image per request, at the default concurrency. */
export async function benchFanOut() {
  const { createImagesClient } = built('src/core/client/imagesClient');
  const { generateImages, DEFAULT_CONCURRENCY } = built('src/core/engine/fanOut');
  const fake = await fakeInChild(['--provider', 'compatible', '--latency', '500']);
  const { timerClock } = built('src/core/client/retry');
  const client = createImagesClient({ kind: 'compatible', baseUrl: fake.baseUrl }, KEY, fetchLike, {
    maxRetries: 0,
    clock: timerClock(() => Date.now()),
  });
  const req = { model: 'dall-e-3', prompt: 'a tile', size: '1024x1024', responseFormat: 'b64_json' };
  try {
    await generateImages(client, { ...req, n: 1 }); // warm-up
    const one = [];
    const four = [];
    for (let i = 0; i < 5; i++) {
      one.push(await timeMs(() => generateImages(client, { ...req, n: 1 })));
      four.push(
        await timeMs(async () => {
          const r = await generateImages(client, { ...req, n: 4 });
          if (r.images.length !== 4) throw new Error('fan-out lost images');
        }),
      );
    }
    const base = median(one);
    const value = median(four);
    return [
      row(`fan-out n=4, 1 per request, 500 ms latency (default concurrency ${DEFAULT_CONCURRENCY})`, {
        value,
        baseline: base,
        ratio: value / base,
        target: '≤ 1.2×',
        pass: value / base <= 1.2,
        note: '5 runs; fake in a child process',
      }),
    ];
  } finally {
    await fake.close();
  }
}

/** Streaming row: server write → onPartial, over several requests of 3 partial images each. */
export async function benchStreaming() {
  const { createImagesClient } = built('src/core/client/imagesClient');
  const partial = (await noisyPng()).toString('base64');
  const sentAt = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' });
      for (let p = 0; p < 3; p++) {
        const event = `event: image_generation.partial_image\ndata: ${JSON.stringify({ type: 'image_generation.partial_image', b64_json: partial, partial_image_index: p, output_format: 'png' })}\n\n`;
        // All but the event's last bytes first, then (once they are surely read) the last 64: the
        // row is the time from the partial's last byte to the callback, the part the client owns.
        res.write(event.slice(0, -64));
        await new Promise((r) => setTimeout(r, 150));
        sentAt.push(performance.now());
        res.write(event.slice(-64));
        await new Promise((r) => setTimeout(r, 150));
      }
      res.end(
        `event: image_generation.completed\ndata: ${JSON.stringify({ type: 'image_generation.completed', b64_json: partial, output_format: 'png', usage: { total_tokens: 1 } })}\n\n`,
      );
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { timerClock } = built('src/core/client/retry');
  const client = createImagesClient({ kind: 'openai', baseUrl: `http://127.0.0.1:${server.address().port}/v1` }, KEY, fetchLike, {
    maxRetries: 0,
    clock: timerClock(() => Date.now()),
  });
  const latencies = [];
  try {
    for (let i = 0; i < 6; i++) {
      const received = [];
      sentAt.length = 0;
      await client.generate(
        { model: 'gpt-image-2', prompt: 'x', size: '1024x1024', stream: true, partialImages: 3 },
        { onPartial: () => received.push(performance.now()) },
      );
      if (i > 0) received.forEach((t, k) => latencies.push(t - sentAt[k]));
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  const value = median(latencies);
  return [
    row("streaming: partial's last byte sent → onPartial callback", {
      value,
      target: '≤ 20 ms',
      pass: value <= 20,
      note: `${latencies.length} partials of ${(partial.length / 1024).toFixed(0)} KB base64 (noisy 1024² PNG)`,
    }),
  ];
}
