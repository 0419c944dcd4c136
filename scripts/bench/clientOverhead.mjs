// Client overhead: one 1024² generation through the real CLI path (validation, request, decode,
// never-overwriting write) against a bare fetch + base64 decode + write of the same response. The
// answer is captured once from the fake server and replayed, so the fake's own image encoding is
// not part of either measurement; a second row replays a realistic (noisy) 1024² PNG.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fetch as undiciFetch } from 'undici';
import { built, interleaved, noisyPng, replayServer, row } from './benchUtil.mjs';

const KEY = 'local-bench-key';
const REQUEST = { model: 'gpt-image-1.5', prompt: 'a lighthouse at dusk', size: '1024x1024' };

async function captureFromFake() {
  const { startFakeImagesApi } = built('test/fakeServer/server');
  const fake = await startFakeImagesApi({ apiKey: KEY });
  try {
    const res = await undiciFetch(`${fake.baseUrl}/images/generations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(REQUEST) });
    return await res.text();
  } finally {
    await fake.close();
  }
}

async function measure(name, body) {
  const { runCli } = built('src/cli/run');
  const server = await replayServer(body);
  const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-'));
  let n = 0;
  const fetchLike = (url, init) => undiciFetch(url, init);
  const client = () => runCli(['generate', '--prompt', REQUEST.prompt, '--model', REQUEST.model, '--size', REQUEST.size, '--no-sidecar', '--name', `client-${n++}`, '--out', join(dir, 'client')], {
    stdout: () => {}, stderr: () => {}, stdin: Readable.from([]), env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl }, fetch: fetchLike,
  }).then((code) => { if (code !== 0) throw new Error(`CLI exit ${code}`); });
  const bare = async () => {
    const res = await undiciFetch(`${server.baseUrl}/images/generations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(REQUEST) });
    const json = await res.json();
    writeFileSync(join(dir, `bare-${n++}.png`), Buffer.from(json.data[0].b64_json, 'base64'));
  };
  try {
    const { a, b, runs } = await interleaved(client, bare, { runs: 21 });
    const ratio = a / b;
    return row(name, { value: a, baseline: b, ratio, target: '≤ 1.05×', pass: ratio <= 1.05, note: `${runs} runs, payload ${(body.length / 1024).toFixed(0)} KB` });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both rows of the client overhead bench. */
export async function benchClientOverhead() {
  const fromFake = await captureFromFake();
  const realistic = JSON.stringify({ created: 1, data: [{ b64_json: (await noisyPng()).toString('base64') }], output_format: 'png', size: '1024x1024' });
  return [await measure('client overhead (fake server answer)', fromFake), await measure('client overhead (noisy 1024² PNG answer)', realistic)];
}
