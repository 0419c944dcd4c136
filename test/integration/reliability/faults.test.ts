// Reliability through the extension: each fault of the issue, injected by the fake Images API,
// through the real Generate Image command writing with workspace.fs. Each case asserts the message
// the user gets, the retry behaviour (requests the fake saw) and the output folder afterwards:
// every image that arrived is there with its sidecar, and no temp file is left.
// Not here: the timeout (timeoutSeconds has a 10 s minimum; tested through the CLI in
// test/unit/reliability/cliFaults.test.ts) and cancel (generate.test.ts clicks Cancel; the CLI
// suite cancels at every stage).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobCommandResult } from '../../../src/host/commands/jobReporting';
import type { FakeFault } from '../../fakeServer/faults';
import type { FakeImagesApi } from '../../fakeServer/server';
import { makeUnwritable, unprotect } from '../../unit/reliability/readOnlyDir';
import { activateExtension } from '../support/extension';
import { filesIn, resetSettings, setUserSettings, TEST_KEY, useFakeApi, workspaceFolder } from '../support/fakeApi';

interface ExtensionFaultCase {
  name: string;
  faults: FakeFault[];
  args?: Record<string, unknown>;
  compatible?: boolean;
  /** Matched against `error` when nothing was saved, else against the first failure. */
  message: RegExp;
  requests: number;
  saved: number;
  failures: number;
  minGapMs?: number;
}

/** The extension's fault matrix (13 rows, plus the read-only folder below). */
export const EXTENSION_FAULT_CASES: ExtensionFaultCase[] = [
  {
    name: '401 invalid key',
    faults: [{ kind: 'invalid_key' }],
    message: /API key was refused \(401\)/,
    requests: 1,
    saved: 0,
    failures: 0,
  },
  { name: '403 verification', faults: [{ kind: 'verification' }], message: /must be verified/, requests: 1, saved: 0, failures: 0 },
  {
    name: '400 moderation',
    faults: [{ kind: 'moderation', categories: ['violence'] }],
    message: /safety system refused.*violence/,
    requests: 1,
    saved: 0,
    failures: 0,
  },
  {
    name: '400 invalid value',
    faults: [{ kind: 'invalid_value', param: 'quality' }],
    message: /Parameter: quality/,
    requests: 1,
    saved: 0,
    failures: 0,
  },
  {
    name: 'retired model: refused before sending, naming the replacement',
    faults: [],
    args: { model: 'dall-e-3', size: undefined },
    message: /dall-e-3 was retired on 2026-05-12; use gpt-image-2.6-sunburst instead\. Nothing was sent/,
    requests: 0,
    saved: 0,
    failures: 0,
  },
  {
    name: '429 with retry-after (retried after the wait)',
    faults: [{ kind: 'rate_limit', retryAfterSeconds: 1 }],
    message: /^$/,
    requests: 2,
    saved: 1,
    failures: 0,
    minGapMs: 950,
  },
  {
    name: '429 insufficient_quota (not retried)',
    faults: [{ kind: 'insufficient_quota' }],
    message: /quota is used up/,
    requests: 1,
    saved: 0,
    failures: 0,
  },
  { name: '500 then success', faults: [{ kind: 'server_error', status: 500 }], message: /^$/, requests: 2, saved: 1, failures: 0 },
  {
    name: '503 three times (maxRetries 2)',
    faults: [0, 1, 2].map(() => ({ kind: 'server_error', status: 503 }) as const),
    message: /failed \(503\)/,
    requests: 3,
    saved: 0,
    failures: 0,
  },
  { name: 'connection reset mid-body', faults: [{ kind: 'reset_mid_body' }], message: /may have run/, requests: 1, saved: 0, failures: 0 },
  { name: 'malformed JSON', faults: [{ kind: 'malformed_json' }], message: /not valid JSON/, requests: 1, saved: 0, failures: 0 },
  {
    name: 'stream cut after a partial (the other image is kept)',
    faults: [{ kind: 'stream_cut', afterEvents: 1 }],
    args: { n: 2, stream: true },
    message: /connection .*failed/,
    requests: 2,
    saved: 1,
    failures: 1,
  },
  {
    name: 'a url result whose download fails',
    faults: [{ kind: 'url_download_fail' }],
    compatible: true,
    args: { model: 'dall-e-2', size: '256x256' },
    message: /made but not saved/,
    requests: 1,
    saved: 0,
    failures: 0,
  },
];

describe('reliability: faults through Generate Image (real workspace.fs)', function () {
  this.timeout(60000);
  let fake: FakeImagesApi;
  let caseNumber = 0;

  before(async () => {
    await activateExtension();
    fake = await useFakeApi();
    await setUserSettings({ maxRetries: 2, concurrency: 2 });
  });
  beforeEach(() => {
    fake.reset();
    fake.setMode({ provider: 'openai' });
  });
  after(async () => {
    await resetSettings();
    await vscode.commands.executeCommand('notifications.clearAll');
    await fake.close();
  });

  for (const c of EXTENSION_FAULT_CASES) {
    it(c.name, async () => {
      const folder = `images/rel-fault-${++caseNumber}`;
      if (c.compatible) {
        fake.setMode({ provider: 'compatible' });
        await setUserSettings({ provider: 'compatible' });
      }
      try {
        for (const f of c.faults) fake.queueFault(f);
        const args = { prompt: 'a lighthouse at dusk', model: 'gpt-image-1.5', size: '1024x1024', outputFolder: folder, ...c.args };
        const result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', args);
        assert.equal(result.saved.length, c.saved, JSON.stringify(result));
        assert.equal(result.failures.length, c.failures, JSON.stringify(result));
        const said = c.saved === 0 ? (result.error ?? '') : (result.failures[0] ?? '');
        assert.match(said, c.message);
        assert.ok(!JSON.stringify(result).includes(TEST_KEY));
        const sent = fake.requests.filter((r) => r.method === 'POST');
        assert.equal(sent.length, c.requests, 'requests sent');
        if (c.minGapMs) assert.ok(sent[1]!.receivedAt - sent[0]!.receivedAt >= c.minGapMs, 'retried before the retry-after');
        await assertOnlyCompleteImages(folder, result.saved);
      } finally {
        if (c.compatible) await setUserSettings({ provider: undefined });
      }
    });
  }

  it('the disk refusing the write: the message says the image arrived but was not written; no temp file', async function () {
    const dir = join(workspaceFolder().uri.fsPath, 'images', 'read-only');
    mkdirSync(dir, { recursive: true });
    if (!makeUnwritable(dir)) this.skip();
    try {
      const result = await vscode.commands.executeCommand<JobCommandResult>('imageStudio.generateImage', {
        prompt: 'x',
        model: 'gpt-image-1.5',
        size: '1024x1024',
        outputFolder: 'images/read-only',
      });
      assert.deepEqual(result.saved, []);
      assert.equal(result.failures.length, 1);
      assert.match(result.failures[0]!, /Image 1 arrived but could not be written/);
      assert.equal(fake.requests.length, 1);
      assert.deepEqual(await filesIn('images/read-only'), [], 'nothing (not even a temp file) was left');
    } finally {
      unprotect(dir);
    }
  });
});

/** Every file in the folder is a saved image or its sidecar; nothing else (no temp file). */
async function assertOnlyCompleteImages(folder: string, saved: string[]): Promise<void> {
  const names = await filesIn(folder);
  const expected = saved.flatMap((rel) => {
    const name = rel.split('/').pop()!;
    return [name, `${name}.json`];
  });
  assert.deepEqual(names, expected.sort(), `files in ${folder}`);
}
