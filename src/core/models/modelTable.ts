// The model capability table, as of 2026-12-01. Every fact carries its source (P = OpenAI or
// Microsoft primary, S = secondary; see the team's reference notes, images-api.md "Update, 2026-12-01"):
// - Deprecations page (P, developers.openai.com/api/docs/deprecations, 2026-06-02 notice, mirrored at
//   spybara.com/openai/api/history/docs/en/2026-06-02-0651..2026-06-03-0653/): gpt-image-1-mini,
//   gpt-image-1.5 (+ gpt-image-1.5-2025-12-16) and chatgpt-image-latest shut down 2026-12-01, the
//   listed replacement now "the 2.6 models"; gpt-image-1 shut down 2026-10-23 (S weighmyprompt.com).
// - dall-e-2/3 left OpenAI on 2026-05-12 but compatible servers and older Azure deployments still
//   serve them, so their retirement is scoped to the `openai` provider kind.
// The server's own lifecycle (GET /v1/models `shutdown_date`) overrides these dates when it answers.
// Batch (images-api.md "Update, 2026-12-06"): gpt-image-2's model page lists Batch (P,
// developers.openai.com/api/docs/models/gpt-image-2), as gpt-image-1's did (P, …/models/gpt-image-1);
// the 2.5 models are accepted and the 2.6 models are not (S dev.to/aihubmix "GPT Image 2.6 API
// tutorial": "Batch, which 2.5 has and 2.6 does not"). No source lists DALL·E in batches: built interactively.
import type { AnimationRule, ModelCapabilities, ModelStatus, ProviderKind, ProviderLimits } from './capabilityTypes';

const MB = 1024 * 1024;
const GPT_SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];

/** The shared rules of the GPT image models; each row below overrides what differs. */
/** A row without its name and lifecycle. */
type RowBase = Omit<ModelCapabilities, 'id' | 'label' | 'status'>;

const GPT_IMAGE_BASE: RowBase = {
  family: 'gpt-image',
  endpoints: ['generations', 'edits'],
  sizes: { kind: 'list', sizes: GPT_SIZES },
  maxN: 10,
  quality: { values: ['auto', 'low', 'medium', 'high'], endpoints: ['generations', 'edits'] },
  style: { values: [], endpoints: [] },
  background: { values: ['auto', 'transparent', 'opaque'], endpoints: ['generations', 'edits'] },
  outputFormat: { values: ['png', 'jpeg', 'webp'], endpoints: ['generations', 'edits'] },
  compressionFormats: ['jpeg', 'webp'],
  responseFormats: [],
  maxPromptChars: 32000,
  input: { formats: ['png', 'jpeg', 'webp'], maxBytes: 50 * MB, maxImages: 16, square: false, alphaRequiredWithoutMask: false },
  mask: { formats: ['png'], maxBytes: 4 * MB, sameSizeAsImage: true, requireAlpha: true },
  streaming: { supported: true, maxPartialImages: 3, endpoints: ['generations', 'edits'] },
  inputFidelity: { values: ['low', 'high'], endpoints: ['edits'] },
  // Multipart edits do not take `moderation`, JSON edits do (P spec): on /edits it is sent only as JSON,
  // which `jsonEdits` allows on OpenAI; compatible servers and Azure classic keep multipart.
  moderation: { values: ['auto', 'low'], endpoints: ['generations', 'edits'] },
  jsonEdits: ['openai'],
  transparentFormats: ['png', 'webp'],
  returnsRevisedPrompt: false,
  markup: false,
  // gpt-image-1's model page lists v1/batch (P); its 1.5, mini and latest siblings are taken to match.
  batch: true,
};

const GPT_IMAGE_2_SIZES: ModelCapabilities['sizes'] = {
  kind: 'free',
  multipleOf: 16,
  minAspect: 1 / 3,
  maxAspect: 3,
  // Minimum 655,360 pixels and "above 2560x1440 experimental": P azure-ai-docs how-to/dall-e.md
  // (2026-04-17), P/S openai-python PR #3919. Maximum 3840x2160: P spec f85dbe2.
  minPixels: 655_360,
  maxPixels: 3840 * 2160,
  maxEdge: 3840,
  experimentalAbovePixels: 2560 * 1440,
  allowAuto: true,
  presets: ['auto', '1024x1024', '1536x1024', '1024x1536', '1536x864', '864x1536', '2560x1440', '3840x2160'],
};

