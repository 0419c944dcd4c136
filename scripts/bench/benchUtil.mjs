// Shared bench helpers: medians, timing, a replay server for captured API answers, and access to
// the modules transpiled by `build.mjs --tests` (the bench runs the built code, not the sources).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
/** Where the bench's own transpiled copy lives (apart from other people's out/). */
export const OUT_DIR = 'out-bench';
const requireHere = createRequire(import.meta.url);

/** Requires a transpiled module by its source path, e.g. built('src/cli/run'). */
export function built(sourcePath) {
  return requireHere(join(root, OUT_DIR, `${sourcePath}.js`));
}

/** Median of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds an async function takes. */
export async function timeMs(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Runs two contenders alternately (so drift on a noisy machine hits both alike) after warm-ups;
 * returns the median of each.
 */
export async function interleaved(a, b, { runs = 15, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      ta.push(await timeMs(a));
      tb.push(await timeMs(b));
    } else {
      tb.push(await timeMs(b));
      ta.push(await timeMs(a));
    }
  }
  return { a: median(ta), b: median(tb), runs };
}

/** Serves one fixed answer to every POST (after reading the request), so the server costs nothing measurable. */
export async function replayServer(body, { contentType = 'application/json' } = {}) {
  let counter = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        'x-request-id': `req_bench_${++counter}`,
      });
      res.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/** A 1024x1024 PNG of seeded noise: what a real answer weighs (a flat test image compresses to nothing). */
export async function noisyPng(width = 1024, height = 1024, seed = 1) {
  const { encodeWithSharp, noiseRgba } = built('test/fixtures/pixelPatterns');
  return encodeWithSharp(noiseRgba(width, height, seed), 'png');
}

/** One row of the result table. */
export function row(name, { value, baseline, ratio, unit = 'ms', target, pass, note = '' }) {
  return { name, value, baseline, ratio, unit, target, pass, note };
}
