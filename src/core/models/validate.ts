// Checks a request against the capability table before anything is sent (and billed). Refusals
// name the parameter, the value and what the model accepts; unknown models get warnings only. A
// model past its shutdown date (the table's, or the server's /v1/models answer) is refused with its
// replacement named: the request could only fail, after the user waited for it.
import type { CommonImageOptions, EditRequest, Endpoint, GenerateRequest, InputImage, VariationRequest } from '../types';
import { validationError } from '../client/errors';
import { readImageInfo, sniffFormat } from '../image/imageInfo';
import type { EnumParam, ModelCapabilities, ProviderKind } from './capabilityTypes';
import { checkSize, jsonEditsOn, sendEditAsJson, usableEndpoints, valuesOn } from './capabilities';
import { MAX_IMAGE_URL_CHARS } from '../client/requestBodies';
import { effectiveStatus, type ServerModels } from './lifecycle';
import { checkOutputRules } from './outputRules';
import { checkMarkup } from './markupRules';
import { PROVIDER_LIMITS } from './modelTable';
import { ImageStudioError } from '../client/errors';
import type { ModelCatalogue } from './modelCatalogue';

/** Where the request is going, for provider-scoped rules. */
export interface ValidationTarget {
  provider: ProviderKind;
  /** Endpoints a compatible server declared. */
  endpoints?: readonly Endpoint[];
  /** YYYY-MM-DD, for shutdown dates: always from the caller's Calendar, never read here. */
  today: string;
  /** The server's GET /v1/models answer (cached); its shutdown dates win over the table's. */
  server?: ServerModels;
  /** The models the sender knows (the table and the user's declarations). */
  models: ModelCatalogue;
}

/** Warnings that do not stop the request (unknown model, deprecation). */
export type ValidationWarnings = string[];

/** Validates a generation request; throws ImageStudioError('validation') or returns warnings. */
export function validateGenerate(
  req: GenerateRequest,
  target: ValidationTarget,
  caps: ModelCapabilities = target.models.capabilities(req.model),
): ValidationWarnings {
  const warnings = common(caps, 'generations', req, target);
  enumParam(caps, 'generations', 'style', req.style, caps.style);
  return warnings;
}

/** Validates an edit request, including its input images, mask and markup. */
export function validateEdit(
  req: EditRequest,
  target: ValidationTarget,
  caps: ModelCapabilities = target.models.capabilities(req.model),
): ValidationWarnings {
  const warnings = common(caps, 'edits', req, target);
  enumParam(caps, 'edits', 'input_fidelity', req.inputFidelity, caps.inputFidelity);
  jsonEditRules(caps, req, target);
  const [first] = req.images;
  if (!first) throw validationError(caps.id, 'image', 'none', 'at least one input image');
  if (req.images.length > caps.input.maxImages)
    throw validationError(caps.id, 'image', `${req.images.length} images`, `at most ${caps.input.maxImages}`);
  req.images.forEach((img) => checkInput(caps, img, 'image', !req.mask));
  if (req.mask) checkMask(caps, req.mask, first);
  checkMarkup(target.models, caps, req);
  return warnings;
}

/** Validates a variation request. */
export function validateVariation(
  req: VariationRequest,
  target: ValidationTarget,
  caps: ModelCapabilities = target.models.capabilities(req.model),
): ValidationWarnings {
  const warnings = endpointAndStatus(caps, 'variations', target);
  count(caps, req.n);
  if (req.size !== undefined) size(caps, 'variations', req.size);
  responseFormat(caps, req.responseFormat);
  checkInput(caps, req.image, 'image', false);
  return warnings;
}

