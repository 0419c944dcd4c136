// A submit cut off after the server made the batch (the answer lost, as when the process is killed
// at that moment) leaves a marker, and `batch status` warns about the batch no record names.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/run';
import type { FetchLike } from '../../../src/core/types';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, undiciFetchLike } from '../support';

describe('batch submit cut off after POST /batches', function () {
  this.timeout(30000);
  let dir: string;
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'image-studio-cut-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = async (argv: string[], fetch: FetchLike): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await runCli(argv, {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      stdin: Readable.from([]),
      env: { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl, IMAGE_STUDIO_TODAY: '2026-06-01' },
      fetch,
    });
    return { code, stderr };
  };

  it('leaves a marker naming the uploaded file, and status warns; a refused create leaves none', async () => {
    const manifest = join(dir, 'image-studio.json');
    writeFileSync(
      manifest,
      JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low' }, assets: { 'a.png': { prompt: 'a coin' } } }),
    );
    const lost: FetchLike = async (url, init) => {
      const res = await undiciFetchLike(url, init);
      if (init.method === 'POST' && url.endsWith('/batches')) {
        await res.text();
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
      }
      return res;
    };
    const cut = await cli(['assets', 'build', '--batch', '--manifest', manifest], lost);
    assert.equal(cut.code, 1);
    assert.equal(server.batches.list().length, 1, 'the fake made the batch');
    const left = readdirSync(join(dir, '.image-studio/batches'));
    assert.equal(left.length, 1);
    assert.match(left[0]!, /^file-\w+\.submitting$/);
    const status = await cli(['assets', 'batch', 'status', '--manifest', manifest], undiciFetchLike);
    assert.equal(status.code, 0);
    assert.match(status.stderr, /a submit was interrupted after uploading file-\w+; a batch over it may exist/);

    rmSync(join(dir, '.image-studio'), { recursive: true });
    const refusing: FetchLike = async (url, init) =>
      undiciFetchLike(
        url,
        url.endsWith('/batches')
          ? { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: 'Bearer sk-wrong' } }
          : init,
      );
    const refused = await cli(['assets', 'build', '--batch', '--manifest', manifest], refusing);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /401/);
    assert.deepEqual(existsSync(join(dir, '.image-studio/batches')) ? readdirSync(join(dir, '.image-studio/batches')) : [], []);
  });
});
