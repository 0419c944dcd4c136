// Reliability: every fault of the list, injected by the fake Images API, through the real
// CLI writing to a real folder. Each case asserts the message a person reads, how often the request
// was sent (retry behaviour) and what is on disk afterwards: no crash, no temp file, and every image
// that arrived on disk with its sidecar.
//
// The same faults at client level (no disk) are covered by test/unit/client/: errors.test.ts
// (401, 403, moderation, invalid value, retired model, quota, 5xx, malformed JSON), retry.test.ts
// (429 retry-after, 500 then success, no retry after reset/timeout), streamAndCancel.test.ts
// (stream cut and error, cancel at each stage) and requestShapes.test.ts (url download failure).
import assert from 'node:assert/strict';
import type { FakeFault } from '../../fakeServer/faults';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { assertOnlyCompleteImages, makeTempDir, makeUnwritable, removeTempDir, runCliAgainst } from './cliHarness';

/** One row of the fault matrix. */
interface FaultCase {
  name: string;
  faults: FakeFault[];
  /** Extra CLI arguments (the base is `generate --prompt … --out <dir>`). */
  args?: string[];
  provider?: 'openai' | 'compatible';
  exit: number;
  message: RegExp;
  /** Requests the fake received: 1 means "not retried". */
  requests: number;
  images: number;
  /** Lower bound of the gap between the first two requests (a honoured retry-after). */
  minGapMs?: number;
  /** Make the output folder refuse writes first. */
  unwritable?: boolean;
}

