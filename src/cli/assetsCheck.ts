// `image-studio assets check`: every asset's state and every declared gate, on the files on disk,
// with no key and no request; exit 1 when anything is missing, stale, cannot be built or fails a
// gate. `--json` lists each gate's failure as { path, code, actual, limit }; `--format github`
// prints workflow annotations on the manifest's lines, so a pull request shows where it failed.
import { relative, sep } from 'node:path';
import { checkAssetFiles, type AssetGateFailure } from '../core/assets/assetChecks';
import type { ParsedManifest } from '../core/assets/manifestTypes';
import { stateLabel, type AssetStatus, type StatusContext } from '../core/assets/status';
import { describeGateFailure } from '../core/image/checks/describeFailure';
import { runPixelJob } from '../core/image/pixelJobs';
import type { SectionStatus } from '../core/assets/sections/buildSections';
import { formatAnnotation, type Annotation } from './githubAnnotations';
import { describeSection, printSectionStatuses } from './assetsSections';

type Say = (text: string) => void;

/** What `check` prints and how. */
export interface CheckRun {
  manifestFile: string;
  parsed: ParsedManifest;
  statuses: AssetStatus[];
  /** Sheets, atlases, icon sets and the typed module: missing or stale ones fail the check too. */
  sections: SectionStatus[];
  ctx: StatusContext;
  json: boolean;
  format: 'text' | 'github';
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the check; returns the exit code. */
export async function runCheck(run: CheckRun, say: Say, fail: Say): Promise<number> {
  const { statuses, parsed } = run;
  const hasErrors = parsed.problems.some((p) => p.severity === 'error');
  const open = statuses.filter((s) => s.state === 'missing' || s.state === 'stale');
  const invalid = statuses.filter((s) => s.state === 'invalid');
  const openSections = run.sections.filter((s) => s.state === 'missing' || s.state === 'stale');
  const gates = await checkAssetFiles(statuses, run.ctx, runPixelJob);
  const ok = !hasErrors && !open.length && !openSections.length && !invalid.length && !gates.failures.length;
  if (run.format === 'github') {
    for (const a of annotations(run, gates.failures)) say(`${formatAnnotation(a)}\n`);
  } else if (run.json) {
    say(
      `${JSON.stringify({
        ok,
        manifest: run.manifestFile,
        assets: statuses.map(describeStatus),
        sections: run.sections.map(describeSection),
        failures: gates.failures,
        unchecked: gates.unchecked,
        problems: parsed.problems,
      })}\n`,
    );
  } else {
    for (const s of statuses)
      say(`${stateLabel(s).padEnd(15)} ${s.path}${s.state === 'up-to-date' && !s.retiring ? '' : `  (${s.reason})`}\n`);
    printSectionStatuses(run.sections, say);
    for (const f of gates.failures) say(`${'fails check'.padEnd(15)} ${f.path}  (${describeGateFailure(f)})\n`);
    for (const u of gates.unchecked) fail(`not checked: ${u.path} ${u.gate}: ${u.reason}`);
  }
  if (run.format !== 'github' && !run.json) {
    if (open.length) fail(`${open.length} asset(s) missing or stale: run image-studio assets build`);
    if (openSections.length)
      fail(`${openSections.length} sheet, atlas, icon set or module entries missing or stale: run image-studio assets build`);
    if (invalid.length) fail(`${invalid.length} asset(s) cannot be built: ${invalid.map((s) => `${s.path} (${s.reason})`).join('; ')}`);
    if (gates.failures.length) fail(`${gates.failures.length} check(s) failed`);
  }
  return hasErrors ? 2 : ok ? 0 : 1;
}

/** A status as `--json` lists it (shared with `assets status`). */
export function describeStatus(s: AssetStatus): Record<string, unknown> {
  return {
    path: s.path,
    state: s.state,
    label: stateLabel(s),
    reason: s.reason,
    ...(s.stale ? { stale: s.stale } : {}),
    ...(s.specHash ? { specHash: s.specHash } : {}),
    ...(s.retiring ? { retiring: s.retiring } : {}),
  };
}

/** One annotation per manifest problem, open or invalid asset and failed gate, at the asset's line. */
function annotations(run: CheckRun, failures: readonly AssetGateFailure[]): Annotation[] {
  // Paths in annotations are relative to the repository (the workflow's workspace), with forward slashes.
  const file = relative(run.env.GITHUB_WORKSPACE || run.cwd, run.manifestFile)
    .split(sep)
    .join('/');
  const at = (path: string): { line: number; col: number } => {
    const o = run.parsed.assetOffsets[path];
    return { line: o?.line ?? 1, col: o?.column ?? 1 };
  };
  const out: Annotation[] = [];
  for (const p of run.parsed.problems)
    out.push({
      level: p.severity === 'error' ? 'error' : 'warning',
      file,
      line: p.line,
      col: p.column,
      title: 'image-studio.json',
      message: p.message,
    });
  for (const s of run.statuses) {
    if (s.state === 'missing' || s.state === 'stale')
      out.push({
        level: 'error',
        file,
        ...at(s.path),
        title: `${s.path}: ${stateLabel(s)}`,
        message: `${s.path} is ${stateLabel(s)}: ${s.reason} Run image-studio assets build.`,
      });
    else if (s.state === 'invalid')
      out.push({
        level: 'error',
        file,
        ...at(s.path),
        title: `${s.path}: ${stateLabel(s)}`,
        message: `${s.path} cannot be built: ${s.reason}`,
      });
  }
  // Section entries have no recorded position: they are marked on the manifest's first line.
  for (const s of run.sections)
    if (s.state === 'missing' || s.state === 'stale')
      out.push({
        level: 'error',
        file,
        line: 1,
        col: 1,
        title: `${s.path}: ${s.state}`,
        message: `${s.path} (${s.section}) is ${s.state}: ${s.reason} Run image-studio assets build.`,
      });
  for (const f of failures)
    out.push({ level: 'error', file, ...at(f.path), title: `${f.path}: ${f.code}`, message: `${f.path}: ${describeGateFailure(f)}` });
  return out;
}
