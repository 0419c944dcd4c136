import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, png, TODAY } from '../support';

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
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  let DEFAULT_MODEL_LIST: Record<string, string | null> = {};
  before(async () => {
    DEFAULT_MODEL_LIST = Object.fromEntries(
      Object.entries(
        (
          (await (await fetch(`${server.baseUrl}/models`, { headers: { Authorization: `Bearer ${CANARY_KEY}` } })).json()) as {
            data: Array<{ id: string; shutdown_date: string | null }>;
          }
        ).data,
      ).map(([, m]) => [m.id, m.shutdown_date]),
    );
    // The models-list cache goes to a folder of this run, never the user's ~/.cache.
    env = {
      OPENAI_API_KEY: CANARY_KEY,
      OPENAI_BASE_URL: server.baseUrl,
      IMAGE_STUDIO_TODAY: TODAY,
      XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'image-studio-cache-')),
    };
  });
  beforeEach(() => {
    server.setMode({ models: DEFAULT_MODEL_LIST });
    dir = mkdtempSync(join(tmpdir(), 'image-studio-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const noKey = (r: Run): void => assert.ok(!r.stdout.includes(CANARY_KEY) && !r.stderr.includes(CANARY_KEY), 'the key leaked');

  it('generate --json writes images with sidecars and prints the result', async () => {
    const r = await run(
      [
        'generate',
        '--prompt',
        'A red fox in snow',
        '--model',
        'gpt-image-1.5',
        '--today',
        '2026-11-21',
        '--size',
        '1024x1024',
        '--n',
        '2',
        '--format',
        'webp',
        '--compression',
        '50',
        '--out',
        dir,
        '--json',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      files: Array<{ path: string; sidecar: string }>;
      usage: { total_tokens: number };
      requestIds: string[];
      warnings: string[];
    };
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
    const r = await run(
      ['edit', '--image', '-', '--image', second, '--mask', mask, '--prompt', 'Put them together', '--out', out, '--json'],
      env,
      png(64, 64).bytes,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      server.requests[0]!.files.map((f) => [f.field, f.filename, f.contentType]),
      [
        ['image[]', 'stdin.png', 'image/png'],
        ['image[]', 'second.png', 'image/png'],
        ['mask', 'mask.png', 'image/png'],
      ],
    );
    const res = JSON.parse(r.stdout) as { files: Array<{ sidecar: string }> };
    const side = JSON.parse(readFileSync(res.files[0]!.sidecar, 'utf8')) as { inputs: Array<{ filename: string; sha256: string }> };
    assert.deepEqual(
      side.inputs.map((i) => i.filename),
      ['stdin.png', 'second.png', 'mask.png'],
    );
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
    const r = await run(
      ['variation', '--image', '-', '--provider', 'compatible', '--size', '256x256', '--n', '2', '--out', dir, '--json'],
      env,
      png(32, 32).bytes,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests[0]!.path, '/v1/images/variations');
    assert.equal((JSON.parse(r.stdout) as { route: string; files: unknown[] }).files.length, 2);
  });

  it('reads shutdown dates from GET /v1/models: next week warns with the date, yesterday refuses naming the replacement and the flag', async () => {
    const args = (today: string, ...more: string[]) => [
      'generate',
      '--prompt',
      'x',
      '--model',
      'gpt-image-2.5-flare',
      '--size',
      '1024x640',
      '--today',
      today,
      '--out',
      dir,
      ...more,
    ];
    // A cache per test: each date below must be asked anew.
    const fresh = () => ({ ...env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'image-studio-cache-')) });
    server.setMode({ models: { 'gpt-image-2.5-flare': '2026-12-08', 'gpt-image-2.6-sunburst': null } });
    const ahead = await run(args('2026-12-01'), fresh());
    assert.equal(ahead.code, 0, ahead.stderr);
    assert.match(
      ahead.stderr,
      /warning: gpt-image-2.5-flare shuts down on 2026-12-08 \(as the server lists it\); switch to gpt-image-2.6-sunburst/,
    );
    assert.equal(server.modelListRequests[0]!.headers.authorization, `Bearer ${CANARY_KEY}`);
    server.reset();
    const past = await run(args('2026-12-09'), fresh());
    assert.equal(past.code, 1);
    assert.match(
      past.stderr,
      /gpt-image-2.5-flare was shut down on 2026-12-08 \(as the server lists it\); use gpt-image-2.6-sunburst instead\. Nothing was sent\. Run again with --model gpt-image-2.6-sunburst, or add --use-replacement/,
    );
    assert.equal(server.requests.length, 0, 'nothing was sent');
    const switched = await run(args('2026-12-09', '--use-replacement', '--json'), fresh());
    assert.equal(switched.code, 0, switched.stderr);
    assert.equal(server.requests[0]!.fields.model, 'gpt-image-2.6-sunburst');
    server.setMode({ models: false });
    assert.equal(
      (await run(args('2026-12-09', '--no-model-list'), fresh())).code,
      0,
      'without the list the table decides (2.5 is current there)',
    );
  });

  it('--models FILE declares a model with its options; a malformed file is a usage error naming the field', async () => {
    const file = join(dir, 'models.json');
    writeFileSync(file, JSON.stringify({ models: [{ id: 'studio-local-xl', extends: 'gpt-image-2', quality: ['low', 'high'], maxN: 2 }] }));
    server.setMode({ provider: 'compatible' });
    const base = [
      'generate',
      '--provider',
      'compatible',
      '--prompt',
      'x',
      '--model',
      'studio-local-xl',
      '--size',
      '1024x640',
      '--models',
      file,
      '--out',
      dir,
      '--json',
    ];
    const ok = await run([...base, '--quality', 'high'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((JSON.parse(ok.stdout) as { warnings: string[] }).warnings, [], 'declared: no "not in the capability table" warning');
    const no = await run([...base, '--quality', 'medium'], env);
    assert.equal(no.code, 2);
    assert.match(no.stderr, /studio-local-xl does not accept quality 'medium': it accepts one of low, high/);
    writeFileSync(file, JSON.stringify([{ id: 'studio-local-xl', maxN: 'two' }]));
    const bad = await run(base, env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid model declaration: .*models\.json\[0\]\.maxN: expected a number from 1 to 100/);
  });

  it('exit 2 for invalid usage or input, with a one-line reason', async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['generate', '--prompt', 'x'], /--out <dir> is required/],
      [['generate', '--prompt', 'x', '--out', 'o', '--bogus'], /Unknown option '--bogus'/],
      [
        ['generate', '--prompt', 'x', '--size', '999x999', '--model', 'gpt-image-1.5', '--today', '2026-11-21', '--out', 'o'],
        /does not accept size '999x999': it accepts one of auto, 1024x1024/,
      ],
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
    const net = await run(['generate', '--prompt', 'x', '--out', dir, '--max-retries', '0'], {
      ...env,
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
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
