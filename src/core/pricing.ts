// What an image costs, as data: OpenAI's published prices per image (by quality and size) and per
// million tokens, with where and when they were read. The API returns tokens, never money, so
// every figure here is an estimate and is always shown as one. A user setting
// (`imageStudio.prices`) replaces or adds model rows without a new release.

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
  /** Why this row is less certain than the others (shown with the estimate). */
  note?: string;
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
    'gpt-image-2.6-flare': ASSUMED,
    'gpt-image-2.6-sunburst': ASSUMED,
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

/** A cost before sending: a single figure, or a range when quality or size is `auto`. */
export interface CostEstimate {
  low: number;
  high: number;
  /** Why the figure is approximate beyond "estimate", if anything. */
  note?: string;
}

/**
 * The estimate for `n` images of `size` at `quality` (both may be `auto`: the range over what the
 * model could pick). Undefined when the table has no price for this combination.
 */
export function estimateCost(
  table: PriceTable,
  o: { model: string; quality?: string; size?: string; n: number },
): CostEstimate | undefined {
  const model = pricesFor(table, o.model);
  const row = model?.perImage;
  const byTokens = model && tokenEstimate(model, o);
  // Per token when the table has no per-image price for this size (a free size, or no per-image row).
  if (byTokens && (!row || (o.size && o.size !== 'auto' && !Object.values(row).some((r) => o.size! in r))))
    return { ...byTokens, note: model.note };
  if (!row) return undefined;
  const qualities = o.quality && o.quality !== 'auto' && row[o.quality] ? [o.quality] : row['*'] ? ['*'] : Object.keys(row);
  const prices: number[] = [];
  for (const q of qualities) {
    const bySize = row[q] ?? {};
    const sizes = o.size && o.size !== 'auto' ? [o.size] : Object.keys(bySize);
    for (const s of sizes) {
      const p = bySize[s] ?? bySize['*'];
      if (typeof p === 'number') prices.push(p);
    }
  }
  if (prices.length === 0) return undefined;
  return { low: Math.min(...prices) * o.n, high: Math.max(...prices) * o.n, note: pricesFor(table, o.model)?.note };
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
  return perImageOk && tokensOk && outputTokensOk && (r.note === undefined || typeof r.note === 'string');
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
        `imageStudio.prices.${model} is not { perImage?: { quality: { size: USD } }, tokens?: { textInput, imageInput, output } }`,
      );
  }
  const changed = Object.keys(override).length > problems.length;
  return { table: { ...base, models, ...(changed ? { source: `${base.source}, with your imageStudio.prices` } : {}) }, problems };
}