/** gpt-image-2 onwards: no input_fidelity (P azure-ai-docs: "omit input_fidelity"; S modellix.ai). */
const NO_FIDELITY: RowBase['inputFidelity'] = { values: [], endpoints: [] };

/**
 * gpt-image-2's transparent background is only "preview" (P spec 010421d, 2026-08-20) and users still
 * get `400 Transparent background is not supported for this model` (S issue threads, modellix.ai).
 */
const GPT_IMAGE_2_ROW: RowBase = {
  ...GPT_IMAGE_BASE,
  sizes: GPT_IMAGE_2_SIZES,
  inputFidelity: NO_FIDELITY,
  transparency: 'preview',
  // Batch: listed on gpt-image-2's model page (P).
  batch: true,
};

/** 2.5 models (2026-09-08): P model pages and image guide (developers.openai.com/api/docs/guides/image-generation), S gateways. */
const GPT_IMAGE_2_5_ROW: RowBase = {
  ...GPT_IMAGE_2_ROW,
  quality: { values: ['auto', 'low', 'medium', 'high', 'xhigh', 'max'], endpoints: ['generations', 'edits'] },
  // Batch: accepted (S aihubmix, images-api.md 2026-12-06).
  batch: true,
};

/**
 * GIF output of the 2.6 models: 2–16 frames, default 9 at 200 ms, every frame on one sheet whose long
 * edge is at most 3840 (P image guide, ?model=gpt-image-2.6; S openai/codex imagegen_gif_description.md
 * "9 frames, 200 ms per frame", `frame_count`, `frame_duration_ms`; S docs.apiyi.com gpt-image-2-6).
 */
const GIF_2_6: AnimationRule = { minFrames: 2, maxFrames: 16, defaultFrames: 9, defaultFrameMs: 200, maxSheetEdge: 3840 };

/**
 * 2.6 models (2026-11-04, P image guide; S docs.apiyi.com, docs.laozhang.ai): `complexity` low/medium/high,
 * default high ("omitting complexity, both models use high"); output gif (generations and edits) and svg
 * (generations only, n = 1); `safety_identifier` replaces `user`. The laozhang page notes GIF "straight
 * from an edit", so GIF is on both endpoints. Markup edits: a multipart `markup` file on /images/edits, a
 * transparent PNG of notes at the first image's size, never with `mask` (S: openrouter.ai/docs SDK
 * "Markup" model, "honored by … gpt-image-2.6"; docs.comfy.org OpenAIGPTImageNodeV3; gateways' pass-through
 * fixed 2026-12-02). Not accepted by the Batch API (S, see the top of this file).
 */
const GPT_IMAGE_2_6_ROW: RowBase = {
  ...GPT_IMAGE_2_5_ROW,
  outputFormat: { values: ['png', 'jpeg', 'webp', 'gif', 'svg'], endpoints: ['generations', 'edits'] },
  formatRules: {
    gif: { endpoints: ['generations', 'edits'], animation: GIF_2_6 },
    svg: { endpoints: ['generations'], maxN: 1 },
  },
  complexity: { values: ['low', 'medium', 'high'], endpoints: ['generations', 'edits'], default: 'high' },
  endUserParam: 'safety_identifier',
  markup: true,
  batch: false,
};

/** Shut down on OpenAI (and Azure's matching deployments) on 2026-12-01; the page names the 2.6 models. */
const shutdown20261201 = (replacement: string, on: ProviderKind[]): ModelStatus => ({
  state: 'deprecated',
  shutdown: '2026-12-01',
  replacement,
  deprecatedOn: on,
});

const CURRENT: ModelStatus = { state: 'current' };
const DALL_E_NONE = { values: [], endpoints: [] };

