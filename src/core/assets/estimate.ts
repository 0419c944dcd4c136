// What a build will cost before anything is sent: each asset it would make, priced from the price
// table (the middle of the range when quality, size or complexity leaves one, and its top, which a
// spending limit is held to), at half the price through the Batch API. An asset re-processed from
// its kept raw image sends no request and costs nothing.
import { notBatchableReason } from '../batch/batchTarget';
import type { ModelCatalogue } from '../models/modelCatalogue';
import { estimateCost, type PriceTable } from '../pricing';
import type { PlannedAsset } from './plan';
import type { ResolvedAsset } from './resolve';
import type { AssetStatus } from './status';

/** The Batch API's price against an interactive request's. */
export const BATCH_PRICE_FACTOR = 0.5;

/** One asset's estimate; `usd` null when the table has no price for its model, quality and size. */
export interface AssetEstimate {
  path: string;
  usd: number | null;
  /** The top of the range (equal to `usd` when quality, size and complexity are fixed); null with `usd`. */
  highest: number | null;
  /** Re-processed from its raw image: no request. */
  reprocess?: boolean;
  /** Set for a section entry (a sprite sheet's requests), absent for an asset. */
  section?: 'sheets';
}

/** A build's estimate: the total of the priced assets, and each asset. */
export interface BuildEstimate {
  total: number;
  /** The total of the ranges' tops: what the build could cost at most, by the table. */
  highest: number;
  currency: 'USD';
  assets: AssetEstimate[];
  /** Priced at the Batch API's price. */
  batch: boolean;
  /** Assets the table cannot price (their cost is not in the total). */
  unpriced: string[];
}

/** Prices the assets a plan builds. */
export function estimateBuild(
  entries: readonly PlannedAsset[],
  table: PriceTable,
  // `batch`: priced for the Batch API, by the catalogue that says which models a batch takes.
  options: { batch?: { models: ModelCatalogue }; force?: boolean } = {},
): BuildEstimate {
  const assets: AssetEstimate[] = [];
  for (const e of entries) {
    if (e.action !== 'build') continue;
    const s = e.status;
    const a = s.resolved;
    if (reprocessOnly(s, !!options.force)) {
      assets.push({ path: s.path, usd: 0, highest: 0, reprocess: true });
      continue;
    }
    const cost = a && estimateCost(table, costQuery(a));
    // Only what a batch can carry is sent in one: the rest (a 2.6 model, a markup edit) is built interactively, at full price.
    const factor = options.batch && a && !notBatchableReason(options.batch.models, a) ? BATCH_PRICE_FACTOR : 1;
    assets.push({
      path: s.path,
      usd: cost ? round(((cost.low + cost.high) / 2) * factor) : null,
      highest: cost ? round(cost.high * factor) : null,
    });
  }
  return { ...totals(assets), currency: 'USD', assets, batch: !!options.batch };
}

/** The totals of a list of estimates, and the entries the table could not price. */
export function totals(assets: readonly AssetEstimate[]): Pick<BuildEstimate, 'total' | 'highest' | 'unpriced'> {
  return {
    total: round(assets.reduce((sum, a) => sum + (a.usd ?? 0), 0)),
    highest: round(assets.reduce((sum, a) => sum + (a.highest ?? 0), 0)),
    unpriced: assets.filter((a) => a.usd === null).map((a) => a.path),
  };
}

/** True when building the asset re-processes its kept raw image: only its steps changed, no request. */
export function reprocessOnly(status: AssetStatus, force: boolean): boolean {
  return status.state === 'stale' && status.stale === 'processing' && !force;
}

/** What the price table is asked for an asset: its model, quality, size, n and complexity. */
export function costQuery(a: ResolvedAsset): Parameters<typeof estimateCost>[1] {
  const complexity = a.options.complexity;
  return {
    model: a.model,
    quality: String(a.options.quality ?? 'auto'),
    size: String(a.options.size ?? 'auto'),
    n: a.n,
    ...(complexity !== undefined ? { complexity: String(complexity) } : {}),
  };
}

// Cents to a tenth of a cent's precision survive sums without float noise (0.1 + 0.2).
function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
