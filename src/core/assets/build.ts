// Runs a build: each planned asset is made, post-processed and saved at its path with its sidecar
// (the lock), one after another in build order. A failed asset is reported and the build goes on;
// finished assets stay saved, so running the build again continues where it stopped.
import type { ImagesClient } from '../client/imagesClient';
import type { HistoryEntry } from '../save/replaceFile';
import type { EditRequest, GenerateRequest, InputImage, ProviderConfig } from '../types';
import type { ParsedManifest } from './manifestTypes';
import { assetRequest, planBuild, type PlanOptions, type PlannedAsset } from './plan';
import { saveAssetImage, type SaveAssetContext, type SavedAsset } from './saveAsset';
import { assetStatuses, type AssetStatus, type StatusContext } from './status';
import { errorMessage } from '../errorMessage';

/** What a build needs beyond the status context. */
export interface BuildContext extends StatusContext, Pick<SaveAssetContext, 'runImageJob'> {
  client: ImagesClient;
  provider: ProviderConfig;
  signal?: AbortSignal;
  /** The clock for history names and sidecar dates (injected in tests). */
  now?: () => Date;
  /** Progress: each asset as it starts and ends. */
  onProgress?(event: BuildEvent): void;
}

/** Progress of a build. */
export type BuildEvent =
  | { type: 'start'; path: string; done: number; total: number }
  | { type: 'built'; path: string; replaced?: HistoryEntry; warnings: string[]; candidates: string[]; done: number; total: number }
  | { type: 'failed'; path: string; message: string; done: number; total: number };

/** The outcome: what was built, skipped and failed. */
export interface BuildOutcome {
  built: Array<{ path: string; replaced?: HistoryEntry; warnings: string[]; candidates: string[] }>;
  skipped: Array<{ path: string; reason: string }>;
  failed: Array<{ path: string; message: string }>;
  unknown: string[];
  cancelled: boolean;
}

/** Builds what the plan says, re-checking each asset just before it is made (an input built earlier in the run changes its dependants). */
export async function runBuild(parsed: ParsedManifest, ctx: BuildContext, options: PlanOptions = {}): Promise<BuildOutcome> {
  const first = planBuild(parsed, await assetStatuses(parsed, ctx), options);
  const outcome: BuildOutcome = { built: [], skipped: [], failed: [], unknown: first.unknown, cancelled: false };
  const total = first.entries.filter((e) => e.action === 'build').length;
  let done = 0;
  for (const planned of first.entries) {
    if (ctx.signal?.aborted) {
      outcome.cancelled = true;
      break;
    }
    // Fresh status: an input rebuilt a moment ago makes this asset stale.
    const now = planBuild(parsed, await assetStatuses(parsed, ctx), { ...options, paths: [planned.status.path] }).entries[0] ?? planned;
    if (now.action === 'skip') {
      outcome.skipped.push({ path: now.status.path, reason: now.reason });
      continue;
    }
    const path = now.status.path;
    ctx.onProgress?.({ type: 'start', path, done, total });
    try {
      const saved = await buildOne(now, ctx, !!options.force);
      done++;
      const built = {
        path,
        ...(saved.replaced ? { replaced: saved.replaced } : {}),
        warnings: saved.warnings,
        candidates: saved.candidates,
      };
      outcome.built.push(built);
      ctx.onProgress?.({ type: 'built', ...built, done, total });
    } catch (e) {
      done++;
      const message = errorMessage(e);
      if (ctx.signal?.aborted) {
        outcome.cancelled = true;
        break;
      }
      outcome.failed.push({ path, message });
      ctx.onProgress?.({ type: 'failed', path, message, done, total });
    }
  }
  return outcome;
}

async function buildOne(planned: PlannedAsset, ctx: BuildContext, force: boolean): Promise<SavedAsset> {
  const status = planned.status;
  const asset = status.resolved!;
  const load = async (path: string): Promise<InputImage> => ({
    bytes: await ctx.fs.readFile(ctx.fs.join(ctx.dir, path)),
    filename: path.split('/').pop()!,
  });
  const images = await Promise.all(asset.inputs.map(load));
  const mask = asset.mask ? await load(asset.mask) : undefined;
  const markup = asset.markup ? await load(asset.markup) : undefined;
  const request = assetRequest(asset, images, mask, markup);
  const call = { ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const result =
    asset.kind === 'edit'
      ? await ctx.client.edit(request as EditRequest, call)
      : await ctx.client.generate(request as GenerateRequest, call);
  const [image, ...candidates] = result.images;
  if (!image) throw new Error('The API answered without an image.');
  return saveAssetImage(ctx, { status, request, result, image, candidates, force });
}

export type { AssetStatus };
