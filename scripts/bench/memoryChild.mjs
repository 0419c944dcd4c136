// Child of the memory bench (run with --expose-gc): sends one batch of 10 images through the
// client against the replay server named in argv and prints the peak RSS growth as JSON. Alone in
// its process so nothing else's allocations count.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch as undiciFetch } from 'undici';

const [outDir, baseUrl, mode] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { createImagesClient } = require(`${outDir}/src/core/client/imagesClient.js`);
const { generateImages } = require(`${outDir}/src/core/client/batch.js`);
const split = mode !== 'one';
const client = createImagesClient({ kind: split ? 'compatible' : 'openai', baseUrl }, 'local-bench-key', (u, i) => undiciFetch(u, i), { maxRetries: 0 });
const request = split
  ? { model: 'dall-e-3', prompt: 'x', size: '1024x1024', responseFormat: 'b64_json', n: 10 }
  : { model: 'gpt-image-1.5', prompt: 'x', size: '1024x1024', n: 10 };

// 'save' writes each request's image to disk as it arrives (onResult), as the extension and the
// CLI do, so the batch never holds all ten.
const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-'));
let written = 0;
const options = mode === 'save' ? { onResult: (r) => { for (const i of r.images) writeFileSync(join(dir, `${written++}.png`), i.bytes); } } : {};

// Warm up code paths and the connection with a throwaway batch, then measure from a clean heap.
await generateImages(client, request, options);
written = 0;
globalThis.gc();
await new Promise((r) => setTimeout(r, 50));
globalThis.gc();
const base = process.memoryUsage.rss();
let peak = base;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 2);
const result = await generateImages(client, request, options);
peak = Math.max(peak, process.memoryUsage.rss());
clearInterval(sampler);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ base, peak, growth: peak - base, images: result.images.length + written }) + '\n');
// Keep-alive sockets would hold the process open for seconds.
process.exit(0);
