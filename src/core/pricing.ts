// What an image costs, as data: OpenAI's published prices per image (by quality and size) and per
// million tokens, with where and when they were read. The API returns tokens, never money, so
// every figure here is an estimate and is always shown as one. A user setting
// (`imageStudio.prices`) replaces or adds model rows without a new release. A row may scale its
// prices by `complexity` (the 2.6 models), each factor with its source.
import { t } from './l10n';

/** Prices per model, as data with its source and date. */
export interface PriceTable {
  source: string;
  /** The day the prices were read (YYYY-MM-DD). */
  asOf: string;
  currency: 'USD';
  models: Record<string, ModelPrices>;
}

/** One model's prices: per image by quality and size, and per million tokens. */
export interface ModelPrices {
  /** `quality` → `WIDTHxHEIGHT` → USD per image; `*` matches any key. */
  perImage?: Record<string, Record<string, number>>;
  /** USD per million tokens. */
  tokens?: { textInput?: number; imageInput?: number; output?: number };
  /**
   * Output tokens of one 1024x1024 image by quality: for models priced per token (free sizes), an
   * image is estimated as these scaled by its pixel count, times `tokens.output`.
   */
  outputTokens?: Record<string, number>;
  /** How `complexity` scales the per-image prices (2.6 models). */
  complexity?: ComplexityPrices;
  /** Why this row is less certain than the others (shown with the estimate). */
  note?: string;
}

/** Multipliers of a row's per-image prices by `complexity`, with their source. */
export interface ComplexityPrices {
  /** Value → factor, or `[low, high]` where the source gives a range. */
  factors: Record<string, number | [number, number]>;
  /** The value the model uses when none is sent. */
  default?: string;
  source: string;
}

const GPT_IMAGE_1: ModelPrices = {
  perImage: {
    low: { '1024x1024': 0.011, '1024x1536': 0.016, '1536x1024': 0.016 },
    medium: { '1024x1024': 0.042, '1024x1536': 0.063, '1536x1024': 0.063 },
    high: { '1024x1024': 0.167, '1024x1536': 0.25, '1536x1024': 0.25 },
  },
  tokens: { textInput: 5, imageInput: 10, output: 40 },
};

/**
 * gpt-image-2 (2026-04): priced per token (text in $5, image in $8, image out $30 per million, as
 * third-party price pages copy OpenAI's, 2026-12); its free sizes are estimated by pixel count from
 * gpt-image-1's published output tokens for 1024x1024 (low 272, medium 1,056, high 4,160).
 */
const GPT_IMAGE_2: ModelPrices = {
  tokens: { textInput: 5, imageInput: 8, output: 30 },
  outputTokens: { low: 272, medium: 1056, high: 4160 },
  note: 'estimated from token prices by pixel count',
};

/** Newer models whose prices were not in the source when it was read: priced like gpt-image-1, and said so. */
const ASSUMED: ModelPrices = { ...GPT_IMAGE_1, note: 'gpt-image-1’s prices, as this model is not in the source' };

/**
 * The 2.6 models at each `complexity` against 2.5 (whose prices they share at high). S only:
 * docs.laozhang.ai gpt-image-2-6 (measured 2026-11-05 through official forwarding): "low and medium
 * use 3–4 times the tokens of 2.5, while high and above cost the same"; images-api.md 2026-12-06.
 * The same page also calls complexity "at no extra charge", and "high and above" may mean the
 * quality tiers: an uncertain factor, so it is always named with the estimate and the user's
 * `imageStudio.prices` can set it to 1.
 */
const COMPLEXITY_2_6: ComplexityPrices = {
  factors: { low: [3, 4], medium: [3, 4], high: 1 },
  default: 'high',
  source: 'docs.laozhang.ai gpt-image-2-6, 2026-11-05, secondary',
};

const ASSUMED_2_6: ModelPrices = { ...ASSUMED, complexity: COMPLEXITY_2_6 };

