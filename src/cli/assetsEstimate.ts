// What `assets build --dry-run` says an asset would cost: the built-in price table's estimate for
// its model, quality, size and n, scaled by complexity where the row prices it (the 2.6 models).
// Always an estimate, and said to be one.
import type { AssetStatus } from '../core/assets/status';
import { DEFAULT_PRICES, describeComplexity, estimateCost, formatUsd, type CostEstimate } from '../core/pricing';

/** The estimate of one asset's request, or undefined when the table has no price for it. */
export function estimateAsset(status: AssetStatus): CostEstimate | undefined {
  const a = status.resolved;
  if (!a) return undefined;
  const complexity = a.options.complexity;
  return estimateCost(DEFAULT_PRICES, {
    model: a.model,
    quality: String(a.options.quality ?? 'auto'),
    size: String(a.options.size ?? 'auto'),
    n: a.n,
    ...(complexity !== undefined ? { complexity: String(complexity) } : {}),
  });
}

/** "≈ $0.033–$0.044, complexity low ×3–4 (…)" or "no price in the table". */
export function describeEstimate(est: CostEstimate | undefined): string {
  if (!est) return 'no price in the table';
  const amount = est.low === est.high ? formatUsd(est.low) : `${formatUsd(est.low)}–${formatUsd(est.high)}`;
  return `≈ ${amount}${est.complexity ? `, ${describeComplexity(est.complexity)}` : ''}`;
}

/** The total line of a dry run (estimates only; assets without a price are counted apart). */
export function describeTotal(estimates: Array<CostEstimate | undefined>): string {
  const priced = estimates.filter((e): e is CostEstimate => e !== undefined);
  const low = priced.reduce((s, e) => s + e.low, 0);
  const high = priced.reduce((s, e) => s + e.high, 0);
  const amount = low === high ? formatUsd(low) : `${formatUsd(low)}–${formatUsd(high)}`;
  const unpriced = estimates.length - priced.length;
  return `estimated cost: ${amount} for ${priced.length} asset(s)${unpriced ? ` (${unpriced} without a price)` : ''}, at the prices of ${DEFAULT_PRICES.asOf}; an estimate, not a bill`;
}
