// Which assets a build would make; no file is written and nothing is sent here, so `--dry-run`,
// the view and a batch runner can share it.
import { t } from '../l10n';
import type { ParsedManifest } from './manifestTypes';
import { outputOwners } from './resolve';
import type { AssetStatus } from './status';

/**
 * Why an asset is built or skipped, as a code the callers branch on (the view counts the hand
 * edits it left alone); `reason` words it for people.
 */
export type PlanCode = 'invalid' | 'missing' | 'stale' | 'changed-by-hand' | 'forced' | 'up-to-date';

/** What a build will do with one asset. */
export interface PlannedAsset {
  status: AssetStatus;
  action: 'build' | 'skip';
  code: PlanCode;
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

/** What the build does with an asset in this state. */
export function decide(s: AssetStatus, force: boolean): Omit<PlannedAsset, 'status'> {
  switch (s.state) {
    case 'invalid':
      return { action: 'skip', code: 'invalid', reason: t('invalid: {reason}', { reason: s.reason }) };
    case 'missing':
      return { action: 'build', code: 'missing', reason: t('missing') };
    case 'stale':
      return { action: 'build', code: 'stale', reason: t('stale') };
    case 'changed-by-hand':
      return force
        ? { action: 'build', code: 'forced', reason: t('changed by hand, replaced because of --force (the file is kept in the history)') }
        : {
            action: 'skip',
            code: 'changed-by-hand',
            reason: t('changed by hand: left alone (use --force to replace it; it is kept in the history)'),
          };
    case 'up-to-date':
      return force
        ? { action: 'build', code: 'forced', reason: t('up to date, rebuilt because of --force') }
        : { action: 'skip', code: 'up-to-date', reason: t('up to date') };
  }
}

/** Manifest keys ordered so that every asset comes after the assets it takes as inputs. */
export function buildOrder(parsed: ParsedManifest): string[] {
  const assets = parsed.manifest.assets;
  const owners = outputOwners(parsed.manifest);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string, trail: Set<string>): void => {
    if (seen.has(path) || trail.has(path)) return;
    trail.add(path);
    const spec = assets[path];
    for (const input of [...(spec?.inputs ?? []), ...(spec?.mask ? [spec.mask] : []), ...(spec?.markup ? [spec.markup] : [])]) {
      const owner = owners.get(input);
      if (owner) visit(owner, trail);
    }
    trail.delete(path);
    seen.add(path);
    order.push(path);
  };
  for (const path of Object.keys(assets)) visit(path, new Set());
  return order;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}
