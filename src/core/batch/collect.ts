// `batch collect`: reads a finished batch's output and error files line by line (each line one
// image, decoded and saved before the next is read) and saves every image through the one asset
// save pipeline, its sidecar naming the batch and the request. It is idempotent: a result whose
// asset already holds it (same spec hash in the sidecar) is not saved again, so a collect that was
// killed halfway is simply run again; a run's lock keeps two collects from saving at once, and a
// custom_id answered twice is saved once. Every line is hostile input: it is cleaned and bounded
// as an interactive answer is (lineResult.ts), a broken line is reported with its file and line and
// the next one is read, and a file is read up to one line per request (plus a few).
import type { ParsedManifest } from '../assets/manifestTypes';
import { assetRequestOf } from '../assets/assetInputs';
import type { AssetStatus, StatusContext } from '../assets/status';
import { assetStatuses } from '../assets/statusCache';
import { assetJob } from '../engine/assetJob';
import { placeAsset } from '../engine/placeAsset';
import { finishPlacement, placeArrived } from '../engine/runJob';
import { loadAssetSteps } from '../engine/assetSteps';
import type { PixelRunner } from '../image/pixelJobs';
import { MAX_IMAGE_BASE64_CHARS } from '../client/bodyLimits';
import type { HistoryEntry } from '../save/replaceFile';
import type { FetchLike, HostLookup, ImagesResult, ProviderConfig } from '../types';
import { FINAL_STATUSES, type BatchApiClient } from './batchApi';
import { recordedCollect, saveRun, takeBatchState, type BatchRun, type RunCollected } from './batchRuns';
import { decodeLineAnswer, readLineResult, type LineResult } from './lineResult';
import { readOutputLines, type OutputLine as ScannedLine } from './outputLines';
import { lockRun, type LockOwner } from './runLock';
import { errorMessage } from '../errorMessage';

/** Longest line read: one image as base64 plus the JSON around it. */
const MAX_LINE_BYTES = MAX_IMAGE_BASE64_CHARS + 1024 * 1024;
/** Lines a file may have beyond one per request (a server may add a blank or odd line; a flood is refused). */
const EXTRA_LINES = 16;

/** What collecting needs. */
export interface CollectContext extends StatusContext {
  api: BatchApiClient;
  fetch: FetchLike;
  provider: ProviderConfig;
  /** Where pixel work runs (a worker thread in the extension host). */
  pixels: PixelRunner;
  /** The moment for record, lock, history and sidecar dates (the caller's calendar). */
  now(): Date;
  /** Resolves result URL names first, as the interactive path does (node:dns in the CLI and the host). */
  lookupHost?: HostLookup;
  /** Who takes the run's lock (see runLock.ts); without one, a lock left by a killed collect waits until it is stale. */
  lockOwner?: LockOwner;
  signal?: AbortSignal;
  /** `replaced` (on saved) is the previous version kept in the history, for a review. */
  onProgress?(event: {
    type: 'saved' | 'failed' | 'skipped' | 'already-saved';
    path: string;
    message?: string;
    replaced?: HistoryEntry;
  }): void;
  /** Said about the run as a whole (a server that changed its mind about a finished batch). */
  onWarning?(message: string): void;
}

/**
 * Collects a run: refreshes its batch, then saves what it made, holding the run's lock so that two
 * collects never save twice. Throws while the batch is still running, and when another collect holds it.
 */
export async function collectRun(parsed: ParsedManifest, run: BatchRun, ctx: CollectContext): Promise<RunCollected> {
  const release = await lockRun(ctx.fs, ctx.dir, run.batchId, ctx.lockOwner, ctx.now());
  try {
    return await collectLocked(parsed, run, ctx);
  } finally {
    await release();
  }
}

