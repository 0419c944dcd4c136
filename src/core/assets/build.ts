// Runs a build: each planned asset is made, post-processed and saved at its path with its sidecar
// (the lock), one after another in build order. A failed asset is reported and the build goes on;
// finished assets stay saved, so running the build again continues where it stopped.
import type { ImagesClient } from '../client/imagesClient';
import { isImageStudioError } from '../client/errors';
import { buildProvenance, sha256Hex } from '../provenance';
import { resizePng } from '../save/postProcess';
import { replaceWithHistory, type HistoryEntry } from '../save/replaceFile';
import type { EditRequest, GenerateRequest, InputImage, ProviderConfig } from '../types';
import type { ParsedManifest } from './manifestTypes';
import { HISTORY_FOLDER } from './manifestRules';
import { assetRequest, planBuild, type PlanOptions, type PlannedAsset } from './plan';
import { assetStatuses, readAssetRecord, type AssetRecord, type AssetStatus, type StatusContext } from './status';

/** What a build needs beyond the status context. */
export interface BuildContext extends StatusContext {
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
  | { type: 'built'; path: string; replaced?: HistoryEntry; done: number; total: number }
  | { type: 'failed'; path: string; message: string; done: number; total: number };

/** The outcome: what was built, skipped and failed. */
export interface BuildOutcome {
  built: Array<{ path: string; replaced?: HistoryEntry }>;
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
      const replaced = await buildOne(now, ctx, !!options.force);
      done++;
      outcome.built.push({ path, ...(replaced ? { replaced } : {}) });
      ctx.onProgress?.({ type: 'built', path, ...(replaced ? { replaced } : {}), done, total });
    } catch (e) {
      done++;
      const message = isImageStudioError(e) || e instanceof Error ? e.message : String(e);
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

async function buildOne(planned: PlannedAsset, ctx: BuildContext, force: boolean): Promise<HistoryEntry | undefined> {
  const status = planned.status;
  const asset = status.resolved!;
  const load = async (path: string): Promise<InputImage> => ({ bytes: await ctx.fs.readFile(ctx.fs.join(ctx.dir, path)), filename: path.split('/').pop()! });
  const images = await Promise.all(asset.inputs.map(load));
  const mask = asset.mask ? await load(asset.mask) : undefined;
  const request = assetRequest(asset, images, mask);
  const call = { ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const result = asset.kind === 'edit' ? await ctx.client.edit(request as EditRequest, call) : await ctx.client.generate(request as GenerateRequest, call);
  const image = result.images[0];
  if (!image) throw new Error('The API answered without an image.');
  if (image.format !== asset.format) throw new Error(`The API returned ${image.format} but ${asset.path} asks for ${asset.format}; nothing was written.`);
  const bytes = asset.resize ? await resizePng(image.bytes, asset.resize) : image.bytes;
  const record: AssetRecord = { path: asset.path, specHash: status.specHash!, sha256: await sha256Hex(bytes) };
  const provenance = await buildProvenance({ request, result, image, provider: ctx.provider, ...(ctx.now ? { createdAt: ctx.now() } : {}) });
  // Inputs by their manifest path (the sidecar records names and hashes, never absolute paths).
  const sidecar = { ...provenance, inputs: provenance.inputs.map((input, i) => ({ ...input, filename: status.inputs?.[i]?.path ?? input.filename })), ...(asset.resize ? { postProcess: { resize: asset.resize } } : {}), asset: record };
  const target = ctx.fs.join(ctx.dir, asset.path);
  return replaceWithHistory({
    fs: ctx.fs,
    path: target,
    historyDir: ctx.fs.join(ctx.dir, `${HISTORY_FOLDER}/${asset.path}`),
    now: ctx.now?.() ?? new Date(),
    // The file may have been edited while the image was made: never replace a hand edit silently.
    beforeReplace: async () => {
      if (force || !(await ctx.fs.exists(target))) return;
      const recorded = await readAssetRecord(ctx.fs, target);
      if (!recorded || recorded.sha256 !== (await sha256Hex(await ctx.fs.readFile(target)))) throw new Error(`${asset.path} was changed by hand while it was being built; it is left alone (the new image was not written).`);
    },
  }, bytes, sidecar);
}

export type { AssetStatus };