/** The built-in table. Update `asOf` with the figures; a test keeps every row well-formed. */
export const DEFAULT_PRICES: PriceTable = {
  source: 'https://openai.com/api/pricing/ (image generation)',
  asOf: '2025-10-06',
  currency: 'USD',
  models: {
    'gpt-image-1': GPT_IMAGE_1,
    'gpt-image-1-mini': {
      perImage: {
        low: { '1024x1024': 0.005, '1024x1536': 0.006, '1536x1024': 0.006 },
        medium: { '1024x1024': 0.011, '1024x1536': 0.015, '1536x1024': 0.015 },
        high: { '1024x1024': 0.036, '1024x1536': 0.052, '1536x1024': 0.052 },
      },
      tokens: { textInput: 2, imageInput: 2.5, output: 8 },
    },
    'gpt-image-1.5': ASSUMED,
    'gpt-image-2': GPT_IMAGE_2,
    'chatgpt-image-latest': ASSUMED,
    // The 2.5 and 2.6 families (2026-09, 2026-11) were not in the source either.
    'gpt-image-2.5-flare': ASSUMED,
    'gpt-image-2.5-sunburst': ASSUMED,
    'gpt-image-2.6-flare': ASSUMED_2_6,
    'gpt-image-2.6-sunburst': ASSUMED_2_6,
    'dall-e-3': {
      perImage: {
        standard: { '1024x1024': 0.04, '1024x1792': 0.08, '1792x1024': 0.08 },
        hd: { '1024x1024': 0.08, '1024x1792': 0.12, '1792x1024': 0.12 },
      },
    },
    'dall-e-2': { perImage: { '*': { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 } } },
  },
};

/** A model's row: exact id first, then a dated snapshot's base (`gpt-image-2-2026-04-21` → `gpt-image-2`). */
export function pricesFor(table: PriceTable, model: string): ModelPrices | undefined {
  return table.models[model] ?? table.models[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
}

/** An amount in words: cents below a dollar keep three decimals ($0.042), larger amounts two. */
export function formatUsd(usd: number): string {
  return usd < 1 ? `$${usd.toFixed(3).replace(/0$/, '')}` : `$${usd.toFixed(2)}`;
}

/** A cost before sending: a single figure, or a range when quality or size is `auto` (or complexity's factor is one). */
export interface CostEstimate {
  low: number;
  high: number;
  /** Why the figure is approximate beyond "estimate", if anything. */
  note?: string;
  /** The complexity counted in (asked, or the model's default) and its factor, when the row prices it. */
  complexity?: { value: string; low: number; high: number; source: string };
}

/** The factor of one complexity value in a row, or undefined when the row does not price complexity. */
export function complexityFactor(prices: ModelPrices | undefined, complexity: string | undefined): CostEstimate['complexity'] {
  const c = prices?.complexity;
  const value = complexity ?? c?.default;
  const factor = value !== undefined ? c?.factors[value] : undefined;
  if (!c || value === undefined || factor === undefined) return undefined;
  const [low, high] = typeof factor === 'number' ? [factor, factor] : factor;
  return { value, low, high, source: c.source };
}

/** "complexity low ×3–4" for an estimate's line; empty when complexity did not count. */
export function describeComplexity(c: CostEstimate['complexity']): string {
  if (!c) return '';
  const factor = c.low === c.high ? String(c.low) : `${c.low}–${c.high}`;
  return t('complexity {value} ×{factor} ({source})', { value: c.value, factor, source: c.source });
}

/**
 * The estimate for `n` images of `size` at `quality` (both may be `auto`: the range over what the
 * model could pick), scaled by `complexity` where the row prices it. Undefined when the table has
 * no price for this combination.
 */
export function estimateCost(
  table: PriceTable,
  o: { model: string; quality?: string; size?: string; n: number; complexity?: string },
): CostEstimate | undefined {
  const prices = pricesFor(table, o.model);
  const row = prices?.perImage;
  const byTokens = prices && tokenEstimate(prices, o);
  // Per token when the table has no per-image price for this size (a free size, or no per-image row).
  if (byTokens && (!row || (o.size && o.size !== 'auto' && !Object.values(row).some((r) => o.size! in r))))
    return { ...byTokens, note: prices.note };
  if (!row) return undefined;
  const qualities = o.quality && o.quality !== 'auto' && row[o.quality] ? [o.quality] : row['*'] ? ['*'] : Object.keys(row);
  const perImage: number[] = [];
  for (const q of qualities) {
    const bySize = row[q] ?? {};
    const sizes = o.size && o.size !== 'auto' ? [o.size] : Object.keys(bySize);
    for (const s of sizes) {
      const p = bySize[s] ?? bySize['*'];
      if (typeof p === 'number') perImage.push(p);
    }
  }
  if (perImage.length === 0) return undefined;
  const complexity = complexityFactor(prices, o.complexity);
  return {
    low: Math.min(...perImage) * o.n * (complexity?.low ?? 1),
    high: Math.max(...perImage) * o.n * (complexity?.high ?? 1),
    note: prices?.note,
    ...(complexity ? { complexity } : {}),
  };
}

/** Sizes an `auto` size may come out at, for the range of a per-token estimate. */
const AUTO_SIZES = ['1024x1024', '1536x1024', '1024x1536'];

/** A per-token estimate: each quality's 1024x1024 output tokens scaled by the size's pixel count. */
function tokenEstimate(row: ModelPrices, o: { quality?: string; size?: string; n: number }): Omit<CostEstimate, 'note'> | undefined {
  const perToken = row.tokens?.output;
  const tokens = row.outputTokens;
  if (!perToken || !tokens) return undefined;
  const qualities = o.quality && tokens[o.quality] !== undefined ? [o.quality] : Object.keys(tokens);
  const sizes = o.size && o.size !== 'auto' ? [o.size] : AUTO_SIZES;
  const prices: number[] = [];
  for (const q of qualities) {
    for (const size of sizes) {
      const m = /^(\d+)x(\d+)$/.exec(size);
      if (m) prices.push((tokens[q]! * ((Number(m[1]) * Number(m[2])) / (1024 * 1024)) * perToken) / 1_000_000);
    }
  }
  if (!prices.length) return undefined;
  return { low: Math.min(...prices) * o.n, high: Math.max(...prices) * o.n };
}

/** Token counts as the API reports them (`usage`). */
export interface TokenUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { text_tokens?: number; image_tokens?: number };
}

