// `image-studio assets sheet --out contact.png [--changed-since REF]`: a contact sheet of the
// manifest's assets (each one's picture, path and state) as one PNG, for a pull request's review.
// With --changed-since, only the assets whose files changed since REF (as `git diff --name-only`
// says) are on it; REF must be a plain ref, never an option or an expression git would run.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderContactSheet, type SheetEntry } from '../core/assets/contactSheet';
import { stateLabel, type AssetStatus } from '../core/assets/status';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS } from '../core/image/pngCodec';
import { sniffFormat } from '../core/image/imageInfo';
import { errorMessage } from '../core/errorMessage';
import { sidecarPath } from '../core/save/writeFiles';
import type { StatusContext } from '../core/assets/status';
import { UsageError } from './usage';

/** The most assets one sheet shows (a sheet of more is too tall to look at); the rest are counted. */
const MAX_CELLS = 300;

/**
 * A ref `git diff` may be given: branch and tag names, commit ids, HEAD~2 or main^; nothing that
 * starts with "-" (an option), no "..", "@{", ":" or spaces (ranges, reflog and path expressions).
 */
export function isPlainRef(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 200 &&
    /^[A-Za-z0-9_][A-Za-z0-9._/-]*(?:[~^]\d{0,3})*$/.test(ref) &&
    !ref.includes('..') &&
    !ref.includes('//') &&
    !ref.endsWith('.lock') &&
    !ref.endsWith('/') &&
    !ref.endsWith('.')
  );
}

/** Files changed since `ref`, relative to `dir` (git run there), as `git diff --name-only --relative` lists them. */
export function changedSince(ref: string, dir: string): Promise<Set<string>> {
  if (!isPlainRef(ref))
    throw new UsageError(`--changed-since takes a plain git ref (a branch, tag, commit or HEAD~N), not '${ref.slice(0, 80)}'`);
  return new Promise((ok, fail) => {
    // No shell: the ref is one argument, after the options and before "--".
    execFile('git', ['diff', '--name-only', '--relative', ref, '--'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`git diff --name-only ${ref} failed: ${(stderr || errorMessage(err)).trim().split('\n')[0]}`));
      else ok(new Set(stdout.split('\n').filter(Boolean)));
    });
  });
}

/** Whether any file of an asset (its path, its sizes, their sidecars) is among `changed`. */
function touched(s: AssetStatus, changed: ReadonlySet<string>): boolean {
  const files = [s.path, ...(s.resolved?.sizes.map((z) => z.path) ?? [])];
  return files.some((f) => changed.has(f) || changed.has(sidecarPath(f)));
}

async function entryOf(s: AssetStatus, ctx: StatusContext): Promise<SheetEntry> {
  const base = { path: s.path, state: stateLabel(s), code: s.state };
  if (s.state === 'missing') return { ...base, note: 'not built yet' };
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readFile(ctx.fs.join(ctx.dir, s.path));
  } catch {
    return { ...base, note: s.state === 'invalid' ? 'cannot be built' : 'cannot be read' };
  }
  const format = sniffFormat(bytes);
  if (format !== 'png') return { ...base, note: `${(format ?? 'file').toUpperCase()}: no preview` };
  try {
    return { ...base, image: await decodePng(bytes, RESULT_DECODE_LIMITS) };
  } catch {
    return { ...base, note: 'cannot be decoded' };
  }
}

/** Renders and writes the sheet; returns what is on it. */
export async function writeContactSheet(
  statuses: AssetStatus[],
  ctx: StatusContext,
  options: { out: string; changedSince?: string; columns?: number },
): Promise<{ out: string; shown: string[]; left: number; total: number }> {
  const changed = options.changedSince ? await changedSince(options.changedSince, ctx.dir) : undefined;
  const chosen = changed ? statuses.filter((s) => touched(s, changed)) : statuses;
  const shown = chosen.slice(0, MAX_CELLS);
  const entries: SheetEntry[] = [];
  for (const s of shown) entries.push(await entryOf(s, ctx));
  const what = changed ? `changed since ${options.changedSince}` : 'all';
  const more = chosen.length > shown.length ? `, ${chosen.length - shown.length} more not shown` : '';
  const sheet = renderContactSheet(entries, {
    title: `Image assets (${what}): ${shown.length} of ${statuses.length}${more}`,
    ...(options.columns ? { columns: options.columns } : {}),
  });
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, await encodeRgbaPng(sheet));
  return { out, shown: shown.map((s) => s.path), left: chosen.length - shown.length, total: statuses.length };
}
