// From what was asked to what is sent: the requests of a job, built from the options, the
// settings' defaults and the model's options. Pure (no settings read, no clock), so every rule is
// unit-tested here, and the host only gathers the inputs.
import type { ModelOptions } from './models/capabilities';
import type { EditOptions, GenerateOptions, RequestDefaults } from './jobOptions';
import { stripUndefined } from './stripUndefined';
import type { EditRequest, GenerateRequest, InputImage } from './types';

/**
 * The generation request for `options.model` (the job's model, resolved once). A default applies
 * only when the model has that option; an explicit value is always sent, so that validation can
 * name it if the model refuses it. Streaming asks for previews only when a caller shows them.
 */
export function buildGenerateRequest(
  params: GenerateOptions,
  defaults: RequestDefaults,
  options: ModelOptions,
): GenerateRequest & { n: number } {
  const fallback = <T extends string>(explicit: T | undefined, value: T, allowed: readonly string[] | undefined): T | undefined =>
    explicit ?? (allowed === undefined || allowed.includes(value) ? value : undefined);
  const sizeDefault = defaults.size === 'auto' && !options.sizes.includes('auto') ? undefined : defaults.size;
  const request: GenerateRequest & { n: number } = {
    model: options.model,
    prompt: params.prompt.trim(),
    n: params.n ?? defaults.n,
    size:
      params.size ?? (sizeDefault && (options.freeSize || options.sizes.includes(sizeDefault) || !options.known) ? sizeDefault : undefined),
    quality: fallback(params.quality, defaults.quality, options.qualities),
    background: fallback(params.background, defaults.background, options.backgrounds),
    outputFormat: fallback(params.outputFormat, defaults.outputFormat, options.known ? options.outputFormats : undefined),
    outputCompression: params.outputCompression,
    moderation: params.moderation,
    style: params.style,
    complexity: params.complexity,
    gifFrames: params.gifFrames,
    gifFrameMs: params.gifFrameMs,
    // Streaming asks one image per request (so each preview belongs to one image): only when a
    // caller shows previews (the Studio) or asks for it.
    stream: params.stream,
    partialImages:
      params.partialImages ??
      (params.stream && options.streaming && options.maxPartialImages > 0 ? Math.min(2, options.maxPartialImages) : undefined),
  };
  // A transparent background cannot be a JPEG: the setting's format gives way, an explicit one does not.
  if (request.background === 'transparent' && request.outputFormat === 'jpeg' && params.outputFormat === undefined)
    request.outputFormat = 'png';
  return stripUndefined(request);
}

/**
 * The edit request for inputs already loaded and checked: the options as asked (an edit has no
 * setting defaults but n = 1), previews only when streaming. A markup edit sends `markup` instead of a mask.
 */
export function buildEditRequest(
  params: EditOptions & { model: string },
  images: readonly InputImage[],
  mask?: InputImage,
  markup?: InputImage,
): EditRequest {
  return stripUndefined({
    model: params.model,
    prompt: params.prompt.trim(),
    images: [...images],
    mask,
    markup,
    n: params.n ?? 1,
    size: params.size,
    quality: params.quality,
    background: params.background,
    outputFormat: params.outputFormat,
    outputCompression: params.outputCompression,
    inputFidelity: params.inputFidelity,
    complexity: params.complexity,
    gifFrames: params.gifFrames,
    gifFrameMs: params.gifFrameMs,
    stream: params.stream,
    partialImages: params.stream ? params.partialImages : undefined,
  });
}