async function collectLocked(parsed: ParsedManifest, run: BatchRun, ctx: CollectContext): Promise<RunCollected> {
  const warning = takeBatchState(run, await ctx.api.getBatch(run.batchId, ctx.signal));
  if (warning) ctx.onWarning?.(warning);
  await saveRun(ctx.fs, ctx.dir, run);
  const batch = run.batch;
  if (!FINAL_STATUSES.includes(batch.status))
    throw new Error(`Batch ${batch.id} is ${batch.status.replace('_', ' ')}; collect it once it has finished.`);
  const statuses = new Map((await assetStatuses(parsed, ctx)).map((s) => [s.path, s]));
  const scope: LineScope = {
    ctx,
    run,
    statuses,
    covered: new Set(run.assets.map((a) => a.customId)),
    answered: new Map(),
    out: { at: ctx.now().toISOString(), saved: [], alreadySaved: [], failed: [], skipped: [] },
  };
  const seen = new Set<string>();
  const limits = { maxLineBytes: MAX_LINE_BYTES, maxLines: run.assets.length + EXTRA_LINES };
  for (const fileId of [batch.outputFileId, batch.errorFileId]) {
    if (!fileId) continue;
    const what = `file ${fileId}`;
    try {
      // Each line's image is decoded as it streams in (outputLines.ts): no line is ever held as text.
      for await (const scanned of readOutputLines(await ctx.api.fileContent(fileId, ctx.signal), limits, what)) {
        if (ctx.signal?.aborted) throw new Error('Collecting was cancelled; what was saved stays saved; collect again to finish.');
        const path = await collectLine(scanned, what, scope);
        if (path) seen.add(path);
      }
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      // A file that cannot be read to its end (too long, stalled, cut): what was saved stays saved,
      // the other file is read, and the assets without an answer are reported below.
      const message = ctx.api.clean.text(errorMessage(e));
      scope.out.skipped.push({ path: what, reason: message });
      ctx.onProgress?.({ type: 'skipped', path: what, message });
    }
  }
  // A failed batch (its input refused) has no files: every asset is reported with the batch's reasons.
  for (const asset of run.assets) {
    if (seen.has(asset.path)) continue;
    const message =
      batch.status === 'failed'
        ? `The batch failed: ${batch.errors.join('; ') || 'no reason given'}`
        : `The batch (${batch.status}) returned no result for it.`;
    scope.out.failed.push({ path: asset.path, message });
    ctx.onProgress?.({ type: 'failed', path: asset.path, message });
  }
  run.collected = recordedCollect(scope.out, (text) => ctx.api.clean.text(text));
  await saveRun(ctx.fs, ctx.dir, run);
  return scope.out;
}

interface LineScope {
  ctx: CollectContext;
  run: BatchRun;
  statuses: Map<string, AssetStatus>;
  covered: Set<string>;
  /** custom_id → where its first answer was: a second answer for it is never saved again. */
  answered: Map<string, string>;
  out: RunCollected;
}

