// A signal mid-answer (Ctrl-C, a kill, a closed terminal) through the real CLI process: an image
// that was already whole when the signal came was made and billed, so it is placed under its real
// name with its sidecar; the image still arriving is removed; no hidden temp file is left.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { makeTempDir, removeTempDir } from './cliHarness';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Whether the file ends as a PNG does; a file the CLI removed between the listing and the read does not. */
function endsAsPng(path: string): boolean {
  try {
    return readFileSync(path).subarray(-8).equals(PNG_END);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Resolves once a temp file (or a file already placed) in `dir` holds a whole PNG: the first image. */
async function firstImageWhole(dir: string): Promise<void> {
  for (;;) {
    // A temp file may be moved into place (or removed) between the listing and the read.
    const files = readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.endsWith('.png'));
    if (files.some((n) => endsAsPng(join(dir, n)))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('reliability: a signal mid-answer through the CLI', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => removeTempDir(dir));

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    it(`${signal}: the whole image is saved under its name with its sidecar, the partial one removed`, async () => {
      // The answer stops after its first image and waits: the signal comes in that pause.
      server.queueFault({ kind: 'slow_body', pauseMs: 20000 });
      const child = spawn(process.execPath, [CLI, 'generate', '--prompt', 'two harbours', '--n', '2', '--out', dir], {
        env: {
          PATH: process.env.PATH ?? '',
          OPENAI_API_KEY: CANARY_KEY,
          OPENAI_BASE_URL: server.baseUrl,
          IMAGE_STUDIO_TODAY: '2026-06-01',
        },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const closed = new Promise<number | null>((r) => child.on('close', r));
      await firstImageWhole(dir);
      child.kill(signal);
      const code = await closed;
      assert.equal(code, 1, stderr);
      const names = readdirSync(dir).sort();
      assert.deepEqual(
        names.filter((n) => n.endsWith('.tmp')),
        [],
        'no hidden temp file is left',
      );
      const images = names.filter((n) => n.endsWith('.png'));
      assert.equal(images.length, 1, `one image was whole: ${names.join(', ')}`);
      assert.ok(names.includes(`${images[0]}.json`), 'it has its sidecar');
      assert.ok(readFileSync(join(dir, images[0]!)).subarray(-8).equals(PNG_END), 'it is the whole image');
      assert.match(stderr, /were whole when the request stopped; they were saved/);
    });
  }
});
