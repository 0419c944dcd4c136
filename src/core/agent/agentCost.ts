// What an agent's call is estimated to cost, from the price table (core/pricing.ts), and the
// default limit the MCP server holds calls to. A model the table has no price for is priced as the
// default model's high-quality image, so an unknown model can never make a call look free.
import { t } from '../l10n';
import { DEFAULT_MODEL } from '../models/defaultModel';
import { estimateCost, formatUsd, type PriceTable } from '../pricing';
import type { PlannedCost } from './agentContext';

/** One priced piece of a call: `n` images of a model at a quality and size (absent: any the model may pick). */
export interface CostItem {
  model: string;
  quality?: string;
  size?: string;
  n: number;
}

/**
 * The MCP server's default --max-cost: one high-quality image (the dearest size) of the dearest
 * model in the price table, so that one image of any model the user picks goes through unasked.
 * (The default model's alone became too low once it was priced by its tokens: a 2.6 edit, priced
 * higher, was refused by default.)
 */
export function defaultMaxCost(prices: PriceTable): number {
  const highs = [DEFAULT_MODEL, ...Object.keys(prices.models)].map(
    (model) => estimateCost(prices, { model, quality: 'high', n: 1 })?.high ?? 0,
  );
  return Math.max(...highs) || 0.25;
}

/** The estimate of a call made of `items` (a generation, an edit, the assets of a build). */
export function planCost(prices: PriceTable, items: readonly CostItem[], extra?: 'inputs'): PlannedCost {
  let low = 0;
  let high = 0;
  const unpriced = new Set<string>();
  const notes = new Set<string>();
  const fallback = defaultMaxCost(prices);
  for (const item of items) {
    const estimate = estimateCost(prices, item);
    if (estimate) {
      low += estimate.low;
      high += estimate.high;
      if (estimate.note) notes.add(`${item.model}: ${estimate.note}`);
    } else {
      unpriced.add(item.model);
      low += fallback * item.n;
      high += fallback * item.n;
    }
  }
  const amount =
    Math.abs(high - low) < 0.0005
      ? t('about {amount}', { amount: formatUsd(high) })
      : t('{low} to {high}', { low: formatUsd(low), high: formatUsd(high) });
  const why = [
    ...(unpriced.size
      ? [
          t('no price is known for {models}: counted as {amount} an image', {
            models: [...unpriced].join(', '),
            amount: formatUsd(fallback),
          }),
        ]
      : []),
    ...(extra === 'inputs' ? [t('plus the input images, billed as input tokens')] : []),
    ...notes,
  ];
  return { low, high, text: why.length ? `${amount} (${why.join('; ')})` : amount };
}

/** The confirmation's lines: what is sent, where files go, and the estimate. */
export function describePlan(plan: { sends?: string; writes?: string; cost?: PlannedCost }): string[] {
  return [
    plan.sends ? t('Sends: {what}', { what: plan.sends }) : t('Sends nothing to the Images API.'),
    ...(plan.writes ? [t('Writes: {where}', { where: plan.writes })] : []),
    ...(plan.cost ? [t('Estimated cost: {cost}', { cost: plan.cost.text })] : []),
  ];
}
