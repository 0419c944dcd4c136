// Runs the real CLI (runCli) in this process against the fake Images API, writing to a real temp
// folder, and checks what is on disk afterwards. In-process rather than spawned so tests can cancel
// through the same AbortSignal Ctrl-C uses, and stay fast.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/run';
import type { FetchLike, HostLookup } from '../../../src/core/types';
import type { FakeImagesApi } from '../../fakeServer/server';
import { CANARY_KEY, TODAY, undiciFetchLike } from '../support';
import { unprotect } from './readOnlyDir';

export { makeUnwritable } from './readOnlyDir';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's models-list cache for this test process (never the user's ~/.cache). */
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'image-studio-cache-'));

/** Runs `image-studio <argv>` with the canary key and the fake as base URL (or the given environment). */
export async function runCliAgainst(
  server: FakeImagesApi,
  argv: string[],
  opts: {
    signal?: AbortSignal;
    onStderr?: (text: string) => void;
    stdin?: Uint8Array;
    fetch?: FetchLike;
    lookupHost?: HostLookup;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => {
      stderr += t;
      opts.onStderr?.(t);
    },
    stdin: Readable.from(opts.stdin ? [Buffer.from(opts.stdin)] : []),
    env: {
      IMAGE_STUDIO_TODAY: TODAY,
      XDG_CACHE_HOME: CACHE_DIR,
      ...(opts.env ?? { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl }),
    },
    fetch: opts.fetch ?? undiciFetchLike,
    ...(opts.lookupHost ? { lookupHost: opts.lookupHost } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const run = { code, stdout, stderr };
  assert.ok(!stdout.includes(CANARY_KEY) && !stderr.includes(CANARY_KEY), 'the key was printed');
  return run;
}

/** A fresh temp folder; remove it with removeTempDir. */
export function makeTempDir(prefix = 'image-studio-rel-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a temp folder, first undoing any read-only protection a test put on it. */
export function removeTempDir(dir: string): void {
  for (const path of [dir, ...readdirSync(dir, { recursive: true }).map((p) => join(dir, String(p)))]) {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) unprotect(path);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Every file name below `dir` (relative), sorted. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

/**
 * The invariant after every run, whatever failed: no temp file, every image has its sidecar (and
 * the sidecar names no key), every file is whole. Returns the image names.
 */
export function assertOnlyCompleteImages(dir: string, expectedImages: number): string[] {
  const files = filesBelow(dir);
  assert.deepEqual(
    files.filter((f) => f.endsWith('.tmp') || f.includes('.image-studio-')),
    [],
    'a temp file was left behind',
  );
  const images = files.filter((f) => /\.(png|jpg|webp)$/.test(f));
  assert.equal(images.length, expectedImages, `images on disk: ${files.join(', ') || 'none'}`);
  for (const image of images) {
    assert.ok(files.includes(`${image}.json`), `${image} has no sidecar`);
    const sidecar = readFileSync(join(dir, `${image}.json`), 'utf8');
    assert.ok(!sidecar.includes(CANARY_KEY), 'a sidecar holds the key');
    assert.doesNotThrow(() => JSON.parse(sidecar), `${image}.json is not whole JSON`);
    const bytes = readFileSync(join(dir, image));
    assert.ok(bytes.length > 0 && (bytes[0] === 0x89 || bytes[0] === 0xff || bytes[0] === 0x52), `${image} is not an image`);
  }
  assert.equal(files.length, images.length * 2, `unexpected files: ${files.join(', ')}`);
  return images;
}

/** Resolves once `check` is true (polling every 10 ms), or rejects after `ms` worth of pauses (counted, not read from the clock). */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  for (let paused = 0; !check(); paused += 10) {
    if (paused > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
