// One image job through every stage: the request (fanned out when `n` is above the model's
// limit), each answer's images streamed into temp files beside where they go, processed, placed
// and recorded as each request completes, so finished images are on disk while others are still
// being made. A model that refuses a transparent background gets the key-colour fallback when the
// job (or the person, through the adapter) says so.
import { ImageStudioError, isImageStudioError } from '../client/errors';
import type { ImagesClient } from '../client/imagesClient';
import { isTransparencyRefusal, keyColourRequest } from '../image/keyColour';
import type { ModelCapabilities } from '../models/capabilityTypes';
import { wantsTransparency } from '../save/resultChecks';
import { tempSpool } from '../save/tempSpool';
import type { GeneratedImage, ImagesResult, ProviderConfig } from '../types';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import type { EngineAdapters, EngineJob, EngineRequest, JobFailure, JobResult, PlacedImage } from './engineTypes';
import { editImages, generateImages, varyImages, type FanOutOptions, type FanOutResult } from './fanOut';
import type { Placement } from './placement';
import { processImages } from './processImages';
import type { RequestSlots } from './requestSlots';

/** Where a job runs: the client, the adapters, the placement, and the run's limits. */
export interface JobContext {
  client: ImagesClient;
  adapters: EngineAdapters;
  placement: Placement;
  /** Requests of this job in flight at once. */
  concurrency?: number;
  /** Request slots shared with the rest of a run (an asset build). */
  slots?: RequestSlots;
  signal?: AbortSignal;
  /** The model's row, looked up once by the caller. */
  caps?: ModelCapabilities;
}

/** Runs a job; throws only when nothing could be sent or nothing arrived. */
export async function runJob(job: EngineJob, ctx: JobContext): Promise<JobResult> {
  const date = ctx.adapters.now();
  try {
    return await runOnce(job, job.send, undefined, ctx, date);
  } catch (e) {
    const send = job.send;
    if ((send.route !== 'generations' && send.route !== 'edits') || !wantsTransparency(send.request) || !isTransparencyRefusal(e)) throw e;
    const refusal = (e as Error).message;
    const fallback =
      job.transparencyFallback === 'ask'
        ? await ctx.adapters.decide.transparencyFallback(send.request.model, refusal)
        : !!job.transparencyFallback;
    if (!fallback) throw e;
    ctx.adapters.onEvent?.({ type: 'fallback', model: send.request.model });
    const keyed: EngineRequest =
      send.route === 'generations'
        ? { route: 'generations', request: keyColourRequest(send.request) }
        : { route: 'edits', request: keyColourRequest(send.request) };
    return runOnce(job, keyed, refusal, ctx, date);
  }
}

async function runOnce(
  job: EngineJob,
  send: EngineRequest,
  fallbackReason: string | undefined,
  ctx: JobContext,
  date: Date,
): Promise<JobResult> {
  const { client, adapters, placement } = ctx;
  const placed: PlacedImage[] = [];
  const failures: JobFailure[] = [];
  const warnings: string[] = [];
  // An SVG is text: it is checked whole, so it is never streamed to a temp file.
  const svg = 'outputFormat' in send.request && send.request.outputFormat === 'svg';
  const spool = svg ? undefined : tempSpool(adapters.fs, placement.spoolDir);
  const scope: ArrivalScope = { job, send, fallbackReason, adapters, placement, provider: client.provider, date };
  /** Temp files of images handed to the place stage (the rest of the spool is left over). */
  const claimed = new Set<string>();
  const onResult = async (arrived: ImagesResult): Promise<void> => {
    for (const image of arrived.images) if (image.file) claimed.add(image.file);
    const done = await placeArrived(arrived, scope);
    placed.push(...done.placed);
    failures.push(...done.failures);
    warnings.push(...done.warnings);
  };
  const options: FanOutOptions = {
    ...(ctx.concurrency ? { concurrency: ctx.concurrency } : {}),
    ...(ctx.slots ? { slots: ctx.slots } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.caps ? { caps: ctx.caps } : {}),
    ...(spool ? { spool } : {}),
    ...(adapters.onPartial ? { onPartial: adapters.onPartial } : {}),
    onStage: (stage) => adapters.onEvent?.({ type: 'request', model: send.request.model, stage }),
    onResult,
  };
  let result: FanOutResult | undefined;
  let stopped: unknown;
  try {
    result = await fanOut(client, send, options).catch((e: unknown) => {
      stopped = e;
      return undefined;
    });
    // Cancelled (Ctrl-C, a signal, Cancel) or cut mid-answer: images already whole are billed, and
    // are placed before the partial ones are removed.
    const rescued = spool ? await placeWhole(spool.whole, claimed, scope, send) : undefined;
    placed.push(...(rescued?.placed ?? []));
    failures.push(...(rescued?.failures ?? []));
    warnings.push(...(rescued?.warnings ?? []));
    // What the placement held back (an asset whose candidates all failed its gates) is placed now.
    const finished = await finishPlacement(placement, adapters);
    placed.push(...finished.placed);
    failures.push(...finished.failures);
    warnings.push(...finished.warnings);
    if (!result) {
      if (!rescued?.placed.length && !finished.placed.length) throw stopped;
      failures.push(failureOf(asImageError(stopped), 0, 0));
      result = { endpoint: endpointOf(send), model: send.request.model, images: [], requestIds: [], failures: [], warnings: [] };
    }
  } finally {
    await spool?.removeLeftovers();
  }
  return {
    endpoint: result.endpoint,
    model: result.model,
    route: send.route,
    placed: placed.sort((a, b) => a.index - b.index),
    failures: [...result.failures.map((f) => failureOf(f.error, f.firstIndex, f.count)), ...failures].sort(
      (a, b) => a.firstIndex - b.firstIndex,
    ),
    warnings: [...new Set(warnings)],
    notes: result.warnings,
    cancelled: !!ctx.signal?.aborted,
    requestIds: result.requestIds,
    ...(result.usage ? { usage: result.usage } : {}),
    fellBack: fallbackReason !== undefined,
  };
}