/** The cost of a request from its `usage` tokens; undefined without token prices or usage. */
export function costFromUsage(table: PriceTable, model: string, usage: unknown): number | undefined {
  const t = pricesFor(table, model)?.tokens;
  if (!t || typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as TokenUsage;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  const input = num(u.input_tokens);
  const image = num(u.input_tokens_details?.image_tokens);
  const textTokens = u.input_tokens_details ? num(u.input_tokens_details.text_tokens) : input - image;
  const output = num(u.output_tokens);
  if (input + output === 0) return undefined;
  return (textTokens * (t.textInput ?? 0) + image * (t.imageInput ?? t.textInput ?? 0) + output * (t.output ?? 0)) / 1_000_000;
}

function isPriceRow(v: unknown): v is ModelPrices {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const numbers = (o: unknown) =>
    typeof o === 'object' && o !== null && Object.values(o).every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0);
  const perImageOk =
    r.perImage === undefined || (typeof r.perImage === 'object' && r.perImage !== null && Object.values(r.perImage).every(numbers));
  const tokensOk = r.tokens === undefined || numbers(r.tokens);
  const outputTokensOk = r.outputTokens === undefined || numbers(r.outputTokens);
  return perImageOk && tokensOk && outputTokensOk && complexityOk(r.complexity) && (r.note === undefined || typeof r.note === 'string');
}

function complexityOk(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const factor = (f: unknown): boolean =>
    (typeof f === 'number' && Number.isFinite(f) && f >= 0) ||
    (Array.isArray(f) && f.length === 2 && f.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) && f[0] <= f[1]);
  return (
    typeof c.factors === 'object' &&
    c.factors !== null &&
    Object.values(c.factors).every(factor) &&
    typeof c.source === 'string' &&
    (c.default === undefined || typeof c.default === 'string')
  );
}

/** The table with the user's rows over the built-in ones; malformed rows are skipped and named. */
export function mergePrices(base: PriceTable, override: unknown): { table: PriceTable; problems: string[] } {
  if (override === undefined || override === null) return { table: base, problems: [] };
  if (typeof override !== 'object' || Array.isArray(override))
    return { table: base, problems: ['imageStudio.prices must be an object of model rows'] };
  const models = { ...base.models };
  const problems: string[] = [];
  for (const [model, row] of Object.entries(override)) {
    if (isPriceRow(row)) models[model] = row;
    else
      problems.push(
        `imageStudio.prices.${model} is not { perImage?: { quality: { size: USD } }, tokens?: { textInput, imageInput, output }, complexity?: { factors: { value: factor or [low, high] }, default?, source } }`,
      );
  }
  const changed = Object.keys(override).length > problems.length;
  return { table: { ...base, models, ...(changed ? { source: `${base.source}, with your imageStudio.prices` } : {}) }, problems };
}
