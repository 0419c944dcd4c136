// The smaller parts around the form: the prompt's character counter, the cost estimate before
// sending, the running total of the gallery, jobs started from commands, and the filter choices.
// All cost figures are estimates from a price table (core/pricing.ts) and say so.
import { describeComplexity, estimateCost, formatUsd } from '../../core/pricing';
import type { ExternalJobMessage, ModelChoice, PriceTable, ResultView } from '../../shared/protocol';
import { effectiveSize, type StudioMode, type StudioSelection } from '../../shared/studioOptions';
import { h } from './dom';
import { t } from '../l10n';

/** "123 / 32,000 characters", marked and saying by how much when over the model's limit; returns whether it is. */
export function renderCounter(el: HTMLElement, length: number, max: number): boolean {
  const args = { length: length.toLocaleString('en-US'), max: max.toLocaleString('en-US'), excess: (length - max).toLocaleString('en-US') };
  const over = length > max;
  // Said before sending: a refused prompt would otherwise only be found out at the model.
  el.textContent = over ? t('{length} / {max} characters: {excess} too many for this model', args) : t('{length} / {max} characters', args);
  el.classList.toggle('over', over);
  return over;
}

/** The estimate line for the form as it stands, or undefined when the table has no price for it. */
export function estimateText(
  prices: PriceTable | undefined,
  choice: ModelChoice,
  sel: StudioSelection,
  mode: StudioMode,
): string | undefined {
  if (!prices) return undefined;
  const size = effectiveSize(choice, sel) || 'auto';
  const est = estimateCost(prices, {
    model: choice.model,
    quality: mode === 'variation' ? '*' : sel.quality,
    size,
    n: sel.n,
    // Unset: the model's default complexity (high for the 2.6 models), which the price row names.
    ...(mode !== 'variation' && sel.complexity ? { complexity: sel.complexity } : {}),
  });
  if (!est) return t('No price for {model} in the price table (imageStudio.prices).', { model: choice.model });
  const amount = est.low === est.high ? formatUsd(est.low) : `${formatUsd(est.low)}–${formatUsd(est.high)}`;
  const autoQuality = mode !== 'variation' && (!sel.quality || sel.quality === 'auto');
  const autoSize = size === 'auto';
  const picks =
    autoQuality && autoSize
      ? t(' (auto picks the quality and size)')
      : autoQuality
        ? t(' (auto picks the quality)')
        : autoSize
          ? t(' (auto picks the size)')
          : '';
  const why = est.low === est.high ? '' : picks;
  const inputs = mode === 'edit' ? t(', plus the input images’ tokens') : '';
  const images = sel.n === 1 ? t('1 image') : t('{count} images', { count: sel.n });
  return t('Estimated cost: {amount} for {images}{why}{inputs}{complexity}. Prices of {asOf}{note}; not a bill.', {
    amount,
    images,
    why,
    inputs,
    complexity: est.complexity && mode !== 'variation' ? `, ${describeComplexity(est.complexity)}` : '',
    asOf: prices.asOf,
    note: est.note ? `, ${est.note}` : '',
  });
}

/**
 * The running total of the results shown: each request counted once (a batch's images share one
 * usage); `filtered` says the filter hides some, so the label names the filter.
 */
export function totalText(results: readonly ResultView[], filtered = false): string {
  const seen = new Set<string>();
  let usd = 0;
  let counted = 0;
  for (const r of results) {
    if (r.costUsd === undefined) continue;
    const key = r.requestId ?? r.id;
    if (seen.has(key)) continue;
    seen.add(key);
    usd += r.costUsd;
    counted++;
  }
  if (!counted) return '';
  const args = { amount: formatUsd(usd), count: counted };
  if (filtered)
    return counted === 1
      ? t('≈ {amount} for the 1 request the filter shows (estimate from usage)', args)
      : t('≈ {amount} for the {count} requests the filter shows (estimate from usage)', args);
  return counted === 1
    ? t('≈ {amount} for 1 request shown (estimate from usage)', args)
    : t('≈ {amount} for {count} requests shown (estimate from usage)', args);
}

/** Shows or updates a palette job's line; finished jobs disappear. */
export function showExternalJob(list: HTMLUListElement, m: ExternalJobMessage): void {
  let li = [...list.children].find((c) => (c as HTMLElement).dataset.jobId === m.jobId) as HTMLLIElement | undefined;
  if (m.done) li?.remove();
  else {
    if (!li) {
      li = h('li', { 'data-job-id': m.jobId });
      list.append(li);
    }
    li.replaceChildren(h('strong', {}, m.title), ' ', h('span', { class: 'note' }, m.text));
  }
  list.hidden = list.children.length === 0;
}

/** Fills the model filter with the models in the gallery (keeping the choice). */
export function updateModelFilter(select: HTMLSelectElement, results: readonly ResultView[]): void {
  const current = select.value;
  const models = [...new Set(results.map((r) => r.model))].sort();
  select.replaceChildren(h('option', { value: '' }, t('All models')), ...models.map((m) => h('option', { value: m }, m)));
  select.value = models.includes(current) ? current : '';
}
