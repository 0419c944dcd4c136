// A model OpenAI retired may still be served by a compatible server: the manifest does not refuse
// it, the build asks the server, and on OpenAI the build says why nothing was made.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseManifest } from '../../../src/core/assets/manifest';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const MANIFEST = JSON.stringify({ defaults: { model: 'dall-e-2', size: '256x256' }, assets: { 'a/tile.png': { prompt: 'a tile' } } });

function run(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', IMAGE_STUDIO_TODAY: '2026-06-01', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.end();
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

describe('a model retired on OpenAI, in a manifest (CLI process, fake API)', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-retired-'));
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is no manifest error: retirement depends on the provider', () => {
    assert.deepEqual(
      parseManifest(MANIFEST).problems.map((p) => p.message),
      [],
    );
  });

  it('builds on a compatible server that still serves it', async () => {
    server.setMode({ provider: 'compatible' });
    const r = await run(dir, ['assets', 'build', '--provider', 'compatible'], {
      OPENAI_API_KEY: CANARY_KEY,
      OPENAI_BASE_URL: server.baseUrl,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'a/tile.png')));
  });

  it('on OpenAI, fails the asset naming the replacement, sends nothing and never claims "up to date"', async () => {
    const r = await run(dir, ['assets', 'build'], { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /dall-e-2 was retired on 2026-05-12; use gpt-image-2\.6-sunburst/);
    assert.doesNotMatch(r.stdout, /up to date/);
    assert.equal(existsSync(join(dir, 'a/tile.png')), false);
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });
});
