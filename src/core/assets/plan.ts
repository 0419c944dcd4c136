// Which assets a build would make, and the request each stands for; no file is written and nothing
// is sent here, so `--dry-run`, the view and a batch runner can share it.
import type { EditRequest, GenerateRequest, InputImage } from '../types';
import type { ParsedManifest } from './manifestTypes';
import { outputOwner, type ResolvedAsset } from './resolve';
import type { AssetStatus } from './status';

/** What a build will do with one asset. */
export interface PlannedAsset {
  status: AssetStatus;
  action: 'build' | 'skip';
  /** Why, for people (e.g. "missing", "changed by hand: use --force"). */
  reason: string;
}

/** Options of a build: which assets (manifest keys; all when empty) and whether to force. */
export interface PlanOptions {
  paths?: string[];
  force?: boolean;
}

/** The plan, in build order (an asset after the assets it uses as inputs). */
export interface BuildPlan {
  entries: PlannedAsset[];
  /** Requested paths that are not assets of the manifest. */
  unknown: string[];
}

/** Decides what to build from fresh statuses. */
export function planBuild(parsed: ParsedManifest, statuses: AssetStatus[], options: PlanOptions = {}): BuildPlan {
  const wanted = options.paths?.length ? new Set(options.paths.map(normalise)) : undefined;
  const unknown = wanted ? [...wanted].filter((p) => !(p in parsed.manifest.assets)) : [];
  const byPath = new Map(statuses.map((s) => [s.path, s]));
  const entries: PlannedAsset[] = [];
  for (const path of buildOrder(parsed)) {
    const status = byPath.get(path);
    if (!status || (wanted && !wanted.has(path))) continue;
    entries.push({ status, ...decide(status, !!options.force) });
  }
  return { entries, unknown };
}

function decide(s: AssetStatus, force: boolean): Omit<PlannedAsset, 'status'> {
  switch (s.state) {
    case 'invalid':
      return { action: 'skip', reason: `invalid: ${s.reason}` };
    case 'missing':
      return { action: 'build', reason: 'missing' };
    case 'stale':
      return { action: 'build', reason: 'stale' };
    case 'changed-by-hand':
      return force
        ? { action: 'build', reason: 'changed by hand, replaced because of --force (the file is kept in the history)' }
        : { action: 'skip', reason: 'changed by hand: left alone (use --force to replace it; it is kept in the history)' };
    case 'up-to-date':
      return force ? { action: 'build', reason: 'up to date, rebuilt because of --force' } : { action: 'skip', reason: 'up to date' };
  }
}

/** Manifest keys ordered so that every asset comes after the assets it takes as inputs. */
export function buildOrder(parsed: ParsedManifest): string[] {
  const assets = parsed.manifest.assets;
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string, trail: Set<string>): void => {
    if (seen.has(path) || trail.has(path)) return;
    trail.add(path);
    const spec = assets[path];
    for (const input of [...(spec?.inputs ?? []), ...(spec?.mask ? [spec.mask] : []), ...(spec?.markup ? [spec.markup] : [])]) {
      const owner = outputOwner(parsed.manifest, input);
      if (owner) visit(owner, trail);
    }
    trail.delete(path);
    seen.add(path);
    order.push(path);
  };
  for (const path of Object.keys(assets)) visit(path, new Set());
  return order;
}

/** The request an asset stands for, given its inputs' bytes (images first, then the mask or the markup). */
export function assetRequest(
  asset: ResolvedAsset,
  images: InputImage[],
  mask?: InputImage,
  markup?: InputImage,
): GenerateRequest | EditRequest {
  const common = {
    model: asset.model,
    prompt: asset.prompt,
    n: asset.n,
    ...asset.options,
    ...(asset.outputFormat ? { outputFormat: asset.outputFormat } : {}),
  };
  return asset.kind === 'edit' ? { ...common, images, ...(mask ? { mask } : {}), ...(markup ? { markup } : {}) } : common;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}