/** The fault matrix; the count is reported with the suite. */
export const CLI_FAULT_CASES: FaultCase[] = [
  {
    name: '401 invalid key',
    faults: [{ kind: 'invalid_key' }],
    exit: 1,
    message: /API key was refused \(401\)\. Set the key again/,
    requests: 1,
    images: 0,
  },
  {
    name: '403 organization verification',
    faults: [{ kind: 'verification' }],
    exit: 1,
    message: /organization must be verified.*organization\/general/,
    requests: 1,
    images: 0,
  },
  {
    name: '400 moderation',
    faults: [{ kind: 'moderation', categories: ['violence'] }],
    exit: 1,
    message: /safety system refused.*violence/,
    requests: 1,
    images: 0,
  },
  {
    name: '400 invalid value',
    faults: [{ kind: 'invalid_value', param: 'quality' }],
    exit: 1,
    message: /refused \(400\)\. Parameter: quality/,
    requests: 1,
    images: 0,
  },
  {
    name: 'retired model: refused before sending, naming the replacement and the flag',
    faults: [],
    args: ['--model', 'dall-e-3'],
    exit: 1,
    message:
      /dall-e-3 was retired on 2026-05-12; use gpt-image-2.6-sunburst instead\. Nothing was sent\. Run again with --model gpt-image-2.6-sunburst, or add --use-replacement/,
    requests: 0,
    images: 0,
  },
  {
    name: '429 with retry-after: retried after the wait',
    faults: [{ kind: 'rate_limit', retryAfterSeconds: 1 }],
    exit: 0,
    message: /^$/,
    requests: 2,
    images: 1,
    minGapMs: 950,
  },
  {
    name: '429 insufficient_quota: not retried',
    faults: [{ kind: 'insufficient_quota' }],
    exit: 1,
    message: /quota is used up/,
    requests: 1,
    images: 0,
  },
  { name: '500 then success', faults: [{ kind: 'server_error', status: 500 }], exit: 0, message: /^$/, requests: 2, images: 1 },
  {
    name: '503 three times: gives up after 2 retries',
    faults: [0, 1, 2].map(() => ({ kind: 'server_error', status: 503 }) as const),
    exit: 1,
    message: /image service failed \(503\)/,
    requests: 3,
    images: 0,
  },
  // The retry table (README "Retries"): retried only what did not run.
  {
    name: '408 then success: retried (nothing ran)',
    faults: [{ kind: 'server_error', status: 408 }],
    exit: 0,
    message: /^$/,
    requests: 2,
    images: 1,
  },
  {
    name: '502: not retried (the upstream may still be running)',
    faults: [{ kind: 'server_error', status: 502 }],
    exit: 1,
    message: /gateway .* failed \(502\); the request may still have run \(and been billed\), so it was not retried/,
    requests: 1,
    images: 0,
  },
  {
    name: '504: not retried (the upstream may still be running)',
    faults: [{ kind: 'server_error', status: 504 }],
    exit: 1,
    message: /failed \(504\); the request may still have run/,
    requests: 1,
    images: 0,
  },
  {
    name: '429 with retry-after 120 s: fails at once naming the wait',
    faults: [{ kind: 'rate_limit', retryAfterSeconds: 120 }],
    exit: 1,
    message: /asks to wait 120 s before trying again, longer than the 60 s .* not retried/,
    requests: 1,
    images: 0,
  },
  {
    name: '429 billing_hard_limit_reached: never retried',
    faults: [{ kind: 'billing', status: 429 }],
    exit: 1,
    message: /billing hard limit was reached/,
    requests: 1,
    images: 0,
  },
  // Servers other than OpenAI: what they said is shown, bounded and without the key.
  {
    name: '422 with {"errors": [...]} (a validating proxy)',
    faults: [{ kind: 'raw_error', status: 422, body: JSON.stringify({ errors: [{ message: 'prompt is too long', field: 'prompt' }] }) }],
    exit: 1,
    message: /refused \(422\)\. The server said: prompt is too long \(prompt\)/,
    requests: 1,
    images: 0,
  },
  {
    name: '400 as plain text that quotes the key',
    faults: [
      {
        kind: 'raw_error',
        status: 400,
        body: `Bad request: key ${CANARY_KEY} has no access to ${'x'.repeat(2000)}`,
        contentType: 'text/plain',
      },
    ],
    exit: 1,
    message: /refused \(400\)\. The server said: Bad request: key \[redacted\] has no access to x{400,500}(?!x)/,
    requests: 1,
    images: 0,
  },
  {
    name: 'connection reset mid-body: not retried',
    faults: [{ kind: 'reset_mid_body' }],
    exit: 1,
    message: /connection to the image service failed; the request may have run/,
    requests: 1,
    images: 0,
  },
  {
    name: 'connection reset before any answer: not retried',
    faults: [{ kind: 'reset_before_response' }],
    exit: 1,
    message: /the request may have run/,
    requests: 1,
    images: 0,
  },
  { name: 'malformed JSON', faults: [{ kind: 'malformed_json' }], exit: 1, message: /not valid JSON/, requests: 1, images: 0 },
  {
    name: 'slow headers past the timeout: not retried once sent',
    faults: [{ kind: 'slow_headers', delayMs: 2500 }],
    args: ['--timeout', '1'],
    exit: 1,
    message: /within 1 s.*not retried/,
    requests: 1,
    images: 0,
  },
  {
    name: 'stream cut after a partial: the other image of the batch is kept',
    faults: [{ kind: 'stream_cut', afterEvents: 1 }],
    args: ['--stream', '--partial-images', '2', '--n', '2', '--concurrency', '1'],
    exit: 1,
    message: /image 1 failed: .*connection .*failed/,
    requests: 2,
    images: 1,
  },
  {
    name: 'a url result whose download fails',
    faults: [{ kind: 'url_download_fail' }],
    provider: 'compatible',
    args: ['--provider', 'compatible', '--model', 'dall-e-2', '--size', '256x256', '--response-format', 'url'],
    exit: 1,
    message: /Downloading the generated image failed \(404\); it was made but not saved/,
    requests: 1,
    images: 0,
  },
  // Checked before sending, since images are billed (a disk that fills during the write is in cliResources.test.ts).
  {
    name: 'the folder refuses writes: refused before anything is sent',
    faults: [],
    unwritable: true,
    exit: 2,
    message: /cannot write to --out .*\(EPERM|EACCES\); nothing was sent/,
    requests: 0,
    images: 0,
  },
];

describe('reliability: fault matrix through the CLI (real files)', function () {
  this.timeout(20000);
  let dir: string;
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => {
    server.setMode({ provider: 'openai', latencyMs: 0, streamEventDelayMs: 0 });
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  for (const c of CLI_FAULT_CASES) {
    it(c.name, async function () {
      if (c.unwritable && !makeUnwritable(dir)) this.skip();
      if (c.provider) server.setMode({ provider: c.provider });
      for (const f of c.faults) server.queueFault(f);
      const r = await runCliAgainst(server, ['generate', '--prompt', 'a lighthouse at dusk', '--out', dir, ...(c.args ?? [])]);
      assert.equal(r.code, c.exit, r.stderr);
      assert.match(r.stderr.replace(/^image-studio: warning: .*\n/gm, ''), c.message);
      const sent = server.requests.filter((q) => q.method === 'POST');
      assert.equal(sent.length, c.requests, `requests sent: ${sent.length}`);
      if (c.minGapMs) assert.ok(sent[1]!.receivedAt - sent[0]!.receivedAt >= c.minGapMs, 'retried before the retry-after');
      const images = assertOnlyCompleteImages(dir, c.images);
      // Success output names exactly the files on disk.
      if (c.images && c.exit === 0)
        assert.deepEqual(
          r.stdout
            .trim()
            .split('\n')
            .map((p) => p.slice(dir.length + 1))
            .sort(),
          images,
        );
    });
  }
});
