// What `assets build --dry-run` says a build would cost, and `--max-cost`: the built-in price
// table's estimate for each asset's model, quality, size and n, scaled by complexity where the row
// prices it (the 2.6 models), at half the price with --batch. An asset re-processed from its kept
// raw image sends nothing and costs nothing. Always an estimate, and said to be one.
import type { BuildEstimate } from '../core/assets/estimate';
import { costQuery, reprocessOnly } from '../core/assets/estimate';
import type { PlannedAsset } from '../core/assets/plan';
import type { SectionStatus } from '../core/assets/sections/buildSections';
import type { AssetStatus } from '../core/assets/status';
import { DEFAULT_PRICES, describeComplexity, estimateCost, formatUsd, type CostEstimate } from '../core/pricing';

type Say = (text: string) => void;

/** The estimate of one asset's request, or undefined when the table has no price for it. */
export function estimateAsset(status: AssetStatus): CostEstimate | undefined {
  return status.resolved ? estimateCost(DEFAULT_PRICES, costQuery(status.resolved)) : undefined;
}

/** "≈ $0.033–$0.044, complexity low ×3–4 (…)" or "no price in the table". */
export function describeEstimate(est: CostEstimate | undefined): string {
  if (!est) return 'no price in the table';
  const amount = est.low === est.high ? formatUsd(est.low) : `${formatUsd(est.low)}–${formatUsd(est.high)}`;
  return `≈ ${amount}${est.complexity ? `, ${describeComplexity(est.complexity)}` : ''}`;
}

/** The total line of a dry run (estimates only; assets without a price are counted apart). */
export function describeTotal(estimates: Array<CostEstimate | undefined>, build: BuildEstimate): string {
  const priced = estimates.filter((e): e is CostEstimate => e !== undefined);
  const low = priced.reduce((s, e) => s + e.low, 0);
  const high = priced.reduce((s, e) => s + e.high, 0);
  const amount = low === high ? formatUsd(low) : `${formatUsd(low)}–${formatUsd(high)}`;
  const unpriced = estimates.length - priced.length;
  // The sheets are sent interactively: the batch figure is the assets' alone, each at half the
  // price when a batch can carry it and at full price when it is built interactively instead.
  const batched = build.assets.filter((a) => !a.section).reduce((sum, a) => sum + (a.usd ?? 0), 0);
  const batch = build.batch ? `; through the Batch API (half the price for what a batch takes): ${formatUsd(batched)}` : '';
  return `estimated cost: ${amount} for ${priced.length} asset(s)${unpriced ? ` (${unpriced} without a price)` : ''}${batch}, at the prices of ${DEFAULT_PRICES.asOf}; an estimate, not a bill`;
}

/** Prints a dry run: each asset with its estimate or why it is skipped, the total, then the section entries. */
export function printDryRun(
  entries: readonly PlannedAsset[],
  estimate: BuildEstimate,
  o: { json: boolean; force: boolean; sections: readonly SectionStatus[] },
  say: Say,
): void {
  // Each asset that sends a request, with its range (complexity counted where the model prices it).
  const ranges = new Map(
    entries.filter((e) => e.action === 'build' && !reprocessOnly(e.status, o.force)).map((e) => [e.status.path, estimateAsset(e.status)]),
  );
  if (o.json) {
    const listed = entries.map((e) => ({
      path: e.status.path,
      action: e.action,
      reason: e.reason,
      ...(e.status.stale ? { stale: e.status.stale } : {}),
      ...(ranges.get(e.status.path) ? { estimate: ranges.get(e.status.path) } : {}),
    }));
    say(`${JSON.stringify({ ok: true, dryRun: true, entries: listed, estimate })}\n`);
    return;
  }
  for (const e of entries) {
    const path = e.status.path;
    if (e.action !== 'build') say(`skip        ${path}  (${e.reason})\n`);
    else if (!ranges.has(path)) say(`would build ${path}  (${e.reason}; no request: re-processed from its raw image)\n`);
    else say(`would build ${path}  (${e.reason}; ${describeEstimate(ranges.get(path))})\n`);
  }
  if (entries.length) say(`${describeTotal([...ranges.values()], estimate)}\n`);
  const sheets = new Map(estimate.assets.filter((a) => a.section).map((a) => [a.path, a.usd]));
  for (const s of o.sections) {
    const usd = sheets.get(s.path);
    const cost = !sheets.has(s.path) ? '' : usd === null || usd === undefined ? '  no price in the table' : `  ≈ ${formatUsd(usd)}`;
    const action = o.force || s.state === 'missing' || s.state === 'stale' ? 'would build' : 'skip       ';
    say(`${action} ${s.path}  (${s.reason})  [${s.section}]${cost}\n`);
  }
  if (sheets.size) say(`estimated total with the sheets: ${formatUsd(estimate.total)}; an estimate, not a bill\n`);
}

/**
 * Refuses a build that could cost more than `--max-cost` (the top of its estimate, as the MCP
 * server's limit does: a ceiling the middle of a range would let through), or that the table
 * cannot price; true when refused.
 */
export function refusedOverCost(estimate: BuildEstimate, maxCost: number, fail: Say): boolean {
  if (estimate.unpriced.length)
    fail(
      `refusing to build: the price table has no price for ${estimate.unpriced.join(', ')}, so the cost cannot be held to --max-cost ${formatUsd(maxCost)}; nothing was sent`,
    );
  else if (estimate.highest > maxCost) {
    const amount =
      estimate.highest === estimate.total
        ? `the estimate ${formatUsd(estimate.total)}`
        : `the estimate (≈ ${formatUsd(estimate.total)}) could reach ${formatUsd(estimate.highest)}, which`;
    fail(`refusing to build: ${amount} is above --max-cost ${formatUsd(maxCost)}; nothing was sent`);
  }
  return estimate.unpriced.length > 0 || estimate.highest > maxCost;
}
