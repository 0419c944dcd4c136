// Client cost: one 1024² generation through the real CLI path (validation, request, streamed
// decode, never-overwriting write) against a bare fetch + base64 decode + write of the same
// response. On a small answer (captured once from the fake server and replayed) the difference is
// the fixed per-image cost in ms (checks, mkdir, temp file, rename), which is what it is whatever
// the image weighs; on a realistic (noisy) 1024² PNG the ratio says what a user waits for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fetch as undiciFetch } from 'undici';
import { built, interleaved, noisyPng, replayServer, row } from './benchUtil.mjs';

const KEY = 'local-bench-key';
// gpt-image-1.5 was shut down on 2026-12-01: the CLI refuses it, as it should.
const REQUEST = { model: 'gpt-image-2', prompt: 'a lighthouse at dusk', size: '1024x1024' };

async function captureFromFake() {
  const { startFakeImagesApi } = built('test/fakeServer/server');
  const fake = await startFakeImagesApi({ apiKey: KEY });
  try {
    const res = await undiciFetch(`${fake.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(REQUEST),
    });
    return await res.text();
  } finally {
    await fake.close();
  }
}

async function measure(body) {
  const { runCli } = built('src/cli/run');
  const server = await replayServer(body);
  const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-'));
  let n = 0;
  const fetchLike = (url, init) => undiciFetch(url, init);
  const client = () =>
    runCli(
      [
        'generate',
        '--prompt',
        REQUEST.prompt,
        '--model',
        REQUEST.model,
        '--size',
        REQUEST.size,
        '--no-sidecar',
        '--name',
        `client-${n++}`,
        '--out',
        join(dir, 'client'),
      ],
      {
        stdout: () => {},
        stderr: () => {},
        stdin: Readable.from([]),
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl },
        fetch: fetchLike,
      },
    ).then((code) => {
      if (code !== 0) throw new Error(`CLI exit ${code}`);
    });
  const bare = async () => {
    const res = await undiciFetch(`${server.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(REQUEST),
    });
    const json = await res.json();
    writeFileSync(join(dir, `bare-${n++}.png`), Buffer.from(json.data[0].b64_json, 'base64'));
  };
  try {
    return { ...(await interleaved(client, bare, { runs: 21 })), kb: body.length / 1024 };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fixed per-image cost (ms over bare fetch, small answer) and the large-answer ratio. */
export async function benchClientOverhead() {
  const small = await measure(await captureFromFake());
  const realistic = await measure(
    JSON.stringify({ created: 1, data: [{ b64_json: (await noisyPng()).toString('base64') }], output_format: 'png', size: '1024x1024' }),
  );
  const fixed = small.a - small.b;
  return [
    row('client: fixed per-image cost (CLI path minus bare fetch, small answer)', {
      value: fixed,
      target: 'report (≈ 2 ms)',
      pass: true,
      note: `${small.runs} runs interleaved; CLI ${small.a.toFixed(1)} ms, bare ${small.b.toFixed(1)} ms; payload ${small.kb.toFixed(0)} KB`,
    }),
    row('client: large answer (noisy 1024² PNG), CLI path vs bare fetch', {
      value: realistic.a,
      baseline: realistic.b,
      ratio: realistic.a / realistic.b,
      target: '≤ 1.05×',
      pass: realistic.a / realistic.b <= 1.05,
      note: `${realistic.runs} runs interleaved; payload ${realistic.kb.toFixed(0)} KB`,
    }),
  ];
}
