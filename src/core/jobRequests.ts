// From what was asked to what is sent: the one place a request is built, for every way in (the
// palette and the Studio with their settings' defaults, the CLI's flags, an asset's resolved spec,
// a batch line). Pure (no settings read, no clock), so every rule is unit-tested here, and the
// callers only gather the inputs.
import type { ResolvedAsset } from './assets/resolve';
import type { ModelOptions } from './models/capabilities';
import type { EditOptions, GenerateOptions, RequestDefaults } from './jobOptions';
import { stripUndefined } from './stripUndefined';
import type { EditRequest, GenerateRequest, InputImage } from './types';

/** The settings' defaults and the model's options they are checked against (the palette, the Studio). */
export interface DefaultsFor {
  defaults: RequestDefaults;
  options: ModelOptions;
}

/**
 * The generation request for `params.model`. With `fill`, a setting's default applies only when
 * the model has that option; an explicit value is always sent, so that validation can name it if
 * the model refuses it. Streaming asks for previews only when a caller shows them.
 */
export function buildGenerateRequest(params: GenerateOptions & { model?: string }, fill?: DefaultsFor): GenerateRequest {
  // The job's model, resolved once: the one the options were looked up for.
  const model = fill?.options.model ?? params.model ?? '';
  const request: GenerateRequest = stripUndefined({
    ...commonFields({ ...params, model }),
    style: params.style,
    ...(fill ? filledDefaults(params, fill) : {}),
  });
  // A transparent background cannot be a JPEG: the setting's format gives way, an explicit one does not.
  if (request.background === 'transparent' && request.outputFormat === 'jpeg' && params.outputFormat === undefined)
    request.outputFormat = 'png';
  return request;
}

/**
 * The edit request for inputs already loaded and checked: the options as asked, n = 1 unless given.
 * A markup edit sends `markup` (the notes drawn on the first image) instead of a mask.
 */
export function buildEditRequest(
  params: EditOptions & { model: string },
  images: readonly InputImage[],
  mask?: InputImage,
  markup?: InputImage,
): EditRequest {
  return stripUndefined({
    ...commonFields(params),
    n: params.n ?? 1,
    images: [...images],
    mask,
    markup,
    inputFidelity: params.inputFidelity,
  });
}

/** The request an asset stands for, given its inputs' bytes (images first, then the mask or the markup). */
export function buildAssetRequest(
  asset: ResolvedAsset,
  images: InputImage[],
  mask?: InputImage,
  markup?: InputImage,
): GenerateRequest | EditRequest {
  const o = asset.options;
  const str = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));
  const params: EditOptions & { model: string } = {
    model: asset.model,
    prompt: asset.prompt,
    n: asset.n,
    size: str(o.size),
    quality: str(o.quality),
    background: str(o.background),
    moderation: str(o.moderation),
    outputCompression: typeof o.outputCompression === 'number' ? o.outputCompression : undefined,
    inputFidelity: str(o.inputFidelity),
    outputFormat: asset.outputFormat,
  };
  return asset.kind === 'edit' ? buildEditRequest(params, images, mask, markup) : buildGenerateRequest(params);
}

// What generations and edits share, as asked (the prompt trimmed: a trailing newline is no instruction).
function commonFields(p: EditOptions & { model: string }): GenerateRequest {
  return {
    model: p.model,
    prompt: p.prompt.trim(),
    n: p.n,
    size: p.size,
    quality: p.quality,
    background: p.background,
    outputFormat: p.outputFormat,
    outputCompression: p.outputCompression,
    moderation: p.moderation,
    complexity: p.complexity,
    gifFrames: p.gifFrames,
    gifFrameMs: p.gifFrameMs,
    safetyIdentifier: p.safetyIdentifier,
    responseFormat: p.responseFormat,
    stream: p.stream,
    partialImages: p.stream ? p.partialImages : undefined,
  };
}

// The settings' defaults, each only where the model has the option and nothing explicit was asked.
function filledDefaults(params: GenerateOptions, { defaults, options }: DefaultsFor): Partial<GenerateRequest> {
  const fallback = <T extends string>(explicit: T | undefined, value: T, allowed: readonly string[] | undefined): T | undefined =>
    explicit ?? (allowed === undefined || allowed.includes(value) ? value : undefined);
  const sizeDefault = defaults.size === 'auto' && !options.sizes.includes('auto') ? undefined : defaults.size;
  return {
    n: params.n ?? defaults.n,
    size:
      params.size ?? (sizeDefault && (options.freeSize || options.sizes.includes(sizeDefault) || !options.known) ? sizeDefault : undefined),
    quality: fallback(params.quality, defaults.quality, options.qualities),
    background: fallback(params.background, defaults.background, options.backgrounds),
    outputFormat: fallback(params.outputFormat, defaults.outputFormat, options.known ? options.outputFormats : undefined),
    // Streaming asks one image per request (so each preview belongs to one image): only when a
    // caller shows previews (the Studio) or asks for it.
    partialImages:
      params.partialImages ??
      (params.stream && options.streaming && options.maxPartialImages > 0 ? Math.min(2, options.maxPartialImages) : undefined),
  };
}
