// Rules over a model's capability row (found through a ModelCatalogue, modelCatalogue.ts).
import type { Endpoint, ImageFormat, OutputFormat } from '../types';
import type { AnimationRule, ModelCapabilities, OutputFormatRule, ProviderKind, SizeRule } from './capabilityTypes';
import { effectiveStatus, type EffectiveStatus, type ServerModels } from './lifecycle';
import type { ModelCatalogue } from './modelCatalogue';
import { PROVIDER_LIMITS } from './modelTable';

export { effectiveStatus, type EffectiveStatus } from './lifecycle';

/** The replacement a model's row names, whatever the provider (for model_not_found messages). */
export function replacementFor(caps: ModelCapabilities): string | undefined {
  const s = caps.status;
  return s.state === 'current' ? undefined : s.replacement;
}

/** Endpoints usable with this model through this provider (model ∩ provider ∩ declared compatible endpoints). */
export function usableEndpoints(caps: ModelCapabilities, provider: ProviderKind, declared?: readonly Endpoint[]): Endpoint[] {
  return caps.endpoints.filter((e) => PROVIDER_LIMITS[provider].endpoints.includes(e) && (!declared || declared.includes(e)));
}

/** True when this model's edits can go as JSON through this provider kind (see `jsonEdits`). */
export function jsonEditsOn(caps: ModelCapabilities, provider: ProviderKind): boolean {
  return (caps.jsonEdits ?? []).includes(provider);
}

/**
 * Whether one edit goes as JSON: only where the row allows it and it gives what multipart lacks
 * (moderation, file ids); otherwise the long-proven multipart body.
 */
export function sendEditAsJson(
  caps: ModelCapabilities,
  provider: ProviderKind,
  req: { moderation?: string; images: Array<{ fileId?: string }>; mask?: { fileId?: string }; markup?: unknown },
): boolean {
  // Markup has a part only in multipart (validation refuses it together with what needs JSON).
  if (req.markup) return false;
  return jsonEditsOn(caps, provider) && (req.moderation !== undefined || req.images.some((i) => i.fileId) || Boolean(req.mask?.fileId));
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
  outputFormats: OutputFormat[];
  compressionFormats: ImageFormat[];
  responseFormats: Array<'url' | 'b64_json'>;
  streaming: boolean;
  maxPartialImages: number;
  inputFidelity?: string[];
  moderation?: string[];
  /** `complexity` values on this endpoint (empty: not accepted) and the model's default. */
  complexity?: string[];
  complexityDefault?: string;
  /** Output formats with extra limits (svg: generations only, n = 1; gif: frames). */
  formatRules?: Partial<Record<string, OutputFormatRule>>;
  /** GIF frame rules when the model makes GIFs on this endpoint. */
  animation?: AnimationRule;
  /** Sizes above this many pixels are experimental (warned). */
  experimentalAbovePixels?: number;
  /** `preview`: transparency may be refused; the key-colour fallback is offered. */
  transparency: 'supported' | 'preview';
  endUserParam: 'user' | 'safety_identifier';
  maxPromptChars: number;
  maxInputImages: number;
  status: EffectiveStatus;
}

/** Everything a picker needs to show one model's choices on one endpoint. */
export function modelOptions(
  models: ModelCatalogue,
  modelId: string,
  endpoint: Endpoint,
  provider: ProviderKind,
  today: string,
  declared?: readonly Endpoint[],
  server?: ServerModels,
): ModelOptions {
  return modelOptionsOf(models.capabilities(modelId), endpoint, provider, today, declared, server);
}

/** The same from a row already looked up (a job resolves its model once and passes the row on). */
export function modelOptionsOf(
  caps: ModelCapabilities,
  endpoint: Endpoint,
  provider: ProviderKind,
  today: string,
  declared?: readonly Endpoint[],
  server?: ServerModels,
): ModelOptions {
  const formatRules = caps.formatRules ?? {};
  // A format with its own rule is offered only on the endpoints that rule names (svg: generations).
  const formats = (valuesOn(caps.outputFormat, endpoint) ?? ['png', 'jpeg', 'webp']).filter(
    (f) => formatRules[f as OutputFormat]?.endpoints.includes(endpoint) ?? true,
  );
  const providerFormats: readonly string[] = PROVIDER_LIMITS[provider].outputFormats;
  const complexity = caps.complexity ? valuesOn(caps.complexity, endpoint) : [];
  const gif = formats.includes('gif') ? formatRules.gif?.animation : undefined;
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
    outputFormats: (formats as OutputFormat[]).filter((f) => providerFormats.includes(f)),
    compressionFormats: caps.compressionFormats,
    responseFormats: caps.responseFormats,
    streaming: streams,
    maxPartialImages: streams ? caps.streaming.maxPartialImages : 0,
    inputFidelity: valuesOn(caps.inputFidelity, endpoint),
    // Moderation on /edits needs a JSON edit, which not every provider takes.
    moderation: endpoint === 'edits' && !caps.unknown && !jsonEditsOn(caps, provider) ? [] : valuesOn(caps.moderation, endpoint),
    complexity,
    ...(caps.complexity?.default && complexity?.length !== 0 ? { complexityDefault: caps.complexity.default } : {}),
    formatRules,
    ...(gif ? { animation: gif } : {}),
    ...(caps.sizes.kind === 'free' && caps.sizes.experimentalAbovePixels
      ? { experimentalAbovePixels: caps.sizes.experimentalAbovePixels }
      : {}),
    transparency: caps.transparency ?? 'supported',
    endUserParam: caps.endUserParam ?? 'user',
    maxPromptChars: caps.maxPromptChars,
    maxInputImages: caps.input.maxImages,
    status: effectiveStatus(caps, provider, today, server),
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
    width % rule.multipleOf === 0 &&
    height % rule.multipleOf === 0 &&
    aspect >= rule.minAspect - 1e-9 &&
    aspect <= rule.maxAspect + 1e-9 &&
    pixels >= rule.minPixels &&
    pixels <= rule.maxPixels &&
    Math.max(width, height) <= rule.maxEdge;
  return ok ? undefined : bounds;
}
