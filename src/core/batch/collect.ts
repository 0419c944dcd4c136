// `batch collect`: reads a finished batch's output and error files line by line (each line one
// image, decoded and saved before the next is read) and saves every image through the one asset
// save pipeline, its sidecar naming the batch and the request. It is idempotent: a result whose
// asset already holds it (same spec hash in the sidecar) is not saved again, so a collect that was
// killed halfway is simply run again. Failed lines are reported; their assets stay stale.
import type { ParsedManifest } from '../assets/manifestTypes';
import { assetRequestOf } from '../assets/assetInputs';
import { type AssetStatus, type StatusContext } from '../assets/status';
import { assetJob } from '../engine/assetJob';
import { placeAsset } from '../engine/placeAsset';
import { placeArrived } from '../engine/runJob';
import type { PixelRunner } from '../image/pixelJobs';
import { assetStatuses } from '../assets/statusCache';
import { MAX_IMAGE_BASE64_CHARS } from '../client/bodyLimits';
import { errorFromResponse } from '../client/errors';
import { decodeImagesResponse } from '../client/responses';
import type { HistoryEntry } from '../save/replaceFile';
import type { FetchLike, ImagesResult, ProviderConfig } from '../types';
import { FINAL_STATUSES, type BatchApiClient } from './batchApi';
import { parseCustomId } from './batchLines';
import { saveRun, type BatchRun, type RunCollected } from './batchRuns';
import { parseOutputLine, readOutputLines, type OutputLine as ScannedLine } from './outputLines';
import { errorMessage } from '../errorMessage';

/** Longest line read: one image as base64 plus the JSON around it. */
const MAX_LINE_BYTES = MAX_IMAGE_BASE64_CHARS + 1024 * 1024;

/** What collecting needs. */
export interface CollectContext extends StatusContext {
  api: BatchApiClient;
  fetch: FetchLike;
  provider: ProviderConfig;
  /** Where pixel work runs (a worker thread in the extension host). */
  pixels: PixelRunner;
  /** The moment for record, history and sidecar dates (the caller's calendar). */
  now(): Date;
  signal?: AbortSignal;
  /** `replaced` (on saved) is the previous version kept in the history, for a review. */
  onProgress?(event: {
    type: 'saved' | 'failed' | 'skipped' | 'already-saved';
    path: string;
    message?: string;
    replaced?: HistoryEntry;
  }): void;
}

