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
  ...over,
});

/** Rules per model id. */
export const FAKE_MODELS: Record<string, FakeModelRule> = {
  'gpt-image-2': gpt({ sizes: 'free' }),
  'gpt-image-2-2026-04-21': gpt({ sizes: 'free' }),
  'gpt-image-1.5': gpt(),
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
export const PERMISSIVE_RULE: FakeModelRule = gpt({ endpoints: ['generations', 'edits', 'variations'], sizes: 'free', responseFormat: true, qualities: [], styles: [] });

/** Whether a size satisfies the gpt-image-2 free-size rule. */
export function freeSizeOk(size: string): boolean {
  if (size === 'auto') return true;
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) return false;
  const w = Number(m[1]);
  const h = Number(m[2]);
  return w > 0 && h > 0 && w % 16 === 0 && h % 16 === 0 && w / h <= 3 && h / w <= 3 && Math.max(w, h) <= 3840 && w * h <= 3840 * 2160;
}
