// `build --batch`: the assets a build would make become batch input files (one per endpoint, as a
// batch runs one endpoint), are uploaded and submitted, and each run is recorded in the workspace
// before anything else happens. Assets waiting for an input that is itself still to be built, and
// assets already in a batch that has not been collected, are left for a later run. Assets whose
// model the Batch API does not accept (the capability table's `batch`) are left out with their
// reason in `interactive`, for the caller to build at once.
import { planBuild, type PlanCode, type PlanOptions } from '../assets/plan';
import { t } from '../l10n';
import { type AssetStatus, type StatusContext } from '../assets/status';
import { assetStatuses } from '../assets/statusCache';
import type { ParsedManifest } from '../assets/manifestTypes';
import { isImageStudioError } from '../client/errors';
import { describeProvider } from '../client/providers';
import { validateEdit, validateGenerate } from '../models/validate';
import type { EditRequest, GenerateRequest, ProviderConfig } from '../types';
import { FINAL_STATUSES, type BatchApiClient, type BatchEndpoint } from './batchApi';
import { assetRequestOf } from '../assets/assetInputs';
import { notBatchableReason } from './batchTarget';
import { batchLine, customIdOf, endpointOf } from './batchLines';
import { listRuns, markSubmitting, newRun, saveRun, type BatchRun, type RunAsset } from './batchRuns';

/** The Batch API takes input files up to 200 MB. */
export const MAX_INPUT_FILE_BYTES = 200 * 1024 * 1024;

/** What a batch submission needs. */
export interface SubmitContext extends StatusContext {
  api: BatchApiClient;
  provider: ProviderConfig;
  now: () => Date;
  signal?: AbortSignal;
}

/** What was submitted and what was left out, and why. */
export interface SubmitOutcome {
  runs: BatchRun[];
  skipped: SkippedAsset[];
  /** Left out because no batch can carry them (their model, a markup edit): to build interactively. */
  interactive: Array<{ path: string; reason: string }>;
}

/**
 * An asset left out of the batches, with a code each front end words its own way (`reason` is
 * the CLI's words): its inputs are built first, it is in a batch already, the API would refuse
 * it, or the plan skipped it.
 */
export interface SkippedAsset {
  path: string;
  reason: string;
  code: PlanCode | 'after-inputs' | 'in-batch' | 'refused' | 'reprocess-only';
}

/** Submits the stale and missing assets (of `options.paths`, when given) as batches. */
export async function submitBatches(parsed: ParsedManifest, ctx: SubmitContext, options: PlanOptions = {}): Promise<SubmitOutcome> {
  const statuses = await assetStatuses(parsed, ctx);
  const plan = planBuild(parsed, statuses, options);
  const inFlight = await coveredByOpenRuns(ctx);
  const outcome: SubmitOutcome = { runs: [], skipped: [], interactive: [] };
  const byEndpoint = new Map<BatchEndpoint, Array<{ status: AssetStatus; line: string }>>();
  let bytes = 0;
  for (const entry of plan.entries) {
    const s = entry.status;
    if (entry.action === 'skip') {
      if (entry.reason !== 'up to date') outcome.skipped.push({ path: s.path, reason: entry.reason, code: entry.code });
      continue;
    }
    // Only its steps changed: re-processed from its raw image by a build, with no request to pay for.
    if (s.state === 'stale' && s.stale === 'processing') {
      outcome.skipped.push({
        path: s.path,
        reason: t('only its processing steps changed: run a build to re-process it, with no request'),
        code: 'reprocess-only',
      });
      continue;
    }
    // Without a spec hash its inputs are not built yet: it can only go in a later batch.
    if (!s.specHash) {
      outcome.skipped.push({
        path: s.path,
        reason: `${s.reason} Collect this batch, then run build --batch again for it.`,
        code: 'after-inputs',
      });
      continue;
    }
    const running = inFlight.get(customIdOf(s.path, s.specHash));
    if (running) {
      outcome.skipped.push({ path: s.path, reason: `already in batch ${running}, not collected yet`, code: 'in-batch' });
      continue;
    }
    const notBatchable = s.resolved && notBatchableReason(ctx.models, s.resolved);
    if (notBatchable) {
      outcome.interactive.push({ path: s.path, reason: notBatchable });
      continue;
    }
    const request = await assetRequestOf(ctx.fs, ctx.dir, s);
    // The same checks as an interactive request: nothing the API would refuse goes in a batch.
    const target = { provider: ctx.provider.kind, today: ctx.today, models: ctx.models };
    try {
      if ('images' in request) validateEdit(request as EditRequest, target);
      else validateGenerate(request as GenerateRequest, target);
    } catch (e) {
      if (!isImageStudioError(e)) throw e;
      outcome.skipped.push({ path: s.path, reason: e.message, code: 'refused' });
      continue;
    }
    const line = batchLine(s, request);
    bytes += line.length + 1;
    if (bytes > MAX_INPUT_FILE_BYTES)
      throw new Error(
        `The batch input would be larger than the Batch API's 200 MB; build fewer assets at once (name them) or with smaller inputs.`,
      );
    const list = byEndpoint.get(endpointOf(s)) ?? [];
    list.push({ status: s, line });
    byEndpoint.set(endpointOf(s), list);
  }
  for (const [endpoint, lines] of byEndpoint) {
    const jsonl = new TextEncoder().encode(lines.map((l) => `${l.line}\n`).join(''));
    const fileId = await ctx.api.uploadRequests(jsonl, `image-studio-${endpoint.split('/').pop()}.jsonl`, ctx.signal);
    const assets: RunAsset[] = lines.map(({ status }) => ({
      path: status.path,
      specHash: status.specHash!,
      customId: customIdOf(status.path, status.specHash!),
    }));
    const marker = await markSubmitting(ctx.fs, ctx.dir, fileId, assets);
    let batch;
    try {
      batch = await ctx.api.createBatch(fileId, endpoint, { tool: 'image-studio', input_file: fileId }, ctx.signal);
    } catch (e) {
      // Refused with an answer: no batch exists, so there is nothing to warn about later.
      if (isImageStudioError(e) && e.status !== undefined) await ctx.fs.delete(marker);
      throw e;
    }
    const run = newRun(batch, endpoint, assets, describeProvider(ctx.provider), ctx.now());
    await saveRun(ctx.fs, ctx.dir, run);
    await ctx.fs.delete(marker);
    outcome.runs.push(run);
  }
  return outcome;
}

/** custom_id → batch id of every recorded run that is not collected yet. */
async function coveredByOpenRuns(ctx: StatusContext): Promise<Map<string, string>> {
  const covered = new Map<string, string>();
  if (!ctx.fs.listDir) return covered;
  for (const run of await listRuns(ctx.fs, ctx.dir)) {
    const over = run.collected || (FINAL_STATUSES.includes(run.batch.status) && !run.batch.outputFileId && !run.batch.errorFileId);
    if (!over) for (const a of run.assets) covered.set(a.customId, run.batchId);
  }
  return covered;
}
