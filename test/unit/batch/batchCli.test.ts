// The "Done when" through the real CLI as a process (dist/cli.js) against the fake Batch
// API: thirty assets go in one batch; status walks the states; a collect killed halfway and run
// again saves each image exactly once; failed lines are reported and stay stale; an expired batch
// keeps what completed; a server without a Batch API falls back to interactive builds.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodePng } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `image-studio assets <args>`; `onStdout` may kill it (it gets the child). */
function run(cwd: string, args: string[], env: Record<string, string>, onStdout?: (all: string, kill: () => void) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, 'assets', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', IMAGE_STUDIO_TODAY: '2026-06-01', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    onStdout?.(stdout, () => child.kill('SIGKILL'));
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.end();
  return new Promise((r) =>
    child.on('close', (code) => {
      assert.ok(!stdout.includes(CANARY_KEY) && !stderr.includes(CANARY_KEY), 'the key was printed');
      r({ code, stdout, stderr });
    }),
  );
}

const paths = (n: number): string[] => Array.from({ length: n }, (_, i) => `sprites/s${String(i).padStart(2, '0')}.png`);

function manifest(assets: Record<string, Record<string, unknown>>): string {
  return JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' }, assets }, null, 2);
}

const thirty = (): string => manifest(Object.fromEntries(paths(30).map((p, i) => [p, { prompt: `sprite number ${i}` }])));

