// The fake server's own idea of what each model accepts, written from images-api.md independently
// of src/core's table: if the client's table drifts from the spec, tests against the fake catch it.

/** What the fake accepts per model. */
export interface FakeModelRule {
  endpoints: Array<'generations' | 'edits' | 'variations'>;
  /** 'free' = gpt-image-2 rule (multiples of 16, aspect 1:3–3:1, ≤ 3840 edge, ≤ 3840·2160 pixels). */
  sizes: string[] | 'free';
  maxN: number;
  qualities: string[];
  styles: string[];
  gptParams: boolean;
  responseFormat: boolean;
  inputFidelity: boolean;
  maxPrompt: number;
  maxImages: number;
  inputTypes: string[];
  maxInputBytes: number;
  squarePng: boolean;
  revisedPrompt: boolean;
  /** Gone from OpenAI itself (answers model_not_found in openai mode). */
  goneFromOpenAI: boolean;
  /** Output formats (gpt models); gif/svg only on 2.6. */
  formats: string[];
  /** 2.6: `complexity` low/medium/high, svg on generations with n = 1, gif 2–16 frames, `safety_identifier` not `user`. */
  v26: boolean;
  /** Smallest free size in pixels (gpt-image-2 and later: 655,360). */
  minPixels: number;
  /** Takes a `markup` file on /images/edits (2.6; S: OpenRouter, ComfyUI, gateways). */
  markup: boolean;
  /** Accepted in a Batch API input file (gpt-image-2: P model page; 2.5 yes, 2.6 no: S). */
  batch: boolean;
}

const GPT_SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];
const gpt = (over: Partial<FakeModelRule> = {}): FakeModelRule => ({
  endpoints: ['generations', 'edits'],
  sizes: GPT_SIZES,
  maxN: 10,
  qualities: ['auto', 'low', 'medium', 'high'],
  styles: [],
  gptParams: true,
  responseFormat: false,
  inputFidelity: true,
  maxPrompt: 32000,
  maxImages: 16,
  inputTypes: ['image/png', 'image/jpeg', 'image/webp'],
  maxInputBytes: 50 * 1024 * 1024,
  squarePng: false,
  revisedPrompt: false,
  goneFromOpenAI: false,
  formats: ['png', 'jpeg', 'webp'],
  v26: false,
  minPixels: 655_360,
  markup: false,
  batch: true,
  ...over,
});

const QUALITIES_2_5 = ['auto', 'low', 'medium', 'high', 'xhigh', 'max'];
const v2 = (over: Partial<FakeModelRule> = {}): FakeModelRule => gpt({ sizes: 'free', inputFidelity: false, ...over });
const v25 = (over: Partial<FakeModelRule> = {}): FakeModelRule => v2({ qualities: QUALITIES_2_5, ...over });
const v26 = (): FakeModelRule => v25({ v26: true, formats: ['png', 'jpeg', 'webp', 'gif', 'svg'], markup: true, batch: false });

/** Rules per model id. */
export const FAKE_MODELS: Record<string, FakeModelRule> = {
  'gpt-image-2.6-sunburst': v26(),
  'gpt-image-2.6-flare': v26(),
  'gpt-image-2.5-sunburst': v25(),
  'gpt-image-2.5-sunburst-2026-09-08': v25(),
  'gpt-image-2.5-flare': v25(),
  'gpt-image-2.5-flare-2026-09-08': v25(),
  'gpt-image-2': v2(),
  'gpt-image-2-2026-04-21': v2(),
  // Shut down on OpenAI on 2026-12-01: /v1/models lists that date; the fake still serves them, so a
  // client that sent one anyway would be caught by the test, not by a refusal here.
  'gpt-image-1.5': gpt(),
  'gpt-image-1.5-2025-12-16': gpt(),
  'gpt-image-1-mini': gpt({ inputFidelity: false }),
  'chatgpt-image-latest': gpt(),
  'gpt-image-1': gpt({ goneFromOpenAI: true }),
  'dall-e-3': {
    ...gpt(),
    endpoints: ['generations'],
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    maxN: 1,
    qualities: ['standard', 'hd'],
    styles: ['vivid', 'natural'],
    gptParams: false,
    responseFormat: true,
    inputFidelity: false,
    maxPrompt: 4000,
    maxImages: 0,
    revisedPrompt: true,
    goneFromOpenAI: true,
  },
  'dall-e-2': {
    ...gpt(),
    endpoints: ['generations', 'edits', 'variations'],
    sizes: ['256x256', '512x512', '1024x1024'],
    qualities: ['standard'],
    gptParams: false,
    responseFormat: true,
    inputFidelity: false,
    maxPrompt: 1000,
    maxImages: 1,
    inputTypes: ['image/png'],
    maxInputBytes: 4 * 1024 * 1024,
    squarePng: true,
    goneFromOpenAI: true,
  },
};

/** A permissive rule for ids a compatible server accepts without knowing them. */
export const PERMISSIVE_RULE: FakeModelRule = gpt({
  endpoints: ['generations', 'edits', 'variations'],
  sizes: 'free',
  responseFormat: true,
  qualities: [],
  styles: [],
  minPixels: 1,
  formats: ['png', 'jpeg', 'webp', 'gif', 'svg'],
  markup: true,
});

/** Whether a size satisfies the gpt-image-2 free-size rule. */
export function freeSizeOk(size: string, minPixels = 655_360): boolean {
  if (size === 'auto') return true;
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) return false;
  const w = Number(m[1]);
  const h = Number(m[2]);
  return (
    w > 0 &&
    h > 0 &&
    w % 16 === 0 &&
    h % 16 === 0 &&
    w / h <= 3 &&
    h / w <= 3 &&
    Math.max(w, h) <= 3840 &&
    w * h <= 3840 * 2160 &&
    w * h >= minPixels
  );
}

/** Models whose shutdown date the fake's /v1/models reports by default (P deprecations page). */
export const FAKE_SHUTDOWN_DATES: Record<string, string> = {
  'gpt-image-1.5': '2026-12-01',
  'gpt-image-1.5-2025-12-16': '2026-12-01',
  'gpt-image-1-mini': '2026-12-01',
  'chatgpt-image-latest': '2026-12-01',
};
