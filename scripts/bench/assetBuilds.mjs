// Asset builds through the job engine, the CLI as a process against the fake in its own process:
// eight independent assets at 1 s server latency against the ideal for the concurrency
// (latency × ⌈8 / 4⌉), and 120 assets against 60 at zero latency (linear, not quadratic), with the
// per-asset cost beyond writing the file reported. The images are small (dall-e-2 at 256x256 on a
// compatible server) so that the fake's painting, which runs on the same two cores, does not stand
// in for the build's own cost.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { median, OUT_DIR, root, row } from './benchUtil.mjs';

const KEY = 'local-bench-key';
const CLI = join(root, 'dist', 'cli.js');

async function fakeInChild(latencyMs) {
  const args = ['--key', KEY, '--latency', String(latencyMs), '--provider', 'compatible'];
  const child = spawn(process.execPath, [join(root, OUT_DIR, 'test/fakeServer/main.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { ...JSON.parse(line), close: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

/** Builds `count` independent assets in a fresh folder; returns the CLI's wall time in ms. */
async function build(baseUrl, count, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-assets-'));
  const assets = Object.fromEntries(Array.from({ length: count }, (_, i) => [`a/${i}.png`, { prompt: `tile ${i}` }]));
  writeFileSync(join(dir, 'image-studio.json'), JSON.stringify({ defaults: { model: 'dall-e-2', size: '256x256' }, assets }));
  const t0 = performance.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'assets', 'build', '--json', '--provider', 'compatible', ...extra], {
      cwd: dir,
      env: { PATH: process.env.PATH, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseUrl, IMAGE_STUDIO_TODAY: '2026-06-01' },
      stdio: 'ignore',
    });
    child.on('close', resolve);
  });
  const ms = performance.now() - t0;
  const sample = readFileSync(join(dir, 'a/0.png'));
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`assets build of ${count} exited ${code}`);
  return { ms, sample };
}

/** What writing one image and its sidecar through a temp file and a rename costs, the floor of a build. */
function writeCost(bytes, count) {
  const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-write-'));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, `.t${i}`), bytes);
    renameSync(join(dir, `.t${i}`), join(dir, `${i}.png`));
    writeFileSync(join(dir, `${i}.png.json`), '{}');
  }
  const ms = (performance.now() - t0) / count;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

/** The two asset-build rows. */
export async function benchAssetBuilds() {
  const rows = [];
  const slow = await fakeInChild(1000);
  try {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await build(slow.baseUrl, 8)).ms);
    const ideal = 1000 * Math.ceil(8 / 4);
    const ms = median(runs);
    rows.push(
      row('assets build: 8 independent assets at 1 s latency (concurrency 4)', {
        value: ms,
        baseline: ideal,
        ratio: ms / ideal,
        target: '≤ 1.3× the ideal',
        pass: ms / ideal <= 1.3,
        note: 'baseline: latency × ⌈8 / 4⌉; the CLI process start is included',
      }),
    );
  } finally {
    await slow.close();
  }
  const fast = await fakeInChild(0);
  try {
    const sixty = [];
    const twice = [];
    let sample;
    for (let i = 0; i < 3; i++) {
      const a = await build(fast.baseUrl, 60);
      sample = a.sample;
      sixty.push(a.ms);
      twice.push((await build(fast.baseUrl, 120)).ms);
    }
    const t60 = median(sixty);
    const t120 = median(twice);
    const perAsset = (t120 - t60) / 60;
    const write = writeCost(sample, 60);
    rows.push(
      row('assets build: 120 assets against 60, zero latency', {
        value: t120,
        baseline: t60,
        ratio: t120 / t60,
        target: '≤ 2.2× the time of 60',
        pass: t120 / t60 <= 2.2,
        note: `${perAsset.toFixed(1)} ms per asset, of which writing the file and sidecar ${write.toFixed(1)} ms; beyond the write ${(perAsset - write).toFixed(1)} ms (request, decode, status, hash)`,
      }),
    );
  } finally {
    await fast.close();
  }
  return rows;
}