function common(caps: ModelCapabilities, endpoint: Endpoint, req: CommonImageOptions, target: ValidationTarget): ValidationWarnings {
  const warnings = endpointAndStatus(caps, endpoint, target);
  if (!req.prompt || !req.prompt.trim()) throw validationError(caps.id, 'prompt', '(empty)', 'a non-empty prompt');
  if (req.prompt.length > caps.maxPromptChars)
    throw validationError(caps.id, 'prompt', `of ${req.prompt.length} characters`, `at most ${caps.maxPromptChars} characters`);
  count(caps, req.n);
  if (req.size !== undefined) size(caps, endpoint, req.size);
  enumParam(caps, endpoint, 'quality', req.quality, caps.quality);
  enumParam(caps, endpoint, 'background', req.background, caps.background);
  enumParam(caps, endpoint, 'output_format', req.outputFormat, caps.outputFormat);
  enumParam(caps, endpoint, 'moderation', req.moderation, caps.moderation);
  const providerFormats: readonly string[] = PROVIDER_LIMITS[target.provider].outputFormats;
  if (req.outputFormat && !providerFormats.includes(req.outputFormat)) {
    throw validationError(
      caps.id,
      'output_format',
      req.outputFormat,
      `${PROVIDER_LIMITS[target.provider].outputFormats.join(', ')} on ${target.provider}`,
    );
  }
  if (req.outputCompression !== undefined) {
    const fmt = req.outputFormat ?? 'png';
    if (!Number.isInteger(req.outputCompression) || req.outputCompression < 0 || req.outputCompression > 100) {
      throw validationError(caps.id, 'output_compression', req.outputCompression, 'an integer from 0 to 100');
    }
    if (!(caps.compressionFormats as readonly string[]).includes(fmt)) {
      throw validationError(
        caps.id,
        'output_compression',
        req.outputCompression,
        caps.compressionFormats.length
          ? `compression only with output_format ${caps.compressionFormats.join(' or ')}`
          : 'no output_compression',
      );
    }
  }
  if (req.background === 'transparent' && !(caps.transparentFormats as readonly string[]).includes(req.outputFormat ?? 'png')) {
    throw validationError(
      caps.id,
      'background',
      'transparent',
      `transparent only with output_format ${caps.transparentFormats.join(' or ')}`,
    );
  }
  responseFormat(caps, req.responseFormat);
  if (req.stream) {
    if (!caps.streaming.supported || !caps.streaming.endpoints.includes(endpoint))
      throw validationError(caps.id, 'stream', true, 'no streaming');
  }
  if (req.partialImages !== undefined) {
    const max = caps.streaming.supported ? caps.streaming.maxPartialImages : 0;
    if (!req.stream) throw validationError(caps.id, 'partial_images', req.partialImages, 'partial_images only together with stream');
    if (!Number.isInteger(req.partialImages) || req.partialImages < 0 || req.partialImages > max) {
      throw validationError(caps.id, 'partial_images', req.partialImages, `an integer from 0 to ${max}`);
    }
  }
  warnings.push(...checkOutputRules(caps, endpoint, req));
  return warnings;
}

/** Moderation and file ids on /edits need a JSON edit; data URLs there are bounded by the spec. */
function jsonEditRules(caps: ModelCapabilities, req: EditRequest, target: ValidationTarget): void {
  const json = jsonEditsOn(caps, target.provider);
  if (caps.unknown) return;
  if (req.moderation !== undefined && !json)
    throw validationError(
      caps.id,
      'moderation',
      req.moderation,
      `no moderation on /images/edits through ${target.provider} (it needs a JSON edit, which only ${caps.jsonEdits?.join(', ') || 'no provider'} takes)`,
    );
  const withId = [...req.images, ...(req.mask ? [req.mask] : [])].find((i) => i.fileId);
  if (withId && !json)
    throw validationError(caps.id, 'image', `file ${withId.fileId}`, `image bytes through ${target.provider} (file ids need a JSON edit)`);
  if (!sendEditAsJson(caps, target.provider, req)) return;
  for (const img of [...req.images, ...(req.mask ? [req.mask] : [])]) {
    const chars = img.fileId ? 0 : Math.ceil(img.bytes.length / 3) * 4 + 40;
    if (chars > MAX_IMAGE_URL_CHARS)
      throw validationError(
        caps.id,
        'image',
        `${img.filename} (${img.bytes.length} bytes)`,
        `images up to about ${Math.floor((MAX_IMAGE_URL_CHARS * 3) / 4 / 1048576)} MB in a JSON edit (data URLs of at most ${MAX_IMAGE_URL_CHARS} characters)`,
      );
  }
}

function endpointAndStatus(caps: ModelCapabilities, endpoint: Endpoint, target: ValidationTarget): ValidationWarnings {
  const warnings: string[] = [];
  if (!caps.endpoints.includes(endpoint)) {
    throw validationError(caps.id, 'endpoint', endpoint, caps.endpoints.length ? `only ${caps.endpoints.join(', ')}` : 'no endpoint');
  }
  if (!usableEndpoints(caps, target.provider, target.endpoints).includes(endpoint)) {
    const declared = target.provider === 'compatible' ? ' (see the declared endpoints of the compatible server)' : '';
    throw new ImageStudioError('endpoint_unsupported', `The ${target.provider} provider does not offer /images/${endpoint}${declared}.`, {
      param: 'endpoint',
      value: endpoint,
    });
  }
  if (caps.unknown) warnings.push(`Model ${caps.id} is not in the capability table: it is sent as is, with relaxed checks.`);
  const status = effectiveStatus(caps, target.provider, target.today, target.server);
  // Retired where the request goes: refused here, naming the replacement (the UI offers the switch).
  // A proxy that still serves the model says so in its /v1/models answer, which overrides the table.
  if (status.state === 'retired') {
    throw new ImageStudioError('model_retired', `${status.message} Nothing was sent.`, {
      param: 'model',
      value: caps.id,
      ...(status.replacement ? { replacement: status.replacement } : {}),
    });
  }
  if (status.message) warnings.push(status.message);
  return warnings;
}

