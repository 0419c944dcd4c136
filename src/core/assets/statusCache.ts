// Statuses worked out once and kept: an asset's status needs its inputs' statuses (an input asset
// that is stale makes it stale), so a build that re-planned from scratch before each asset hashed
// every file again and again (quadratic: 120 assets took 6x as long as 60). The cache computes
// each status once, and after an asset is built forgets only that asset and the assets that use
// it, directly or through others.
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import type { ParsedManifest } from './manifestTypes';
import { outputOwners } from './resolve';
import { statusOf, type AssetStatus, type StatusContext } from './status';

/** The statuses of one manifest's assets, each computed at most once until invalidated. */
export class AssetStatusCache {
  private readonly memo = new Map<string, Promise<AssetStatus>>();
  private readonly visiting = new Set<string>();
  private readonly owners: Map<string, string>;
  /** For each asset, the assets that take one of its outputs as an input or mask. */
  private readonly users = new Map<string, Set<string>>();

  constructor(
    private readonly parsed: ParsedManifest,
    private readonly ctx: StatusContext,
  ) {
    this.owners = outputOwners(parsed.manifest);
    for (const [path, spec] of Object.entries(parsed.manifest.assets)) {
      for (const input of [...(spec.inputs ?? []), ...(spec.mask ? [spec.mask] : [])]) {
        const owner = this.owners.get(input);
        if (owner && owner !== path) (this.users.get(owner) ?? this.users.set(owner, new Set()).get(owner)!).add(path);
      }
    }
  }

  /** One asset's status. */
  get(path: string): Promise<AssetStatus> {
    let status = this.memo.get(path);
    if (!status) {
      this.visiting.add(path);
      const lookup = { status: (p: string) => this.get(p), owner: (p: string) => this.owners.get(p), visiting: this.visiting };
      // One entry that cannot be read (a folder at its path, a pipe as its input) is that asset's
      // problem, named in its reason; every other asset is still reported.
      status = statusOf(this.parsed, path, this.ctx, lookup)
        .catch((e: unknown): AssetStatus => ({
          path,
          state: 'invalid',
          reason: t('It cannot be read: {problem}', { problem: errorMessage(e) }),
        }))
        .finally(() => this.visiting.delete(path));
      this.memo.set(path, status);
    }
    return status;
  }

  /** Every asset's status, in manifest order. */
  async all(): Promise<AssetStatus[]> {
    const out: AssetStatus[] = [];
    for (const path of Object.keys(this.parsed.manifest.assets)) out.push(await this.get(path));
    return out;
  }

  /** Forgets `path`'s status and that of every asset that uses it, directly or through others. */
  invalidate(path: string): void {
    const seen = new Set<string>();
    const stack = [path];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      this.memo.delete(next);
      stack.push(...(this.users.get(next) ?? []));
    }
  }

  /** The assets that use `path`'s outputs directly. */
  usersOf(path: string): ReadonlySet<string> {
    return this.users.get(path) ?? new Set();
  }

  /** The asset that writes `output`, if any. */
  ownerOf(output: string): string | undefined {
    return this.owners.get(output);
  }
}

/** Status of every valid asset of a manifest, in manifest order. */
export function assetStatuses(parsed: ParsedManifest, ctx: StatusContext): Promise<AssetStatus[]> {
  return new AssetStatusCache(parsed, ctx).all();
}