/** What the images of one answer are processed and placed for. */
export interface ArrivalScope {
  job: EngineJob;
  /** What was sent (the key-colour request when the fallback runs). */
  send: EngineRequest;
  fallbackReason?: string;
  adapters: Pick<EngineAdapters, 'fs' | 'pixels' | 'onEvent'>;
  placement: Placement;
  provider: ProviderConfig;
  /** The job's moment (sidecar dates). */
  date: Date;
}

/**
 * The process, place and record stages for one answer's images: an interactive request's, or a
 * Batch API output line's (collect), so both save alike.
 */
export async function placeArrived(
  arrived: ImagesResult,
  scope: ArrivalScope,
): Promise<{ placed: PlacedImage[]; failures: JobFailure[]; warnings: string[] }> {
  const { job, send, adapters, placement } = scope;
  const out = { placed: [] as PlacedImage[], failures: [] as JobFailure[], warnings: [] as string[] };
  adapters.onEvent?.({ type: 'writing', count: arrived.images.length });
  const processed = await processImages(adapters.fs, adapters.pixels, arrived.images, {
    ...(job.protect ? { protect: job.protect } : {}),
    ...(scope.fallbackReason !== undefined ? { fallbackReason: scope.fallbackReason } : {}),
    checkTransparency: wantsTransparency(job.send.request),
    ...(placement.outputs?.resize ? { resize: placement.outputs.resize } : {}),
    ...(placement.outputs?.steps?.length ? { steps: placement.outputs.steps } : {}),
    ...(placement.outputs?.sizes?.length ? { sizes: placement.outputs.sizes } : {}),
    ...(placement.outputs?.checks ? { checks: placement.outputs.checks } : {}),
    label: (index) => placement.label(index),
    isFinal: (index) => placement.isFinal(index),
  });
  out.warnings.push(...processed.notes);
  for (const image of processed.images) {
    const source = {
      request: send.request,
      result: arrived,
      image: image.image,
      provider: scope.provider,
      route: send.route,
      createdAt: scope.date,
    };
    const outcome = await placement.place(image, source, job.sidecarExtra ?? {});
    out.warnings.push(...image.warnings, ...outcome.warnings);
    if (outcome.failure) out.failures.push(outcome.failure);
    if (outcome.placed) {
      out.placed.push(outcome.placed);
      adapters.onEvent?.({ type: 'placed', image: outcome.placed });
    }
  }
  return out;
}

/** Calls the placement's `finish` (when it has one) and gathers what it placed. */
export async function finishPlacement(
  placement: Placement,
  adapters: Partial<Pick<EngineAdapters, 'onEvent'>>,
): Promise<{ placed: PlacedImage[]; failures: JobFailure[]; warnings: string[] }> {
  const out = { placed: [] as PlacedImage[], failures: [] as JobFailure[], warnings: [] as string[] };
  for (const outcome of (await placement.finish?.()) ?? []) {
    out.warnings.push(...outcome.warnings);
    if (outcome.failure) out.failures.push(outcome.failure);
    if (outcome.placed) {
      out.placed.push(outcome.placed);
      adapters.onEvent?.({ type: 'placed', image: outcome.placed });
    }
  }
  return out;
}

/** Places the images that were whole in their temp files but whose answers never completed. */
async function placeWhole(
  whole: readonly GeneratedImage[],
  claimed: ReadonlySet<string>,
  scope: ArrivalScope,
  send: EngineRequest,
): Promise<{ placed: PlacedImage[]; failures: JobFailure[]; warnings: string[] }> {
  const images = whole.filter((image) => image.file && !claimed.has(image.file));
  if (!images.length) return { placed: [], failures: [], warnings: [] };
  const requestIds = [...new Set(images.flatMap((i) => (i.requestId ? [i.requestId] : [])))];
  const done = await placeArrived({ endpoint: endpointOf(send), model: send.request.model, images, requestIds }, scope);
  return {
    ...done,
    warnings: [
      ...done.warnings,
      t('{count} image(s) were whole when the request stopped; they were saved.', { count: done.placed.length }),
    ],
  };
}

function endpointOf(send: EngineRequest): ImagesResult['endpoint'] {
  return send.route === 'edits-as-variation' ? 'edits' : send.route;
}

function asImageError(e: unknown): ImageStudioError {
  return isImageStudioError(e) ? e : new ImageStudioError('network', errorMessage(e));
}

function fanOut(client: ImagesClient, send: EngineRequest, options: FanOutOptions): Promise<FanOutResult> {
  switch (send.route) {
    case 'generations':
      return generateImages(client, send.request, options);
    case 'variations':
      return varyImages(client, send.request, options);
    case 'edits':
    case 'edits-as-variation':
      return editImages(client, send.request, options);
  }
}

function failureOf(error: ImageStudioError, firstIndex: number, count: number): JobFailure {
  return {
    kind: isImageStudioError(error) ? error.kind : 'network',
    ...(error.code ? { code: error.code } : {}),
    message: error.message,
    firstIndex,
    count,
    ...(error.requestId ? { requestId: error.requestId } : {}),
  };
}
