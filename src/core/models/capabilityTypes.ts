// The shape of one row of the model capability table. Everything a model accepts is data here, so
// a new model id is a new row, not new code.
import type { Endpoint, ImageFormat, OutputFormat } from '../types';

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
  /** Sizes with more pixels than this are accepted but "experimental": a warning, not a refusal. */
  experimentalAbovePixels?: number;
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

/** GIF output: all frames are drawn on one sheet, so frames times the frame size is bounded. */
export interface AnimationRule {
  minFrames: number;
  maxFrames: number;
  defaultFrames: number;
  defaultFrameMs: number;
  /** Longest edge of the sheet holding every frame (a near-square grid of frames). */
  maxSheetEdge: number;
}

/** Limits that come with one output format (SVG: generations only, one image; GIF: frames). */
export interface OutputFormatRule {
  endpoints: Endpoint[];
  maxN?: number;
  animation?: AnimationRule;
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
  /** Extra limits of some output formats (gif, svg). */
  formatRules?: Partial<Record<OutputFormat, OutputFormatRule>>;
  /** `complexity` (2.6 models); empty values: not accepted. */
  complexity?: EnumParam & { default?: string };
  /** Which field carries the end-user id: `user`, or `safety_identifier` (2.6 models). */
  endUserParam?: 'user' | 'safety_identifier';
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
  /** `preview`: documented but the API may still refuse it (gpt-image-2): warn and offer the key-colour fallback. */
  transparency?: 'supported' | 'preview';
  /**
   * Provider kinds whose /images/edits also takes JSON (`images[].image_url` / `file_id`, plus
   * `moderation`). Elsewhere edits stay multipart (compatible servers, Azure classic).
   */
  jsonEdits?: ProviderKind[];
  /**
   * Takes a markup edit: a `markup` file on /images/edits, a transparent PNG holding only notes
   * (strokes, arrows, short text) at the first image's size; never together with a mask.
   */
  markup: boolean;
  /** OpenAI's Batch API accepts the model: `assets build --batch` sends it in a batch, else builds it interactively. */
  batch: boolean;
  /** Where the model can be used: `openai` rows are checked against /v1/models when the server answers it. */
  source?: 'table' | 'user';
  returnsRevisedPrompt: boolean;
  status: ModelStatus;
}

/** What a provider kind itself cannot do, whatever the model (e.g. no variations or WebP on Azure). */
export interface ProviderLimits {
  endpoints: Endpoint[];
  outputFormats: OutputFormat[];
}
