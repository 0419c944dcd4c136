// `image-studio assets build --batch` and `image-studio assets batch status|collect|cancel [ID]`:
// large runs through OpenAI's Batch API (half the price, within 24 h). Every command works from
// the run records in .image-studio/batches/, so a closed terminal or a killed process loses nothing.
import type { ParsedManifest } from '../core/assets/manifestTypes';
import type { PlanOptions } from '../core/assets/plan';
import type { StatusContext } from '../core/assets/status';
import { BatchApiClient, FINAL_STATUSES } from '../core/batch/batchApi';
import { batchUnsupportedReason } from '../core/batch/batchTarget';
import { interruptedSubmits, listRuns, readRun, type BatchRun } from '../core/batch/batchRuns';
import { cancelRun, collectRun, refreshRun } from '../core/batch/collect';
import { submitBatches } from '../core/batch/submit';
import type { Calendar } from '../core/calendar';
import type { ProviderConfig } from '../core/types';
import type { CliIo } from './cliIo';
import { cliApiKey } from './cliEngine';
import { runPixelJob } from '../core/image/pixelJobs';
import { processLockOwner } from './processLock';
import { UsageError } from './usage';

type Say = (text: string) => void;

/** What the assets command already worked out. */
export interface BatchCliContext {
  parsed: ParsedManifest;
  ctx: StatusContext;
  provider: ProviderConfig;
  /** The clock for record and sidecar dates (IMAGE_STUDIO_TODAY pins it). */
  calendar: Calendar;
  json: boolean;
  timeoutMs: number;
}

function apiFor(c: BatchCliContext, io: CliIo): BatchApiClient {
  return new BatchApiClient(c.provider, cliApiKey(c.provider, io.env, true), io.fetch, c.timeoutMs);
}

/** What `build --batch` submitted, for the JSON answer, and the assets no batch can carry. */
export interface SubmittedBatches {
  summary: Record<string, unknown>;
  /** Paths to build interactively (their model is not accepted in batches, or a markup edit). */
  interactive: string[];
}

/**
 * `build --batch`: submits what a batch can carry and returns at once; the assets it left out
 * (their model's row says batch: false) are named with why, and returned for the caller to build
 * now unless `batchOnly`. Undefined when the provider has no Batch API: the caller then builds
 * everything interactively, as the note says.
 */
export async function submitAsBatch(
  options: PlanOptions,
  c: BatchCliContext & { batchOnly: boolean },
  io: CliIo,
  say: Say,
  fail: Say,
): Promise<SubmittedBatches | undefined> {
  const unsupported = batchUnsupportedReason(c.provider);
  if (unsupported && c.batchOnly) throw new UsageError(`${unsupported} With --batch-only nothing would be built.`);
  if (unsupported) {
    fail(`note: ${unsupported} Building interactively instead.`);
    return undefined;
  }
  const outcome = await submitBatches(
    c.parsed,
    { ...c.ctx, api: apiFor(c, io), provider: c.provider, now: () => c.calendar.now(), ...(io.signal ? { signal: io.signal } : {}) },
    options,
  );
  const summary = {
    ok: true,
    batches: outcome.runs.map((r) => ({
      id: r.batchId,
      endpoint: r.endpoint,
      status: r.batch.status,
      assets: r.assets.map((a) => a.path),
    })),
    skipped: outcome.skipped,
    notInBatch: outcome.interactive.map((a) => ({ ...a, builtNow: !c.batchOnly })),
  };
  const interactive = c.batchOnly ? [] : outcome.interactive.map((a) => a.path);
  if (c.json) return { summary, interactive };
  for (const s of outcome.skipped) fail(`skipped ${s.path}: ${s.reason}`);
  for (const a of outcome.interactive)
    fail(
      c.batchOnly
        ? `not in the batch: ${a.path} (${a.reason}); --batch-only leaves it unbuilt (image-studio assets build ${a.path} builds it now)`
        : `not in the batch: ${a.path} (${a.reason}); building it interactively now`,
    );
  for (const r of outcome.runs) {
    say(`${r.batchId}\n`);
    fail(
      `submitted batch ${r.batchId}: ${r.assets.length} asset(s) to ${r.endpoint}; results within 24 h. Follow it with: image-studio assets batch status ${r.batchId}`,
    );
  }
  if (!outcome.runs.length && !outcome.interactive.length) say('nothing to submit: every asset is up to date or already in a batch\n');
  else if (!outcome.runs.length) fail('no asset could go in a batch');
  return { summary, interactive };
}

