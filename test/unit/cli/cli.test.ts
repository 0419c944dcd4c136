import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { CANARY_KEY, png } from '../support';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>, stdin?: Uint8Array): Promise<Run> {
  // A clean environment: no proxy variables from the machine, only what the test sets.
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.end(stdin ? Buffer.from(stdin) : undefined);
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

describe('image-studio CLI (dist/cli.js)', function () {
  this.timeout(20000);
  let server: FakeImagesApi;
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    server = await startFakeImagesApi({ apiKey: CANARY_KEY });
    // The models-list cache goes to a folder of this run, never the user's ~/.cache.
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'image-studio-cache-')) };
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    server.setMode({ provider: 'openai', apiKey: CANARY_KEY });
    dir = mkdtempSync(join(tmpdir(), 'image-studio-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const noKey = (r: Run): void => assert.ok(!r.stdout.includes(CANARY_KEY) && !r.stderr.includes(CANARY_KEY), 'the key leaked');

  it('generate --json writes images with sidecars and prints the result', async () => {
    const r = await run(['generate', '--prompt', 'A red fox in snow', '--model', 'gpt-image-1.5', '--today', '2026-11-21', '--size', '1024x1024', '--n', '2', '--format', 'webp', '--compression', '50', '--out', dir, '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: Array<{ path: string; sidecar: string }>; usage: { total_tokens: number }; requestIds: string[]; warnings: string[] };
    assert.equal(out.files.length, 2);
    assert.match(out.files[0]!.path, /a-red-fox-in-snow-\d{8}-\d{6}-1\.webp$/);
    assert.equal(readImageInfo(readFileSync(out.files[1]!.path))?.format, 'webp');
    const side = JSON.parse(readFileSync(out.files[0]!.sidecar, 'utf8')) as Record<string, unknown>;
    assert.equal(side.prompt, 'A red fox in snow');
    assert.deepEqual(side.requestIds, out.requestIds);
    assert.ok(out.usage.total_tokens > 0);
    assert.match(out.warnings.join(), /shuts down on 2026-12-01/);
    noKey(r);
  });

  it('generate prints each written path, never overwrites, and honours --no-sidecar', async () => {
    writeFileSync(join(dir, 'fixed.png'), 'precious');
    const r = await run(['generate', '--prompt', 'x', '--size', '1024x640', '--name', 'fixed', '--no-sidecar', '--out', dir], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${join(dir, 'fixed-2.png')}\n`);
    assert.equal(readFileSync(join(dir, 'fixed.png'), 'utf8'), 'precious');
    assert.deepEqual(readdirSync(dir).sort(), ['fixed-2.png', 'fixed.png'], 'no temp or sidecar files left');
  });

  it('generate --stream reports partials on stderr', async () => {
    const r = await run(['generate', '--prompt', 'x', '--size', '1024x640', '--stream', '--partial-images', '2', '--out', dir], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /partial image 2 of image 1 received/);
    assert.equal(server.requests[0]!.fields.stream, true);
  });

  it('edit reads an image from stdin plus a file and a mask', async () => {
    const second = join(dir, 'second.png');
    const mask = join(dir, 'mask.png');
    writeFileSync(second, png(64, 64).bytes);
    writeFileSync(mask, png(64, 64, 'm', { alpha: 'transparent-left' }).bytes);
    const out = join(dir, 'out');
    const r = await run(['edit', '--image', '-', '--image', second, '--mask', mask, '--prompt', 'Put them together', '--out', out, '--json'], env, png(64, 64).bytes);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(server.requests[0]!.files.map((f) => [f.field, f.filename, f.contentType]), [
      ['image[]', 'stdin.png', 'image/png'],
      ['image[]', 'second.png', 'image/png'],
      ['mask', 'mask.png', 'image/png'],
    ]);
    const res = JSON.parse(r.stdout) as { files: Array<{ sidecar: string }> };
    const side = JSON.parse(readFileSync(res.files[0]!.sidecar, 'utf8')) as { inputs: Array<{ filename: string; sha256: string }> };
    assert.deepEqual(side.inputs.map((i) => i.filename), ['stdin.png', 'second.png', 'mask.png']);
    assert.match(side.inputs[0]!.sha256, /^[0-9a-f]{64}$/);
  });

  it('variation on OpenAI goes through /edits with the newest model and records the route', async () => {
    const img = join(dir, 'photo.png');
    writeFileSync(img, png(64, 64).bytes);
    const r = await run(['variation', '--image', img, '--out', dir, '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests[0]!.path, '/v1/images/edits');
    assert.equal(server.requests[0]!.fields.model, 'gpt-image-2.6-sunburst');
    const res = JSON.parse(r.stdout) as { route: string; files: Array<{ sidecar: string }> };
    assert.equal(res.route, 'edits');
    assert.equal((JSON.parse(readFileSync(res.files[0]!.sidecar, 'utf8')) as { route: string }).route, 'edits');
  });

  it('variation on a compatible server uses /variations with dall-e-2 (stdin input)', async () => {
    server.setMode({ provider: 'compatible' });
    const r = await run(['variation', '--image', '-', '--provider', 'compatible', '--size', '256x256', '--n', '2', '--out', dir, '--json'], env, png(32, 32).bytes);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests[0]!.path, '/v1/images/variations');
    assert.equal((JSON.parse(r.stdout) as { route: string; files: unknown[] }).files.length, 2);
  });

  it('exit 2 for invalid usage or input, with a one-line reason', async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['generate', '--prompt', 'x'], /--out <dir> is required/],
      [['generate', '--prompt', 'x', '--out', 'o', '--bogus'], /Unknown option '--bogus'/],
      [['generate', '--prompt', 'x', '--size', '999x999', '--model', 'gpt-image-1.5', '--today', '2026-11-21', '--out', 'o'], /does not accept size '999x999': it accepts one of auto, 1024x1024/],
      [['generate', '--prompt', 'x', '--out', 'o'], /set OPENAI_API_KEY/, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }],
      [['edit', '--image', join(__dirname, 'cli.test.js'), '--prompt', 'x', '--out', 'o'], /is not a PNG, JPEG or WebP image/],
      [['edit', '--image', '/nonexistent.png', '--prompt', 'x', '--out', 'o'], /ENOENT/],
      [['variation', '--image', 'a.png', '--style', 'vivid', '--out', 'o'], /--style does not apply to variation/],
      [['paint'], /unknown command 'paint'/],
    ];
    for (const [args, pattern, e] of cases) {
      const r = await run(args, e ?? env);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });

  it('exit 1 for API and network failures; the canary key never appears', async () => {
    server.setMode({ apiKey: 'sk-another' });
    const r = await run(['generate', '--prompt', 'x', '--out', dir], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^image-studio: The API key was refused \(401\)\. Set the key again\. \(request id req_fake_\d+\)\n$/);
    noKey(r);
    server.setMode({ apiKey: CANARY_KEY });
    server.queueFault({ kind: 'moderation', categories: ['violence'] });
    const m = await run(['generate', '--prompt', 'x', '--out', dir, '--json'], env);
    assert.equal(m.code, 1);
    assert.match(m.stderr, /violence/);
    assert.deepEqual(Object.keys(JSON.parse(m.stdout) as object), ['ok', 'error']);
    assert.equal((JSON.parse(m.stdout) as { error: { kind: string } }).error.kind, 'moderation');
    noKey(m);
    const net = await run(['generate', '--prompt', 'x', '--out', dir, '--max-retries', '0'], { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    assert.equal(net.code, 1);
    assert.match(net.stderr, /Could not connect|connection/i);
    noKey(net);
    assert.ok(!existsSync(join(dir, 'x.png')));
  });

  it('--help works for the tool and each subcommand', async () => {
    for (const cmd of ['generate', 'edit', 'variation']) {
      const r = await run([cmd, '--help'], {});
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: image-studio ${cmd}`));
    }
    const top = await run(['--help'], {});
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Exit codes/);
  });
});