// Returns the asset path the line was for (undefined when the line is not one of this run's).
async function collectLine(scanned: ScannedLine, what: string, scope: LineScope): Promise<string | undefined> {
  const { ctx, run, statuses, out } = scope;
  const where = `line ${scanned.line} of ${what}`;
  const skip = (path: string, reason: string): string => {
    out.skipped.push({ path, reason });
    ctx.onProgress?.({ type: 'skipped', path, message: reason });
    return path;
  };
  const result: LineResult = readLineResult(scanned, scope.covered, ctx.api.clean, (p) => {
    const model = statuses.get(p)?.resolved?.model;
    return model === undefined ? undefined : ctx.models.capabilities(model);
  });
  if (result.kind === 'skip') {
    skip(where, result.reason);
    return undefined;
  }
  const { path } = result;
  const first = scope.answered.get(result.customId);
  if (first) return skip(path, `${where} answers it again (first at ${first}); only the first answer is used`);
  scope.answered.set(result.customId, where);
  const status = statuses.get(path);
  if (!status?.resolved) return skip(path, 'it is no longer a valid asset of the manifest');
  if (result.kind === 'failed') {
    out.failed.push({ path, message: result.message });
    ctx.onProgress?.({ type: 'failed', path, message: result.message });
    return path;
  }
  if (status.specHash !== result.specHash)
    return skip(path, 'its spec changed since the batch was submitted; it stays stale for the next build');
  if (status.state === 'up-to-date') {
    out.alreadySaved.push(path);
    ctx.onProgress?.({ type: 'already-saved', path });
    return path;
  }
  let replaced: HistoryEntry | undefined;
  try {
    const decoded = await decodeLineAnswer(result, status.resolved.n, {
      clean: ctx.api.clean,
      fetch: ctx.fetch,
      baseUrl: ctx.api.baseUrl,
      timeoutMs: ctx.api.timeoutMs,
      ...(ctx.lookupHost ? { lookupHost: ctx.lookupHost } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!decoded.images.length) throw new Error(decoded.problems[0]?.message ?? 'The result holds no image.');
    const request = await assetRequestOf(ctx.fs, ctx.dir, status);
    const { images: _images, problems: _problems, ...rest } = decoded;
    const imagesResult: ImagesResult = {
      endpoint: status.resolved.kind === 'edit' ? 'edits' : 'generations',
      model: request.model,
      images: decoded.images,
      requestIds: result.requestId ? [result.requestId] : [],
      ...rest,
    };
    // The same process, place and record stages as an interactive build: with "n" the other
    // images are the asset's candidates, and a file changed by hand meanwhile keeps the image as one.
    const job = assetJob(status, request, {
      sidecarExtra: {
        batch: {
          id: run.batchId,
          ...(result.requestId ? { requestId: result.requestId } : {}),
          customId: result.customId,
          ...(result.lineId ? { lineId: result.lineId } : {}),
        },
      },
    });
    const date = ctx.now();
    const steps = await loadAssetSteps(ctx.fs, ctx.dir, status.resolved);
    const placement = placeAsset({ fs: ctx.fs, dir: ctx.dir, status, force: false, now: date, steps });
    const adapters = { fs: ctx.fs, pixels: ctx.pixels };
    const arrived = await placeArrived(imagesResult, { job, send: job.send, adapters, placement, provider: ctx.provider, date });
    const finished = await finishPlacement(placement, {});
    const done = {
      placed: [...arrived.placed, ...finished.placed],
      failures: [...arrived.failures, ...finished.failures],
      warnings: [...arrived.warnings, ...finished.warnings],
    };
    const main = done.placed.find((p) => !p.candidate);
    if (!main) throw new Error([...done.failures.map((f) => f.message), ...done.warnings].join(' ') || 'The result holds no usable image.');
    replaced = main.replaced;
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    const message = ctx.api.clean.text(errorMessage(e));
    out.failed.push({ path, message });
    ctx.onProgress?.({ type: 'failed', path, message });
    return path;
  }
  out.saved.push(path);
  ctx.onProgress?.({ type: 'saved', path, ...(replaced ? { replaced } : {}) });
  return path;
}

/** Refreshes a run's batch state (status polling) and records it. */
export async function refreshRun(
  run: BatchRun,
  ctx: Pick<CollectContext, 'api' | 'fs' | 'dir' | 'signal' | 'onWarning'>,
): Promise<BatchRun> {
  const warning = takeBatchState(run, await ctx.api.getBatch(run.batchId, ctx.signal));
  if (warning) ctx.onWarning?.(warning);
  await saveRun(ctx.fs, ctx.dir, run);
  return run;
}

/** Cancels a run's batch; what it finished can still be collected once it is cancelled. */
export async function cancelRun(run: BatchRun, ctx: Pick<CollectContext, 'api' | 'fs' | 'dir' | 'signal'>): Promise<BatchRun> {
  run.batch = await ctx.api.cancelBatch(run.batchId, ctx.signal);
  await saveRun(ctx.fs, ctx.dir, run);
  return run;
}
