// Lookups over the capability table: the only way the rest of the code learns what a model accepts.
import type { Endpoint, ImageFormat } from '../types';
import type { ModelCapabilities, ProviderKind, SizeRule } from './capabilityTypes';
import { MODEL_TABLE, PROVIDER_LIMITS, UNKNOWN_MODEL_CAPABILITIES } from './modelTable';

/** Capabilities of a model id; ids not in the table get permissive stand-in capabilities (`unknown: true`). */
export function getModelCapabilities(modelId: string): ModelCapabilities {
  const known = MODEL_TABLE.find((m) => m.id === modelId);
  return known ?? { ...UNKNOWN_MODEL_CAPABILITIES, id: modelId, label: modelId };
}

/** True when the id is in the capability table. */
export function isKnownModel(modelId: string): boolean {
  return MODEL_TABLE.some((m) => m.id === modelId);
}

/** Every model in the table, in display order. */
export function listModels(): readonly ModelCapabilities[] {
  return MODEL_TABLE;
}

/** A model's lifecycle as seen through one provider kind, with a sentence for the user when it matters. */
export interface EffectiveStatus {
  state: 'current' | 'deprecated' | 'retired';
  replacement?: string;
  message?: string;
}

/**
 * Status for this provider kind on `today` (YYYY-MM-DD). A retirement scoped to other provider
 * kinds does not apply; a deprecation past its shutdown date counts as retired.
 */
export function effectiveStatus(caps: ModelCapabilities, provider: ProviderKind, today: string): EffectiveStatus {
  const s = caps.status;
  if (s.state === 'retired' && s.retiredOn.includes(provider)) {
    return { state: 'retired', replacement: s.replacement, message: `${caps.id} was retired on ${s.since}; use ${s.replacement} instead.` };
  }
  if (s.state === 'deprecated' && s.deprecatedOn.includes(provider)) {
    if (today >= s.shutdown) {
      return { state: 'retired', replacement: s.replacement, message: `${caps.id} was shut down on ${s.shutdown}; use ${s.replacement} instead.` };
    }
    return { state: 'deprecated', replacement: s.replacement, message: `${caps.id} shuts down on ${s.shutdown}; switch to ${s.replacement}.` };
  }
  return { state: 'current' };
}

/** The replacement the table names for a model, whatever the provider (for model_not_found messages). */
export function replacementFor(modelId: string): string | undefined {
  const s = getModelCapabilities(modelId).status;
  return s.state === 'current' ? undefined : s.replacement;
}

/** Endpoints usable with this model through this provider (model ∩ provider ∩ declared compatible endpoints). */
export function usableEndpoints(caps: ModelCapabilities, provider: ProviderKind, declared?: readonly Endpoint[]): Endpoint[] {
  return caps.endpoints.filter((e) => PROVIDER_LIMITS[provider].endpoints.includes(e) && (!declared || declared.includes(e)));
}

/** Values of an enum parameter on one endpoint; `undefined` means any value (unknown model). */
export function valuesOn(param: { values: string[]; endpoints: Endpoint[] }, endpoint: Endpoint): string[] | undefined {
  if (!param.endpoints.includes(endpoint)) return [];
  return param.values.includes('*') ? undefined : param.values;
}

/** Options a UI should offer for one model, endpoint and provider. `undefined` lists mean free text. */
export interface ModelOptions {
  model: string;
  label: string;
  known: boolean;
  endpoint: Endpoint;
  available: boolean;
  /** Preset sizes; with `freeSize` any WxH satisfying the rule is accepted too. */
  sizes: string[];
  freeSize?: Extract<SizeRule, { kind: 'free' }>;
  maxN: number;
  qualities?: string[];
  styles?: string[];
  backgrounds?: string[];
  outputFormats: ImageFormat[];
  compressionFormats: ImageFormat[];
  responseFormats: Array<'url' | 'b64_json'>;
  streaming: boolean;
  maxPartialImages: number;
  inputFidelity?: string[];
  moderation?: string[];
  maxPromptChars: number;
  maxInputImages: number;
  status: EffectiveStatus;
}

/** Everything a picker needs to show one model's choices on one endpoint. */
export function modelOptions(modelId: string, endpoint: Endpoint, provider: ProviderKind, today: string, declared?: readonly Endpoint[]): ModelOptions {
  const caps = getModelCapabilities(modelId);
  const formats = valuesOn(caps.outputFormat, endpoint) ?? ['png', 'jpeg', 'webp'];
  const streams = caps.streaming.supported && caps.streaming.endpoints.includes(endpoint);
  return {
    model: caps.id,
    label: caps.label,
    known: !caps.unknown,
    endpoint,
    available: usableEndpoints(caps, provider, declared).includes(endpoint),
    sizes: sizesFor(caps, endpoint),
    ...(caps.sizes.kind === 'free' && endpoint !== 'variations' ? { freeSize: caps.sizes } : {}),
    maxN: caps.maxN,
    qualities: valuesOn(caps.quality, endpoint),
    styles: valuesOn(caps.style, endpoint),
    backgrounds: valuesOn(caps.background, endpoint),
    outputFormats: (formats as ImageFormat[]).filter((f) => PROVIDER_LIMITS[provider].outputFormats.includes(f)),
    compressionFormats: caps.compressionFormats,
    responseFormats: caps.responseFormats,
    streaming: streams,
    maxPartialImages: streams ? caps.streaming.maxPartialImages : 0,
    inputFidelity: valuesOn(caps.inputFidelity, endpoint),
    moderation: valuesOn(caps.moderation, endpoint),
    maxPromptChars: caps.maxPromptChars,
    maxInputImages: caps.input.maxImages,
    status: effectiveStatus(caps, provider, today),
  };
}

/** The listed (preset) sizes of a model on an endpoint. */
export function sizesFor(caps: ModelCapabilities, endpoint: Endpoint): string[] {
  if (endpoint === 'variations' && caps.variationSizes) return caps.variationSizes;
  return caps.sizes.kind === 'list' ? caps.sizes.sizes : caps.sizes.presets;
}

/** Parses `WIDTHxHEIGHT`; undefined for anything else. */
export function parseSize(size: string): { width: number; height: number } | undefined {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}

/** Why a size is refused for this model and endpoint, or undefined when it is accepted. */
export function checkSize(caps: ModelCapabilities, size: string, endpoint: Endpoint): string | undefined {
  const rule = caps.sizes;
  if (rule.kind === 'list' || endpoint === 'variations') {
    const list = sizesFor(caps, endpoint);
    return list.includes(size) ? undefined : `one of ${list.join(', ')}`;
  }
  if (size === 'auto') return rule.allowAuto ? undefined : 'WIDTHxHEIGHT (no auto)';
  const wh = parseSize(size);
  const bounds = `WIDTHxHEIGHT with both sides multiples of ${rule.multipleOf}, aspect between 1:3 and 3:1, at most ${rule.maxEdge} px per side and ${rule.minPixels}–${rule.maxPixels} pixels${rule.allowAuto ? ', or auto' : ''}`;
  if (!wh || wh.width === 0 || wh.height === 0) return bounds;
  const { width, height } = wh;
  const aspect = width / height;
  const pixels = width * height;
  const ok =
    width % rule.multipleOf === 0 && height % rule.multipleOf === 0 && aspect >= rule.minAspect - 1e-9 && aspect <= rule.maxAspect + 1e-9 &&
    pixels >= rule.minPixels && pixels <= rule.maxPixels && Math.max(width, height) <= rule.maxEdge;
  return ok ? undefined : bounds;
}
