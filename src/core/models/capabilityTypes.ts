// The shape of one row of the model capability table. Everything a model accepts is data here, so
// a new model id is a new row, not new code.
import type { Endpoint, ImageFormat } from '../types';

/** Provider kinds, as in ProviderConfig. */
export type ProviderKind = 'openai' | 'azure' | 'compatible';

/** Fixed list of sizes (may include `auto`). */
export interface SizeList {
  kind: 'list';
  sizes: string[];
}

/** gpt-image-2's free sizes: WxH, both multiples of `multipleOf`, aspect and pixel bounds, plus `auto`. */
export interface FreeSizeRule {
  kind: 'free';
  multipleOf: number;
  /** Smallest width/height ratio (1/3 means 1:3). */
  minAspect: number;
  /** Largest width/height ratio (3 means 3:1). */
  maxAspect: number;
  minPixels: number;
  maxPixels: number;
  maxEdge: number;
  allowAuto: boolean;
  /** Sizes a UI should offer as presets. */
  presets: string[];
}

/** Any size rule. */
export type SizeRule = SizeList | FreeSizeRule;

/**
 * Lifecycle of a model. `retiredOn`/`deprecatedOn` name the provider kinds where the event applies:
 * OpenAI retiring a model says nothing about a compatible server or an older Azure deployment,
 * so elsewhere the model is treated as current (with the status still shown as a note).
 */
export type ModelStatus =
  | { state: 'current' }
  | { state: 'deprecated'; shutdown: string; replacement: string; deprecatedOn: ProviderKind[] }
  | { state: 'retired'; since: string; replacement: string; retiredOn: ProviderKind[] };

/** Rules for the input images of edits and variations. */
export interface InputImageRules {
  formats: ImageFormat[];
  maxBytes: number;
  maxImages: number;
  /** dall-e-2: one square PNG. */
  square: boolean;
  /** dall-e-2 edits without a mask need transparency in the image itself. */
  alphaRequiredWithoutMask: boolean;
}

/** Rules for the edit mask. */
export interface MaskRules {
  formats: ImageFormat[];
  maxBytes: number;
  /** Same dimensions as the first input image. */
  sameSizeAsImage: boolean;
  requireAlpha: boolean;
}

/** A parameter with a fixed set of values that only some endpoints accept. */
export interface EnumParam {
  values: string[];
  endpoints: Endpoint[];
}

/** Everything one model accepts. Empty `values` means the parameter is not accepted at all. */
export interface ModelCapabilities {
  id: string;
  /** Display name for pickers. */
  label: string;
  family: 'gpt-image' | 'dall-e' | 'unknown';
  /** True only for the permissive stand-in used for ids not in the table. */
  unknown?: boolean;
  endpoints: Endpoint[];
  sizes: SizeRule;
  /** Sizes for /variations when they differ from `sizes`. */
  variationSizes?: string[];
  /** Most images one request may ask for; more is split into parallel requests. */
  maxN: number;
  quality: EnumParam;
  style: EnumParam;
  background: EnumParam;
  outputFormat: EnumParam;
  /** Formats for which output_compression (0–100) is accepted. */
  compressionFormats: ImageFormat[];
  /** Empty: the model always returns b64_json and refuses `response_format`. */
  responseFormats: Array<'url' | 'b64_json'>;
  maxPromptChars: number;
  input: InputImageRules;
  mask?: MaskRules;
  streaming: { supported: boolean; maxPartialImages: number; endpoints: Endpoint[] };
  inputFidelity: EnumParam;
  moderation: EnumParam;
  /** Background `transparent` needs one of these output formats. */
  transparentFormats: ImageFormat[];
  returnsRevisedPrompt: boolean;
  status: ModelStatus;
}

/** What a provider kind itself cannot do, whatever the model (e.g. no variations or WebP on Azure). */
export interface ProviderLimits {
  endpoints: Endpoint[];
  outputFormats: ImageFormat[];
}