function count(caps: ModelCapabilities, n: number | undefined): void {
  if (n !== undefined && (!Number.isInteger(n) || n < 1))
    throw validationError(caps.id, 'n', n, `a whole number from 1 (up to ${caps.maxN} per request)`);
  // One request never asks for more than the model allows; the batch runner splits larger n first.
  if (n !== undefined && n > caps.maxN)
    throw validationError(caps.id, 'n', n, `at most ${caps.maxN} per request (a larger n is split into several requests)`);
}

function size(caps: ModelCapabilities, endpoint: Endpoint, value: string): void {
  const why = checkSize(caps, value, endpoint);
  if (why) throw validationError(caps.id, 'size', value, why);
}

function enumParam(caps: ModelCapabilities, endpoint: Endpoint, name: string, value: string | undefined, param: EnumParam): void {
  if (value === undefined) return;
  const allowed = valuesOn(param, endpoint);
  if (allowed === undefined || allowed.includes(value)) return;
  throw validationError(caps.id, name, value, allowed.length ? `one of ${allowed.join(', ')}` : `no ${name} on /images/${endpoint}`);
}

function responseFormat(caps: ModelCapabilities, value: string | undefined): void {
  if (value !== undefined && !caps.responseFormats.includes(value as 'url')) {
    throw validationError(
      caps.id,
      'response_format',
      value,
      caps.responseFormats.length ? `one of ${caps.responseFormats.join(', ')}` : 'no response_format (it always returns b64_json)',
    );
  }
}

function checkInput(caps: ModelCapabilities, img: InputImage, param: string, noMask: boolean): void {
  const info = readImageInfo(img.bytes);
  const fmt = info?.format ?? sniffFormat(img.bytes);
  if (!fmt || !caps.input.formats.includes(fmt)) {
    throw validationError(
      caps.id,
      param,
      `${img.filename} (${fmt ?? 'unrecognised format'})`,
      `${caps.input.formats.join(', ') || 'no'} images`,
    );
  }
  if (img.bytes.length > caps.input.maxBytes) {
    throw validationError(caps.id, param, `${img.filename} (${img.bytes.length} bytes)`, `files under ${caps.input.maxBytes} bytes`);
  }
  if (caps.input.square && info && info.width !== info.height) {
    throw validationError(caps.id, param, `${img.filename} (${info.width}x${info.height})`, 'only square images');
  }
  if (noMask && caps.input.alphaRequiredWithoutMask && info && info.hasAlpha === false) {
    throw validationError(
      caps.id,
      param,
      `${img.filename} (no alpha channel)`,
      'an image with transparency where it should change, or a mask',
    );
  }
}

function checkMask(caps: ModelCapabilities, mask: InputImage, first: InputImage): void {
  const rules = caps.mask;
  if (!rules) throw validationError(caps.id, 'mask', mask.filename, 'no mask');
  const info = readImageInfo(mask.bytes);
  if (!info || !rules.formats.includes(info.format))
    throw validationError(
      caps.id,
      'mask',
      `${mask.filename} (${info?.format ?? 'unrecognised format'})`,
      `${rules.formats.join(', ')} masks`,
    );
  if (mask.bytes.length > rules.maxBytes)
    throw validationError(caps.id, 'mask', `${mask.filename} (${mask.bytes.length} bytes)`, `masks under ${rules.maxBytes} bytes`);
  if (rules.requireAlpha && info.hasAlpha === false)
    throw validationError(caps.id, 'mask', `${mask.filename} (no alpha channel)`, 'a PNG mask with an alpha channel');
  const img = readImageInfo(first.bytes);
  if (rules.sameSizeAsImage && img && (img.width !== info.width || img.height !== info.height)) {
    throw validationError(
      caps.id,
      'mask',
      `${mask.filename} (${info.width}x${info.height})`,
      `a mask of the first image's size, ${img.width}x${img.height}`,
    );
  }
}