/** Every known model id and what it accepts, newest first (pickers keep this order). */
export const MODEL_TABLE: readonly ModelCapabilities[] = [
  { ...GPT_IMAGE_2_6_ROW, id: 'gpt-image-2.6-sunburst', label: 'GPT Image 2.6 Sunburst (detail)', status: CURRENT },
  { ...GPT_IMAGE_2_6_ROW, id: 'gpt-image-2.6-flare', label: 'GPT Image 2.6 Flare (fast)', status: CURRENT },
  { ...GPT_IMAGE_2_5_ROW, id: 'gpt-image-2.5-sunburst', label: 'GPT Image 2.5 Sunburst', status: CURRENT },
  { ...GPT_IMAGE_2_5_ROW, id: 'gpt-image-2.5-sunburst-2026-09-08', label: 'GPT Image 2.5 Sunburst (2026-09-08)', status: CURRENT },
  { ...GPT_IMAGE_2_5_ROW, id: 'gpt-image-2.5-flare', label: 'GPT Image 2.5 Flare', status: CURRENT },
  { ...GPT_IMAGE_2_5_ROW, id: 'gpt-image-2.5-flare-2026-09-08', label: 'GPT Image 2.5 Flare (2026-09-08)', status: CURRENT },
  { ...GPT_IMAGE_2_ROW, id: 'gpt-image-2', label: 'GPT Image 2', status: CURRENT },
  { ...GPT_IMAGE_2_ROW, id: 'gpt-image-2-2026-04-21', label: 'GPT Image 2 (2026-04-21)', status: CURRENT },
  // The page pairs no model with a successor; ours: detail work → Sunburst, the fast mini → Flare.
  {
    ...GPT_IMAGE_BASE,
    id: 'gpt-image-1.5',
    label: 'GPT Image 1.5',
    status: shutdown20261201('gpt-image-2.6-sunburst', ['openai', 'azure']),
  },
  {
    ...GPT_IMAGE_BASE,
    id: 'gpt-image-1.5-2025-12-16',
    label: 'GPT Image 1.5 (2025-12-16)',
    status: shutdown20261201('gpt-image-2.6-sunburst', ['openai', 'azure']),
  },
  {
    ...GPT_IMAGE_BASE,
    id: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    // InputFidelity: "unsupported for gpt-image-1-mini" (P spec).
    inputFidelity: { values: [], endpoints: [] },
    status: shutdown20261201('gpt-image-2.6-flare', ['openai', 'azure']),
  },
  {
    ...GPT_IMAGE_BASE,
    id: 'chatgpt-image-latest',
    label: 'ChatGPT Image (latest)',
    status: shutdown20261201('gpt-image-2.6-sunburst', ['openai']),
  },
  {
    ...GPT_IMAGE_BASE,
    id: 'gpt-image-1',
    label: 'GPT Image 1',
    status: { state: 'retired', since: '2026-10-23', replacement: 'gpt-image-2.6-sunburst', retiredOn: ['openai'] },
  },
  {
    id: 'dall-e-3',
    label: 'DALL·E 3',
    family: 'dall-e',
    endpoints: ['generations'],
    sizes: { kind: 'list', sizes: ['1024x1024', '1792x1024', '1024x1792'] },
    maxN: 1,
    quality: { values: ['standard', 'hd'], endpoints: ['generations'] },
    style: { values: ['vivid', 'natural'], endpoints: ['generations'] },
    background: DALL_E_NONE,
    outputFormat: DALL_E_NONE,
    compressionFormats: [],
    responseFormats: ['url', 'b64_json'],
    maxPromptChars: 4000,
    input: { formats: [], maxBytes: 0, maxImages: 0, square: false, alphaRequiredWithoutMask: false },
    streaming: { supported: false, maxPartialImages: 0, endpoints: [] },
    inputFidelity: DALL_E_NONE,
    moderation: DALL_E_NONE,
    transparentFormats: [],
    returnsRevisedPrompt: true,
    markup: false,
    batch: false,
    status: { state: 'retired', since: '2026-05-12', replacement: 'gpt-image-2.6-sunburst', retiredOn: ['openai'] },
  },
  {
    id: 'dall-e-2',
    label: 'DALL·E 2',
    family: 'dall-e',
    endpoints: ['generations', 'edits', 'variations'],
    sizes: { kind: 'list', sizes: ['256x256', '512x512', '1024x1024'] },
    maxN: 10,
    quality: { values: ['standard'], endpoints: ['generations', 'edits'] },
    style: DALL_E_NONE,
    background: DALL_E_NONE,
    outputFormat: DALL_E_NONE,
    compressionFormats: [],
    responseFormats: ['url', 'b64_json'],
    maxPromptChars: 1000,
    input: { formats: ['png'], maxBytes: 4 * MB, maxImages: 1, square: true, alphaRequiredWithoutMask: true },
    mask: { formats: ['png'], maxBytes: 4 * MB, sameSizeAsImage: true, requireAlpha: true },
    streaming: { supported: false, maxPartialImages: 0, endpoints: [] },
    inputFidelity: DALL_E_NONE,
    moderation: DALL_E_NONE,
    transparentFormats: [],
    returnsRevisedPrompt: false,
    markup: false,
    batch: false,
    status: { state: 'retired', since: '2026-05-12', replacement: 'gpt-image-2.6-sunburst', retiredOn: ['openai'] },
  },
];