describe('image-studio assets build --batch and batch status|collect|cancel (as a process)', function () {
  this.timeout(120000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl };
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-batch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const posts = (path: string): number => server.requests.filter((r) => r.method === 'POST' && r.path === path).length;
  const sidecar = (
    p: string,
  ): { asset: { specHash: string }; batch?: { id: string; requestId: string; customId: string }; requestIds: string[] } =>
    JSON.parse(readFileSync(join(dir, `${p}.json`), 'utf8'));
  const history = (): string[] =>
    existsSync(join(dir, '.image-studio/history'))
      ? readdirSync(join(dir, '.image-studio/history'), { recursive: true })
          .map(String)
          .filter((f) => f.includes('.'))
      : [];
  const submit = async (): Promise<string> => {
    const r = await run(dir, ['build', '--batch'], env);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };
  const finish = async (): Promise<void> => {
    await server.batches.advance();
    await server.batches.advance();
    await server.batches.advance();
  };

  it('thirty assets: one batch submitted and the CLI returns; status walks the states; collect saves all; again saves nothing', async () => {
    writeFileSync(join(dir, 'image-studio.json'), thirty());
    const id = await submit();
    assert.match(id, /^batch_\w+$/);
    assert.equal(posts('/v1/batches'), 1, 'one batch');
    assert.equal(posts('/v1/files'), 1);
    assert.equal(server.requests.filter((r) => r.endpoint).length, 0, 'no interactive image request');
    const record = JSON.parse(readFileSync(join(dir, `.image-studio/batches/${id}.json`), 'utf8')) as {
      assets: Array<{ path: string; customId: string }>;
      inputFileId: string;
    };
    assert.deepEqual(record.assets.map((a) => a.path).sort(), paths(30));
    assert.match(record.assets[0]!.customId, /^sprites\/s\d\d\.png#[0-9a-f]{64}$/);
    assert.match(record.inputFileId, /^file-/);

    const again = await run(dir, ['build', '--batch'], env);
    assert.match(again.stderr, /already in batch/);
    assert.equal(posts('/v1/batches'), 1, 'a second build --batch resubmitted assets already in a batch');

    const status = async (): Promise<string> => (await run(dir, ['batch', 'status'], env)).stdout;
    assert.match(await status(), new RegExp(`${id}\\s+validating`));
    await server.batches.advance();
    await server.batches.process(12);
    assert.match(await status(), /in_progress\s+12\/30 done, 0 failed/);
    await server.batches.advance();
    assert.match(await status(), /finalizing\s+30\/30 done/);
    const early = await run(dir, ['batch', 'collect', id], env);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /is finalizing; collect it once it has finished/);
    await server.batches.advance();
    assert.match(await status(), /completed\s+30\/30 done, 0 failed/);

    const collected = await run(dir, ['batch', 'collect'], env);
    assert.equal(collected.code, 0, collected.stderr);
    assert.equal(collected.stdout.split('\n').filter((l) => l.startsWith('saved ')).length, 30);
    for (const p of paths(30)) {
      const s = sidecar(p);
      assert.equal(s.batch?.id, id);
      assert.match(s.batch!.requestId, /^req_batch_/);
      assert.deepEqual(s.requestIds, [s.batch!.requestId]);
    }
    const check = await run(dir, ['check'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(check.code, 0, check.stdout + check.stderr);

    const twice = await run(dir, ['batch', 'collect', id], env);
    assert.equal(twice.code, 0, twice.stderr);
    assert.doesNotMatch(twice.stdout, /^saved /m);
    assert.match(twice.stderr, /0 saved, 30 already saved, 0 failed/);
    assert.deepEqual(history(), [], 'an image was saved twice (the first copy went to the history)');
  });

  it('killed mid-collect and run again: each image saved exactly once', async () => {
    writeFileSync(join(dir, 'image-studio.json'), thirty());
    const id = await submit();
    await finish();
    server.batches.paceDownloads(40);
    const killed = await run(
      dir,
      ['batch', 'collect', id],
      env,
      (out, kill) => out.split('\n').filter((l) => l.startsWith('saved ')).length >= 5 && kill(),
    );
    assert.equal(killed.code, null, 'the CLI was not killed');
    const first = killed.stdout.split('\n').filter((l) => l.startsWith('saved ')).length;
    assert.ok(first >= 5 && first < 30, `saved ${first} before the kill`);
    server.batches.paceDownloads(0);
    const resumed = await run(dir, ['batch', 'collect', id], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    const second = resumed.stdout.split('\n').filter((l) => l.startsWith('saved ')).length;
    // An image placed just before the kill may still lack its sidecar: the second run finishes it.
    assert.ok(first + second >= 30 && first + second <= 31, `saved ${first} + ${second}`);
    assert.deepEqual(history(), [], 'an image was saved twice');
    const files = readdirSync(join(dir, 'sprites'));
    assert.deepEqual(
      files.filter((f) => !f.endsWith('.png') && !f.endsWith('.png.json')),
      [],
      'a temp file was left',
    );
    assert.equal(files.filter((f) => f.endsWith('.png')).length, 30);
    for (const p of paths(30)) assert.equal(sidecar(p).batch?.id, id);
    assert.equal((await run(dir, ['check'], { OPENAI_BASE_URL: server.baseUrl })).code, 0);
  });

  it('failed lines are reported with their errors and stay stale; the next build --batch takes only them', async () => {
    writeFileSync(join(dir, 'image-studio.json'), thirty());
    server.batches.failRequests((customId) => customId.startsWith('sprites/s03.png') || customId.startsWith('sprites/s17.png'));
    const id = await submit();
    await finish();
    const collected = await run(dir, ['batch', 'collect', id], env);
    assert.equal(collected.code, 1);
    assert.match(collected.stderr, /failed sprites\/s03\.png: The safety system refused this request/);
    assert.match(collected.stderr, /failed sprites\/s17\.png/);
    assert.match(collected.stderr, /28 saved, 0 already saved, 2 failed/);
    const status = await run(dir, ['status'], env);
    assert.match(status.stdout, /missing\s+sprites\/s03\.png/);
    assert.match(status.stdout, /missing\s+sprites\/s17\.png/);
    server.reset();
    const next = await run(dir, ['build', '--batch', '--json'], env);
    const out = JSON.parse(next.stdout) as { batches: Array<{ assets: string[] }> };
    assert.deepEqual(
      out.batches.map((b) => b.assets.sort()),
      [['sprites/s03.png', 'sprites/s17.png']],
    );
  });

  it('an expired batch keeps what completed; the rest stays missing', async () => {
    writeFileSync(join(dir, 'image-studio.json'), thirty());
    const id = await submit();
    await server.batches.advance();
    await server.batches.process(10);
    await server.batches.expire();
    assert.match((await run(dir, ['batch', 'status', id], env)).stdout, /expired\s+10\/30 done, 20 failed/);
    const collected = await run(dir, ['batch', 'collect', id], env);
    assert.equal(collected.code, 1);
    assert.match(collected.stderr, /10 saved, 0 already saved, 20 failed/);
    assert.match(collected.stderr, /batch_expired/);
    const status = (await run(dir, ['status', '--json'], env)).stdout;
    const states = (JSON.parse(status) as { assets: Array<{ state: string }> }).assets.map((a) => a.state);
    assert.deepEqual([states.filter((s) => s === 'up-to-date').length, states.filter((s) => s === 'missing').length], [10, 20]);
  });

  it('cancel: the batch goes to cancelling, and what it finished is collected', async () => {
    writeFileSync(join(dir, 'image-studio.json'), thirty());
    const id = await submit();
    await server.batches.advance();
    await server.batches.process(4);
    const cancel = await run(dir, ['batch', 'cancel'], env);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, new RegExp(`${id}\\s+cancelling`));
    await server.batches.advance();
    const collected = await run(dir, ['batch', 'collect', id], env);
    assert.match(collected.stderr, /\(cancelled\): 4 saved, 0 already saved, 26 failed/);
  });

  it('edits go as JSON bodies with data-URL inputs on their own batch; an asset waiting for an input asset waits', async () => {
    writeFileSync(join(dir, 'ref.png'), encodePng(64, 64));
    writeFileSync(
      join(dir, 'image-studio.json'),
      manifest({
        'a.png': { prompt: 'a coin' },
        'b.png': { prompt: 'the ref at night', inputs: ['ref.png'] },
        'c.png': { prompt: 'the coin at night', inputs: ['a.png'] },
      }),
    );
    const r = await run(dir, ['build', '--batch', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      batches: Array<{ id: string; endpoint: string; assets: string[] }>;
      skipped: Array<{ path: string }>;
    };
    assert.deepEqual(out.batches.map((b) => [b.endpoint, b.assets]).sort(), [
      ['/v1/images/edits', ['b.png']],
      ['/v1/images/generations', ['a.png']],
    ]);
    assert.deepEqual(
      out.skipped.map((s) => s.path),
      ['c.png'],
    );
    for (const b of server.batches.list()) while (b.status !== 'completed') await server.batches.advance(String(b.id));
    const collected = await run(dir, ['batch', 'collect'], env);
    assert.equal(collected.code, 0, collected.stderr);
    assert.match(collected.stdout, /saved b\.png/);
    assert.equal(sidecar('b.png').batch?.id, out.batches.find((b) => b.endpoint.endsWith('edits'))!.id);
    const next = JSON.parse((await run(dir, ['build', '--batch', '--json'], env)).stdout) as { batches: Array<{ assets: string[] }> };
    assert.deepEqual(
      next.batches.map((b) => b.assets),
      [['c.png']],
    );
  });

  it('a refused key: exit 1 with the reason, and the key the server quoted back is never printed', async () => {
    writeFileSync(join(dir, 'image-studio.json'), thirty());
    server.setMode({ apiKey: 'sk-the-real-one' });
    try {
      const r = await run(dir, ['build', '--batch'], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /The API key was refused \(401\)/);
      assert.equal(existsSync(join(dir, '.image-studio/batches')), false, 'a run was recorded for a batch that does not exist');
    } finally {
      server.setMode({ apiKey: CANARY_KEY });
    }
  });

  it('a compatible server without a declared Batch API: says so and builds interactively', async () => {
    server.setMode({ provider: 'compatible', apiKey: '' });
    try {
      writeFileSync(join(dir, 'image-studio.json'), manifest({ 'a.png': { prompt: 'a coin' } }));
      const r = await run(dir, ['build', '--batch', '--provider', 'compatible', '--base-url', server.baseUrl], {});
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /not declared to have a Batch API.*Building interactively instead/);
      assert.match(r.stdout, /built a\.png/);
      assert.equal(posts('/v1/batches'), 0);
      const status = await run(dir, ['batch', 'status', '--provider', 'compatible', '--base-url', server.baseUrl], {});
      assert.equal(status.code, 2);
    } finally {
      server.setMode({ provider: 'openai', apiKey: CANARY_KEY });
    }
  });
});