/** `batch status|collect|cancel [ID]`. */
export async function runBatchCommand(positionals: string[], c: BatchCliContext, io: CliIo, say: Say, fail: Say): Promise<number> {
  const [action, id, ...extra] = positionals;
  if (action !== 'status' && action !== 'collect' && action !== 'cancel')
    throw new UsageError(`assets batch needs status, collect or cancel (got ${action ? `'${action}'` : 'nothing'})`);
  if (extra.length) throw new UsageError(`assets batch ${action} takes at most one batch id`);
  const unsupported = batchUnsupportedReason(c.provider);
  if (unsupported) throw new UsageError(`${unsupported} Use image-studio assets build instead.`);
  const api = apiFor(c, io);
  // A run's problem (a record that cannot be read, a batch the server does not know) is reported
  // with its file or id, and the other runs go on.
  let problems = 0;
  const problem = (text: string): void => {
    problems++;
    fail(text);
  };
  const scope = {
    api,
    fs: c.ctx.fs,
    dir: c.ctx.dir,
    ...(io.signal ? { signal: io.signal } : {}),
    onWarning: (m: string) => fail(`warning: ${m}`),
  };
  const runs = id
    ? [await named(c, id)]
    : await listRuns(c.ctx.fs, c.ctx.dir, (p) => problem(`${p.file}: ${p.message} (the other runs are read on)`));
  const refreshed = async (run: BatchRun): Promise<boolean> => {
    try {
      await refreshRun(run, scope);
      return true;
    } catch (e) {
      if (io.signal?.aborted) throw e;
      problem(`${run.batchId}: ${(e as Error).message}`);
      return false;
    }
  };
  if (action === 'status') {
    for (const run of runs) if (!FINAL_STATUSES.includes(run.batch.status)) await refreshed(run);
    for (const fileId of await interruptedSubmits(c.ctx.fs, c.ctx.dir)) {
      fail(
        `warning: a submit was interrupted after uploading ${fileId}; a batch over it may exist that is not recorded here (its metadata names input_file ${fileId}): check https://platform.openai.com/batches, then delete .image-studio/batches/${fileId}.submitting`,
      );
    }
    if (c.json) say(`${JSON.stringify({ ok: problems === 0, batches: runs.map(describe) })}\n`);
    else if (!runs.length) say('no batch runs recorded in .image-studio/batches\n');
    else for (const run of runs) say(`${line(run)}\n`);
    return problems ? 1 : 0;
  }
  if (action === 'cancel') {
    const open = runs.filter((r) => !FINAL_STATUSES.includes(r.batch.status) && r.batch.status !== 'cancelling');
    if (!id && open.length > 1)
      throw new UsageError(`${open.length} batches are running; name the one to cancel (${open.map((r) => r.batchId).join(', ')})`);
    const [toCancel] = open;
    if (!toCancel)
      throw new UsageError(
        id && runs[0] ? `batch ${id} is ${runs[0].batch.status}; there is nothing to cancel` : 'no running batch to cancel',
      );
    const run = await cancelRun(toCancel, scope);
    say(`${line(run)}\n`);
    fail(
      `cancelling ${run.batchId}: what it finished can be collected once it is cancelled (image-studio assets batch collect ${run.batchId})`,
    );
    return 0;
  }
  const wanted = id ? runs : runs.filter((r) => !r.collected);
  if (!wanted.length) {
    say('nothing to collect: every recorded batch is collected\n');
    return problems ? 1 : 0;
  }
  let failures = 0;
  let waiting = 0;
  const results = [];
  for (const run of wanted) {
    if (!id && !(await refreshed(run))) continue;
    if (!id && !FINAL_STATUSES.includes(run.batch.status)) {
      waiting++;
      fail(`${run.batchId} is ${run.batch.status.replace('_', ' ')}: collect it when it has finished`);
      continue;
    }
    let collected;
    try {
      collected = await collectRun(c.parsed, run, {
        ...c.ctx,
        ...scope,
        provider: c.provider,
        pixels: runPixelJob,
        now: () => c.calendar.now(),
        fetch: io.fetch,
        ...(io.lookupHost ? { lookupHost: io.lookupHost } : {}),
        lockOwner: processLockOwner(),
        onProgress: (e) => !c.json && progress(e, run.batchId, say, fail),
      });
    } catch (e) {
      // One run that cannot be collected (still running, locked, unknown to the server) stops only itself.
      if (io.signal?.aborted || wanted.length === 1) throw e;
      problem(`${run.batchId}: ${(e as Error).message}`);
      continue;
    }
    failures += collected.failed.length;
    results.push({ id: run.batchId, status: run.batch.status, ...collected });
    if (!c.json)
      fail(
        `${run.batchId} (${run.batch.status}): ${collected.saved.length} saved, ${collected.alreadySaved.length} already saved, ${collected.failed.length} failed (they stay stale: run build again), ${collected.skipped.length} skipped`,
      );
  }
  if (c.json) say(`${JSON.stringify({ ok: failures === 0 && waiting === 0 && problems === 0, collected: results })}\n`);
  return failures || problems || (waiting && !results.length) ? 1 : 0;
}

function progress(e: { type: string; path: string; message?: string }, batchId: string, say: Say, fail: Say): void {
  if (e.type === 'saved') say(`saved ${e.path}  (batch ${batchId})\n`);
  else if (e.type === 'failed') fail(`failed ${e.path}: ${e.message ?? ''}`);
  else if (e.type === 'skipped') fail(`skipped ${e.path}: ${e.message ?? ''}`);
}

async function named(c: BatchCliContext, id: string): Promise<BatchRun> {
  let run: BatchRun | undefined;
  try {
    run = await readRun(c.ctx.fs, c.ctx.dir, id);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!run) throw new UsageError(`no batch run ${id} is recorded in .image-studio/batches (submitted from another folder?)`);
  return run;
}

function line(run: BatchRun): string {
  const { total, completed, failed } = run.batch.requestCounts;
  const counts = total ? `${completed}/${total} done, ${failed} failed` : `${run.assets.length} request(s)`;
  const collected = run.collected
    ? `, collected: ${run.collected.saved.length + run.collected.alreadySaved.length} saved, ${run.collected.failed.length} failed`
    : '';
  const errors = run.batch.errors.length ? `  (${run.batch.errors.join('; ')})` : '';
  return `${run.batchId}  ${run.batch.status.padEnd(11)} ${counts}${collected}${errors}`;
}

function describe(run: BatchRun): Record<string, unknown> {
  return {
    id: run.batchId,
    status: run.batch.status,
    endpoint: run.endpoint,
    requestCounts: run.batch.requestCounts,
    assets: run.assets.map((a) => a.path),
    errors: run.batch.errors,
    ...(run.collected ? { collected: run.collected } : {}),
  };
}