/** Stand-in for ids not in the table: everything structurally valid is passed through. */
export const UNKNOWN_MODEL_CAPABILITIES: Omit<ModelCapabilities, 'id' | 'label'> = {
  ...GPT_IMAGE_BASE,
  family: 'unknown',
  unknown: true,
  endpoints: ['generations', 'edits', 'variations'],
  sizes: {
    kind: 'free',
    multipleOf: 1,
    minAspect: 0,
    maxAspect: Number.POSITIVE_INFINITY,
    minPixels: 1,
    maxPixels: Number.POSITIVE_INFINITY,
    maxEdge: Number.POSITIVE_INFINITY,
    allowAuto: true,
    presets: GPT_SIZES,
  },
  quality: { values: ['*'], endpoints: ['generations', 'edits'] },
  style: { values: ['*'], endpoints: ['generations'] },
  background: { values: ['*'], endpoints: ['generations', 'edits'] },
  outputFormat: { values: ['*'], endpoints: ['generations', 'edits'] },
  complexity: { values: ['*'], endpoints: ['generations', 'edits'] },
  compressionFormats: ['png', 'jpeg', 'webp'],
  responseFormats: ['url', 'b64_json'],
  input: {
    formats: ['png', 'jpeg', 'webp'],
    maxBytes: Number.POSITIVE_INFINITY,
    maxImages: 16,
    square: false,
    alphaRequiredWithoutMask: false,
  },
  mask: { formats: ['png', 'jpeg', 'webp'], maxBytes: Number.POSITIVE_INFINITY, sameSizeAsImage: false, requireAlpha: false },
  inputFidelity: { values: ['*'], endpoints: ['edits'] },
  moderation: { values: ['*'], endpoints: ['generations', 'edits'] },
  transparentFormats: ['png', 'jpeg', 'webp'],
  returnsRevisedPrompt: true,
  // Passed through like everything else of an id the table does not know; a declaration can say otherwise.
  markup: true,
  batch: true,
  status: { state: 'current' },
};

/**
 * What each provider kind offers regardless of model. Azure: no variations, PNG/JPEG only (P azure-ai-docs,
 * gpt-image-2 GA). GIF/SVG pass where the model's row has them (the 2.6 models on OpenAI).
 */
export const PROVIDER_LIMITS: Record<ProviderKind, ProviderLimits> = {
  openai: { endpoints: ['generations', 'edits', 'variations'], outputFormats: ['png', 'jpeg', 'webp', 'gif', 'svg'] },
  azure: { endpoints: ['generations', 'edits'], outputFormats: ['png', 'jpeg'] },
  compatible: { endpoints: ['generations', 'edits', 'variations'], outputFormats: ['png', 'jpeg', 'webp', 'gif', 'svg'] },
};
