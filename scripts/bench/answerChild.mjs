// Child of the answer benches (run with --expose-gc): one contender fetches `images` images from
// the replay server named in argv, in one request or one request each (4 at a time), and writes
// them to disk; prints wall time, peak RSS growth and when the first image was whole on disk.
// Alone in its process so no other row's allocations count.
//   node answerChild.mjs <outDir> <baseUrl> <contender> <images> <one|split>
// contender: ours (streamed to temp files), ours-held (no spool: decoded bytes kept, then
// written), openai (openai-node: images.generate, decode, write), bare (fetch, json, decode, write).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch as undiciFetch } from 'undici';

const [outDir, baseUrl, contender, imagesArg, mode] = process.argv.slice(2);
const images = Number(imagesArg);
const require = createRequire(import.meta.url);
const KEY = 'local-bench-key';
const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-'));
let written = 0;
let firstOnDisk;
let t0 = 0;
const onDisk = () => {
  firstOnDisk ??= performance.now() - t0;
  written++;
};

async function pool(count, run) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, count) }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

function contenderRun() {
  if (contender === 'ours' || contender === 'ours-held') {
    // The product path: the CLI's engine adapter, the job engine (fan-out, temp spool, processing,
    // placement under a free name). No sidecars, as the peers write none.
    const { createImagesClient } = require(`${outDir}/src/core/client/imagesClient.js`);
    const { timerClock } = require(`${outDir}/src/core/client/retry.js`);
    const { runJob } = require(`${outDir}/src/core/engine/runJob.js`);
    const { placeInFolder } = require(`${outDir}/src/core/engine/placeInFolder.js`);
    const { cliAdapters } = require(`${outDir}/src/cli/cliEngine.js`);
    const split = mode === 'split';
    const client = createImagesClient({ kind: split ? 'compatible' : 'openai', baseUrl }, KEY, (u, i) => undiciFetch(u, i), {
      maxRetries: 0,
      today: '2026-01-01',
      clock: timerClock(() => Date.now()),
    });
    const request = split
      ? { model: 'dall-e-3', prompt: 'x', size: '1024x1024', responseFormat: 'b64_json', n: images }
      : { model: 'gpt-image-2', prompt: 'x', size: '1024x1024', n: images };
    const cli = cliAdapters({ calendar: { now: () => new Date(0) }, transparencyFallback: false });
    // ours-held: a file system that cannot write in pieces, so the images are held, then written.
    const fs = contender === 'ours-held' ? { ...cli.fs, createStream: undefined } : cli.fs;
    const adapters = { ...cli, fs, onEvent: (e) => e.type === 'placed' && onDisk() };
    const send = { route: 'generations', request };
    return () =>
      runJob(
        { send },
        {
          client,
          adapters,
          placement: placeInFolder({ fs, dir, template: '{index}', sidecar: false, date: new Date(0), named: send }),
          concurrency: 4,
        },
      );
  }
  if (contender === 'openai') {
    const { default: OpenAI } = require('openai');
    const client = new OpenAI({ apiKey: KEY, baseURL: baseUrl, maxRetries: 0, fetch: (u, i) => undiciFetch(u, i) });
    const one = async (n) => {
      const res = await client.images.generate({ model: 'gpt-image-2', prompt: 'x', size: '1024x1024', n });
      for (const d of res.data ?? []) {
        await writeFile(join(dir, `${written}.png`), Buffer.from(d.b64_json, 'base64'));
        onDisk();
      }
    };
    return () => (mode === 'split' ? pool(images, () => one(1)) : one(images));
  }
  const one = async (n) => {
    const res = await undiciFetch(`${baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2', prompt: 'x', n }),
    });
    const json = await res.json();
    for (const d of json.data) {
      await writeFile(join(dir, `${written}.png`), Buffer.from(d.b64_json, 'base64'));
      onDisk();
    }
  };
  return () => (mode === 'split' ? pool(images, () => one(1)) : one(images));
}

const run = contenderRun();
// Warm up code paths and the connection, then measure from a clean heap.
await run();
written = 0;
firstOnDisk = undefined;
globalThis.gc();
await new Promise((r) => setTimeout(r, 50));
globalThis.gc();
const base = process.memoryUsage.rss();
let peak = base;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 2);
t0 = performance.now();
await run();
const ms = performance.now() - t0;
peak = Math.max(peak, process.memoryUsage.rss());
clearInterval(sampler);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ ms, growth: peak - base, firstOnDiskMs: firstOnDisk, images: written }) + '\n');
process.exit(0);
