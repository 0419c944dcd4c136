// Runs the built CLI (dist/cli.js) as its own process, with an optional V8 heap cap, and reports
// its peak resident memory (read by a preload script at exit) and how long it ran. For the tests
// whose subject is the process itself: that it neither grows without bound nor dies.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

/** What the process did. */
export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the process in MB (undefined when it died before its exit hook). */
  peakRssMb?: number;
  ms: number;
}

/**
 * Spawns `node [--max-old-space-size] dist/cli.js <args>` with only the given environment. `stdin`
 * feeds the process (it should end the stream; an error from a closed pipe is ignored).
 */
export async function spawnCli(
  args: string[],
  env: Record<string, string>,
  opts: { maxOldSpaceMb?: number; stdin?: (input: Writable) => void } = {},
): Promise<ProcessRun> {
  const work = mkdtempSync(join(tmpdir(), 'image-studio-proc-'));
  const report = join(work, 'peak.txt');
  const preload = join(work, 'peak.cjs');
  // The peak of this process alone: on Linux ru_maxrss survives execve, so it holds the RSS of the
  // parent (the test runner, with the fake server's files) at fork time; /proc's VmHWM does not.
  const peak = `(() => { try { return Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } })()`;
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(${peak})));\n`);
  const node = [...(opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : []), '--require', preload, CLI, ...args];
  const started = Date.now();
  const child = spawn(process.execPath, node, { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.on('error', () => undefined);
  if (opts.stdin) opts.stdin(child.stdin);
  else child.stdin.end();
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('close', (c, s) => r([c, s])));
  const ms = Date.now() - started;
  let peakRssMb: number | undefined;
  try {
    peakRssMb = Math.round(Number(readFileSync(report, 'utf8')) / 1024);
  } catch {
    peakRssMb = undefined;
  }
  rmSync(work, { recursive: true, force: true });
  return { code, signal, stdout, stderr, ms, ...(peakRssMb !== undefined ? { peakRssMb } : {}) };
}

/** What one run of the built CLI printed, and its exit code. */
export interface BuiltCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/cli.js <args>` in `cwd`, its environment only PATH, the test day (2026-06-01
 * unless `env` names another) and `env`: the CLI as a user's shell starts it, with nothing inherited.
 */
export function runBuiltCli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<BuiltCliRun> {
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