interface OutputLine {
  id?: unknown;
  custom_id?: unknown;
  response?: { status_code?: unknown; request_id?: unknown; body?: unknown } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/** Collects a run: refreshes its batch, then saves what it made. Throws while the batch is still running. */
export async function collectRun(parsed: ParsedManifest, run: BatchRun, ctx: CollectContext): Promise<RunCollected> {
  run.batch = await ctx.api.getBatch(run.batchId, ctx.signal);
  await saveRun(ctx.fs, ctx.dir, run);
  const batch = run.batch;
  if (!FINAL_STATUSES.includes(batch.status))
    throw new Error(`Batch ${batch.id} is ${batch.status.replace('_', ' ')}; collect it once it has finished.`);
  const statuses = new Map((await assetStatuses(parsed, ctx)).map((s) => [s.path, s]));
  const covered = new Set(run.assets.map((a) => a.customId));
  const out: RunCollected = { at: ctx.now().toISOString(), saved: [], alreadySaved: [], failed: [], skipped: [] };
  const seen = new Set<string>();
  for (const fileId of [batch.outputFileId, batch.errorFileId]) {
    if (!fileId) continue;
    // Each line's image is decoded as it streams in (outputLines.ts): no line is ever held as text.
    for await (const scanned of readOutputLines(await ctx.api.fileContent(fileId, ctx.signal), MAX_LINE_BYTES, `file ${fileId}`)) {
      if (ctx.signal?.aborted) throw new Error('Collecting was cancelled; what was saved stays saved; collect again to finish.');
      const path = await collectLine(scanned, fileId, { ctx, run, statuses, covered, out });
      if (path) seen.add(path);
    }
  }
  // A failed batch (its input refused) has no files: every asset is reported with the batch's reasons.
  for (const asset of run.assets) {
    if (seen.has(asset.path)) continue;
    const message =
      batch.status === 'failed'
        ? `The batch failed: ${batch.errors.join('; ') || 'no reason given'}`
        : `The batch (${batch.status}) returned no result for it.`;
    out.failed.push({ path: asset.path, message });
    ctx.onProgress?.({ type: 'failed', path: asset.path, message });
  }
  run.collected = out;
  await saveRun(ctx.fs, ctx.dir, run);
  return out;
}

interface LineScope {
  ctx: CollectContext;
  run: BatchRun;
  statuses: Map<string, AssetStatus>;
  covered: Set<string>;
  out: RunCollected;
}

// Returns the asset path the line was for (undefined when the line is not one of this run's).
async function collectLine(
  scanned: ScannedLine,
  fileId: string,
  { ctx, run, statuses, covered, out }: LineScope,
): Promise<string | undefined> {
  const { line } = scanned;
  const skip = (path: string, reason: string): string => {
    out.skipped.push({ path, reason });
    ctx.onProgress?.({ type: 'skipped', path, message: reason });
    return path;
  };
  let o: OutputLine;
  try {
    o = parseOutputLine(scanned) as OutputLine;
  } catch {
    skip(`line ${line} of ${fileId}`, 'not valid JSON');
    return undefined;
  }
  const ids = parseCustomId(o.custom_id);
  if (!ids || !covered.has(String(o.custom_id))) {
    skip(`line ${line} of ${fileId}`, `custom_id ${JSON.stringify(o.custom_id).slice(0, 200)} is not an asset of this batch`);
    return undefined;
  }
  const { path } = ids;
  const status = statuses.get(path);
  if (!status?.resolved) return skip(path, 'it is no longer a valid asset of the manifest');
  const requestId = typeof o.response?.request_id === 'string' ? o.response.request_id : undefined;
  const statusCode = o.response?.status_code;
  if (o.error || statusCode !== 200) {
    const message = o.error
      ? `${String(o.error.code ?? 'error')}: ${String(o.error.message ?? '').slice(0, 500)}`
      : errorFromResponse(
          typeof statusCode === 'number' ? statusCode : 500,
          JSON.stringify(o.response?.body ?? {}),
          requestId,
          status.resolved.model,
        ).message;
    out.failed.push({ path, message });
    ctx.onProgress?.({ type: 'failed', path, message });
    return path;
  }
  if (status.specHash !== ids.specHash)
    return skip(path, 'its spec changed since the batch was submitted; it stays stale for the next build');
  if (status.state === 'up-to-date') {
    out.alreadySaved.push(path);
    ctx.onProgress?.({ type: 'already-saved', path });
    return path;
  }
  let replaced: HistoryEntry | undefined;
  try {
    const body = o.response?.body;
    const decoded = await decodeImagesResponse(body, {
      fetch: ctx.fetch,
      indexBase: 0,
      expected: status.resolved.n,
      ...(requestId ? { requestId } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const request = await assetRequestOf(ctx.fs, ctx.dir, status);
    const { images: _images, problems: _problems, ...rest } = decoded;
    const result: ImagesResult = {
      endpoint: status.resolved.kind === 'edit' ? 'edits' : 'generations',
      model: request.model,
      images: decoded.images,
      requestIds: requestId ? [requestId] : [],
      ...rest,
    };
    if (!decoded.images.length) throw new Error(decoded.problems[0]?.message ?? 'The result holds no image.');
    // The same process, place and record stages as an interactive build: with "n" the other
    // images are the asset's candidates, and a file changed by hand meanwhile keeps the image as one.
    const job = assetJob(status, request, {
      sidecarExtra: {
        batch: {
          id: run.batchId,
          ...(requestId ? { requestId } : {}),
          customId: String(o.custom_id),
          ...(typeof o.id === 'string' ? { lineId: o.id } : {}),
        },
      },
    });
    const date = ctx.now();
    const done = await placeArrived(result, {
      job,
      send: job.send,
      adapters: { fs: ctx.fs, pixels: ctx.pixels },
      placement: placeAsset({ fs: ctx.fs, dir: ctx.dir, status, force: false, now: date }),
      provider: ctx.provider,
      date,
    });
    const main = done.placed.find((p) => !p.candidate);
    if (!main) throw new Error([...done.failures.map((f) => f.message), ...done.warnings].join(' ') || 'The result holds no usable image.');
    replaced = main.replaced;
  } catch (e) {
    const message = errorMessage(e);
    out.failed.push({ path, message });
    ctx.onProgress?.({ type: 'failed', path, message });
    return path;
  }
  out.saved.push(path);
  ctx.onProgress?.({ type: 'saved', path, ...(replaced ? { replaced } : {}) });
  return path;
}

/** Refreshes a run's batch state (status polling) and records it. */
export async function refreshRun(run: BatchRun, ctx: Pick<CollectContext, 'api' | 'fs' | 'dir' | 'signal'>): Promise<BatchRun> {
  run.batch = await ctx.api.getBatch(run.batchId, ctx.signal);
  await saveRun(ctx.fs, ctx.dir, run);
  return run;
}

/** Cancels a run's batch; what it finished can still be collected once it is cancelled. */
export async function cancelRun(run: BatchRun, ctx: Pick<CollectContext, 'api' | 'fs' | 'dir' | 'signal'>): Promise<BatchRun> {
  run.batch = await ctx.api.cancelBatch(run.batchId, ctx.signal);
  await saveRun(ctx.fs, ctx.dir, run);
  return run;
}
