// The model capability table (images-api.md, November 2026). Today is after 2026-10-23: gpt-image-1
// is shut down on OpenAI; gpt-image-1-mini, gpt-image-1.5 and chatgpt-image-latest shut down on
// 2026-12-01; dall-e-2/3 left OpenAI on 2026-05-12 but compatible servers and older Azure
// deployments still serve them, so their retirement is scoped to the `openai` provider kind.
import type { ModelCapabilities, ProviderKind, ProviderLimits } from './capabilityTypes';

const MB = 1024 * 1024;
const GPT_SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];

/** The shared rules of the GPT image models; each row below overrides what differs. */
const GPT_IMAGE_BASE: Omit<ModelCapabilities, 'id' | 'label' | 'status'> = {
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
  // Multipart edits do not take `moderation` (only generations and JSON edits do); we send multipart.
  moderation: { values: ['auto', 'low'], endpoints: ['generations'] },
  transparentFormats: ['png', 'webp'],
  returnsRevisedPrompt: false,
};

const GPT_IMAGE_2_SIZES: ModelCapabilities['sizes'] = {
  kind: 'free',
  multipleOf: 16,
  minAspect: 1 / 3,
  maxAspect: 3,
  // The spec names the maximum (3840x2160) but not the minimum; 256x256 is our conservative floor.
  minPixels: 256 * 256,
  maxPixels: 3840 * 2160,
  maxEdge: 3840,
  allowAuto: true,
  presets: ['auto', '1024x1024', '1536x1024', '1024x1536', '1536x864', '864x1536', '2560x1440', '3840x2160'],
};

const SHUTDOWN_2026_12 = { state: 'deprecated', shutdown: '2026-12-01', replacement: 'gpt-image-2' } as const;

const DALL_E_NONE = { values: [], endpoints: [] };

/** Every known model id and what it accepts. */
export const MODEL_TABLE: readonly ModelCapabilities[] = [
  { ...GPT_IMAGE_BASE, id: 'gpt-image-2', label: 'GPT Image 2', sizes: GPT_IMAGE_2_SIZES, status: { state: 'current' } },
  { ...GPT_IMAGE_BASE, id: 'gpt-image-2-2026-04-21', label: 'GPT Image 2 (2026-04-21)', sizes: GPT_IMAGE_2_SIZES, status: { state: 'current' } },
  { ...GPT_IMAGE_BASE, id: 'gpt-image-1.5', label: 'GPT Image 1.5', status: { ...SHUTDOWN_2026_12, deprecatedOn: ['openai', 'azure'] } },
  {
    ...GPT_IMAGE_BASE,
    id: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    // InputFidelity: "unsupported for gpt-image-1-mini".
    inputFidelity: { values: [], endpoints: [] },
    status: { ...SHUTDOWN_2026_12, deprecatedOn: ['openai', 'azure'] },
  },
  { ...GPT_IMAGE_BASE, id: 'chatgpt-image-latest', label: 'ChatGPT Image (latest)', status: { ...SHUTDOWN_2026_12, deprecatedOn: ['openai'] } },
  {
    ...GPT_IMAGE_BASE,
    id: 'gpt-image-1',
    label: 'GPT Image 1',
    status: { state: 'retired', since: '2026-10-23', replacement: 'gpt-image-2', retiredOn: ['openai'] },
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
    status: { state: 'retired', since: '2026-05-12', replacement: 'gpt-image-2', retiredOn: ['openai'] },
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
    status: { state: 'retired', since: '2026-05-12', replacement: 'gpt-image-2', retiredOn: ['openai'] },
  },
];

/** Stand-in for ids not in the table: everything structurally valid is passed through. */
export const UNKNOWN_MODEL_CAPABILITIES: Omit<ModelCapabilities, 'id' | 'label'> = {
  ...GPT_IMAGE_BASE,
  family: 'unknown',
  unknown: true,
  endpoints: ['generations', 'edits', 'variations'],
  sizes: { kind: 'free', multipleOf: 1, minAspect: 0, maxAspect: Number.POSITIVE_INFINITY, minPixels: 1, maxPixels: Number.POSITIVE_INFINITY, maxEdge: Number.POSITIVE_INFINITY, allowAuto: true, presets: GPT_SIZES },
  quality: { values: ['*'], endpoints: ['generations', 'edits'] },
  style: { values: ['*'], endpoints: ['generations'] },
  background: { values: ['*'], endpoints: ['generations', 'edits'] },
  outputFormat: { values: ['png', 'jpeg', 'webp'], endpoints: ['generations', 'edits'] },
  compressionFormats: ['png', 'jpeg', 'webp'],
  responseFormats: ['url', 'b64_json'],
  input: { formats: ['png', 'jpeg', 'webp'], maxBytes: Number.POSITIVE_INFINITY, maxImages: 16, square: false, alphaRequiredWithoutMask: false },
  mask: { formats: ['png', 'jpeg', 'webp'], maxBytes: Number.POSITIVE_INFINITY, sameSizeAsImage: false, requireAlpha: false },
  inputFidelity: { values: ['*'], endpoints: ['edits'] },
  moderation: { values: ['*'], endpoints: ['generations', 'edits'] },
  transparentFormats: ['png', 'jpeg', 'webp'],
  returnsRevisedPrompt: true,
  status: { state: 'current' },
};

/** What each provider kind offers regardless of model (Azure: no variations, no WebP output). */
export const PROVIDER_LIMITS: Record<ProviderKind, ProviderLimits> = {
  openai: { endpoints: ['generations', 'edits', 'variations'], outputFormats: ['png', 'jpeg', 'webp'] },
  azure: { endpoints: ['generations', 'edits'], outputFormats: ['png', 'jpeg'] },
  compatible: { endpoints: ['generations', 'edits', 'variations'], outputFormats: ['png', 'jpeg', 'webp'] },
};
