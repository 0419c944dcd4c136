// An asset build through the engine: plan what is missing or stale, then schedule the assets as a
// dependency graph (an asset starts as soon as the assets it takes as inputs are built), up to
// `concurrency` requests in flight across the whole run. Each asset is one engine job placed at its
// path; after it is built only the assets that use it are checked again. A failed asset is reported
// and the build goes on; finished assets stay saved, so running the build again continues.
import type { ImagesClient } from '../client/imagesClient';
import { errorMessage } from '../errorMessage';
import { buildAssetRequest } from '../jobRequests';
import { t } from '../l10n';
import type { ParsedManifest } from '../assets/manifestTypes';
import { decide, planBuild, type PlanCode, type PlanOptions } from '../assets/plan';
import type { AssetStatus, StatusContext } from '../assets/status';
import { AssetStatusCache } from '../assets/statusCache';
import type { HistoryEntry } from '../save/replaceFile';
import { loadAssetInputs } from '../assets/assetInputs';
import type { EngineAdapters } from './engineTypes';
import { assetJob } from './assetJob';
import { DEFAULT_CONCURRENCY } from './fanOut';
import { placeAsset } from './placeAsset';
import { RequestSlots } from './requestSlots';
import { runJob } from './runJob';
import { runGraph } from './scheduler';

/** What a build needs beyond the status context. */
export interface AssetBuildContext extends StatusContext {
  client: ImagesClient;
  adapters: EngineAdapters;
  /** Requests in flight at once across the whole build (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  /**
   * The build's `--transparency-fallback` (true: as if every asset said `"transparencyFallback":
   * true`); 'ask' leaves a refusal to the adapter's decision (a button, or the flag's hint).
   */
  transparencyFallback?: boolean | 'ask';
  /** Progress: each asset as it starts and ends. */
  onProgress?(event: BuildEvent): void;
}

/** One asset built. */
export interface BuiltAsset {
  path: string;
  replaced?: HistoryEntry;
  /** The saved file is not what the manifest declares (opaque "transparent", pixels not protected): CI fails. */
  warnings: string[];
  /** About the request (a preview feature, an unknown model): said, not failed. */
  notes: string[];
  /** Candidate images kept to pick from (paths as the file system names them). */
  candidates: string[];
}

/** Progress of a build. */
export type BuildEvent =
  | { type: 'start'; path: string; /** 1-based, in the order assets start. */ index: number; done: number; total: number }
  | ({ type: 'built'; done: number; total: number } & BuiltAsset)
  | { type: 'failed'; path: string; message: string; done: number; total: number };

/** The outcome: what was built, skipped and failed. */
export interface BuildOutcome {
  built: BuiltAsset[];
  skipped: Array<{ path: string; code: PlanCode; reason: string }>;
  failed: Array<{ path: string; message: string }>;
  unknown: string[];
  cancelled: boolean;
}

/** Builds what the plan says; each asset is checked again just before it is made when one of its inputs was built in this run. */
export async function buildAssets(parsed: ParsedManifest, ctx: AssetBuildContext, options: PlanOptions = {}): Promise<BuildOutcome> {
  const cache = new AssetStatusCache(parsed, ctx);
  const plan = planBuild(parsed, await cache.all(), options);
  const outcome: BuildOutcome = { built: [], skipped: [], failed: [], unknown: plan.unknown, cancelled: false };
  const wanted = plan.entries.filter((e) => e.action === 'build').map((e) => e.status.path);
  for (const e of plan.entries) if (e.action === 'skip') outcome.skipped.push({ path: e.status.path, code: e.code, reason: e.reason });
  const total = wanted.length;
  const failed = new Set<string>();
  const inRun = new Set(wanted);
  const slots = new RequestSlots(ctx.concurrency ?? DEFAULT_CONCURRENCY);
  let done = 0;
  let started = 0;
  const inputsOf = (path: string): string[] => {
    const spec = parsed.manifest.assets[path];
    return [...(spec?.inputs ?? []), ...(spec?.mask ? [spec.mask] : [])]
      .map((input) => cache.ownerOf(input))
      .filter((owner): owner is string => !!owner && owner !== path);
  };
  const buildOne = async (path: string): Promise<void> => {
    if (ctx.signal?.aborted) return;
    const failedInput = inputsOf(path).find((input) => failed.has(input));
    if (failedInput) {
      failed.add(path);
      const message = t('Not built: its input {input} failed in this run.', { input: failedInput });
      outcome.failed.push({ path, message });
      ctx.onProgress?.({ type: 'failed', path, message, done, total });
      return;
    }
    const status = await cache.get(path);
    const now = decide(status, !!options.force);
    if (now.action === 'skip') {
      outcome.skipped.push({ path, code: now.code, reason: now.reason });
      return;
    }
    ctx.onProgress?.({ type: 'start', path, index: ++started, done, total });
    try {
      const built = await buildAsset(status, ctx, slots, !!options.force);
      done++;
      outcome.built.push(built);
      // Only this asset's users can have changed state.
      cache.invalidate(path);
      ctx.onProgress?.({ type: 'built', ...built, done, total });
    } catch (e) {
      done++;
      failed.add(path);
      if (ctx.signal?.aborted) return;
      const message = errorMessage(e);
      outcome.failed.push({ path, message });
      ctx.onProgress?.({ type: 'failed', path, message, done, total });
    }
  };
  const nodes = wanted.map((path) => ({ key: path, after: inputsOf(path).filter((input) => inRun.has(input)) }));
  await runGraph(nodes, slots.size, buildOne, ctx.signal);
  outcome.cancelled = !!ctx.signal?.aborted;
  return outcome;
}

/** One asset as one engine job, placed at its path. */
async function buildAsset(status: AssetStatus, ctx: AssetBuildContext, slots: RequestSlots, force: boolean): Promise<BuiltAsset> {
  const { images, mask, markup } = await loadAssetInputs(ctx.fs, ctx.dir, status);
  const job = assetJob(status, buildAssetRequest(status.resolved!, images, mask, markup), {
    transparencyFallback: status.resolved!.transparencyFallback || (ctx.transparencyFallback ?? false),
  });
  const result = await runJob(job, {
    client: ctx.client,
    adapters: ctx.adapters,
    placement: placeAsset({ fs: ctx.fs, dir: ctx.dir, status, force, now: ctx.adapters.now() }),
    slots,
    concurrency: slots.size,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const main = result.placed.find((p) => !p.candidate);
  const candidates = result.placed.filter((p) => p.candidate).map((p) => p.path);
  if (!main) {
    const why = [...result.failures.map((f) => f.message), ...result.warnings].join(' ');
    throw new Error(why || t('The API answered without a usable image.'));
  }
  return {
    path: status.path,
    ...(main.replaced ? { replaced: main.replaced } : {}),
    warnings: [...result.warnings, ...result.failures.map((f) => f.message)],
    notes: result.notes,
    candidates,
  };
}
