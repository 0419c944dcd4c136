// A cloned repository is hostile input: its manifest, its links and its .image-studio folder.
// Through the real CLI against the fake Images API: nothing is written or read through a link out
// of the manifest's folder (a `sizes` output, .image-studio itself, a candidate), one bad entry (a
// NUL, a 256-byte name, a folder named x.png, a FIFO as input, nesting 100,000 deep) is reported
// and the rest goes on, and nothing from the manifest reaches the terminal as an escape sequence.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/run';
import { encodePng } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, TODAY, undiciFetchLike } from '../support';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const ESC = '\u001b';

describe('a hostile repository through the assets CLI', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-repo-'));
    outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const manifest = (assets: Record<string, unknown>): void =>
    writeFileSync(
      join(dir, 'image-studio.json'),
      JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' }, assets }),
    );
  const images = (): number => server.requests.filter((r) => r.endpoint).length;

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['assets', ...args, '--manifest', join(dir, 'image-studio.json')], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdin: Readable.from([]),
      env: { IMAGE_STUDIO_TODAY: TODAY, OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl },
      fetch: undiciFetchLike,
    });
    return { code, stdout, stderr };
  }

  describe('one rule for where files go', () => {
    it('a "sizes" output in a folder that links outside: refused before sending; with --force the file there is not moved in', async () => {
      writeFileSync(join(outside, 'a-16.png'), 'private');
      symlinkSync(outside, join(dir, 'icons'));
      manifest({ 'a.png': { prompt: 'a coin', sizes: { 'icons/a-16.png': '16x16' } } });
      for (const args of [['build'], ['build', '--force']]) {
        const r = await cli(args);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /icons\/a-16\.png goes through a link to .*outside the manifest's folder/);
      }
      assert.deepEqual(readdirSync(outside), ['a-16.png']);
      assert.equal(readFileSync(join(outside, 'a-16.png'), 'utf8'), 'private');
      assert.ok(!existsSync(join(dir, '.image-studio')), 'something was written into the history');
      assert.equal(images(), 0);
    });

    it('.image-studio as a link (even to a folder inside): history, candidates and records go nowhere', async () => {
      manifest({ 'a.png': { prompt: 'a coin', n: 2 } });
      mkdirSync(join(dir, 'elsewhere'));
      for (const target of [outside, join(dir, 'elsewhere')]) {
        rmSync(join(dir, '.image-studio'), { force: true });
        symlinkSync(target, join(dir, '.image-studio'));
        for (const args of [['build'], ['build', '--batch'], ['batch', 'status']]) {
          const r = await cli(args);
          assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
          assert.match(
            r.stderr,
            /\.image-studio is a link to .*; Image Studio keeps history, candidates and batch records only in a real folder/,
          );
        }
      }
      assert.deepEqual(readdirSync(outside), []);
      assert.deepEqual(readdirSync(join(dir, 'elsewhere')), []);
      assert.equal(images(), 0);
      assert.equal(server.requests.length, 0);
    });

    it('assets pick of a candidate that links to a private file fails and copies nothing', async () => {
      manifest({ 'a.png': { prompt: 'a coin', n: 2 } });
      const status = JSON.parse((await cli(['status', '--json'])).stdout) as { assets: Array<{ specHash: string }> };
      const specHash = status.assets[0]!.specHash;
      writeFileSync(join(outside, 'private.png'), encodePng(4, 4));
      const folder = join(dir, '.image-studio/candidates/a.png');
      mkdirSync(folder, { recursive: true });
      symlinkSync(join(outside, 'private.png'), join(folder, '20260101-000000-2.png'));
      writeFileSync(join(folder, '20260101-000000-2.png.json'), JSON.stringify({ candidate: { path: 'a.png', specHash } }));
      const r = await cli(['pick', 'a.png', '.image-studio/candidates/a.png/20260101-000000-2.png']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /20260101-000000-2\.png goes through a link to .*private\.png, outside the manifest's folder/);
      assert.ok(!existsSync(join(dir, 'a.png')), 'the private file was copied into the asset');
    });
  });

  describe('one bad entry stops only itself', () => {
    it('a NUL byte in a key, a 256-byte name, a folder named x.png: each reported, the others checked', async () => {
      mkdirSync(join(dir, 'x.png'));
      manifest({
        'nul\u0000.png': { prompt: 'p' },
        [`${'n'.repeat(256)}.png`]: { prompt: 'p' },
        'x.png': { prompt: 'p' },
        'ok.png': { prompt: 'p' },
      });
      const r = await cli(['check']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /image-studio\.json:1:\d+: error: Asset path "nul\\u0000\.png" contains control characters/);
      assert.match(r.stderr, /image-studio\.json:1:\d+: error: Asset path "n{256}\.png" has a name longer than 200 bytes/);
      assert.match(r.stdout, /invalid\s+x\.png {2}\(It cannot be read: .*x\.png is a folder, not a file/);
      assert.match(r.stdout, /missing\s+ok\.png/);
      const status = await cli(['status']);
      assert.match(status.stdout, /missing\s+ok\.png/);
    });

    it('a FIFO as an input: check reports it instead of waiting for a writer', function () {
      if (process.platform === 'win32') this.skip();
      if (spawnSync('mkfifo', [join(dir, 'in.png')]).status !== 0) this.skip();
      manifest({ 'a.png': { prompt: 'p', inputs: ['in.png'] }, 'b.png': { prompt: 'q' } });
      const r = spawnSync(process.execPath, [CLI, 'assets', 'check', '--manifest', join(dir, 'image-studio.json')], {
        env: { PATH: process.env.PATH ?? '', IMAGE_STUDIO_TODAY: TODAY },
        encoding: 'utf8',
        timeout: 20000,
      });
      assert.equal(r.signal, null, 'check hung on the FIFO (killed after 20 s)');
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /invalid\s+a\.png {2}\(It cannot be read: .*in\.png is not a regular file/);
      assert.match(r.stdout, /missing\s+b\.png/);
    });

    it('a manifest nested 100,000 deep is an error with its position, not a stack overflow', async () => {
      writeFileSync(
        join(dir, 'image-studio.json'),
        `{"assets": {"a.png": {"prompt": "p", "sizes": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`,
      );
      const r = await cli(['check']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /image-studio\.json:1:\d+: error: The manifest is nested more than 64 levels deep here/);
      assert.doesNotMatch(r.stderr, /call stack/);
    });
  });

  it('escape sequences in asset keys, models, styles and marker names reach the terminal escaped', async () => {
    const title = `${ESC}]0;pwned\u0007`;
    writeFileSync(
      join(dir, 'image-studio.json'),
      JSON.stringify({
        styles: { [`s${ESC}[2J`]: 'x' },
        assets: {
          [`${title}a.png`]: { prompt: 'p' },
          'b.png': { prompt: 'p', model: `m${ESC}[2J` },
          'c.png': { prompt: 'p', style: `t${ESC}[31m` },
          'd\u009b2J.png': { prompt: 'p' },
        },
      }),
    );
    mkdirSync(join(dir, '.image-studio/batches'), { recursive: true });
    writeFileSync(join(dir, `.image-studio/batches/file-${ESC}[2J.submitting`), '{}');
    for (const args of [['check'], ['status', '--json'], ['build', '--dry-run'], ['batch', 'status']]) {
      const r = await cli(args);
      const printed = r.stdout + r.stderr;
      assert.ok(
        !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(printed.replace(/\n/g, '')),
        `${args.join(' ')} printed a control character: ${JSON.stringify(printed)}`,
      );
      assert.match(printed, /\\u001b/, `${args.join(' ')}: ${printed}`);
    }
  });
});
