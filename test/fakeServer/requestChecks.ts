// The fake's validation of one request: schema first (OpenAPI excerpt via ajv), then the model rules
// the schema cannot express (per-model sizes, n, qualities, GPT-only parameters, input images, mask).
import { readImageInfo, type ImageInfo } from '../../src/core/image/imageInfo';
import { type ApiErrorAnswer, apiError } from './apiErrors';
import { FAKE_MODELS, PERMISSIVE_RULE, freeSizeOk, type FakeModelRule } from './modelRules';
import { validateAgainstSchema } from './schemaValidator';

/** An uploaded file as the fake saw it. */
export interface UploadedFile {
  field: string;
  filename?: string;
  contentType?: string;
  size: number;
  info?: ImageInfo;
  data: Buffer;
}

/** How the fake currently behaves. */
export interface CheckContext {
  provider: 'openai' | 'azure' | 'compatible';
  /** For compatible servers: how results come back ('url' = served by the fake, 'data_url' = `data:` URLs). */
  responseStyle?: 'b64_json' | 'url' | 'data_url';
  /** The edit came as JSON (`images[]`), which takes `moderation`; multipart does not. */
  jsonEdit?: boolean;
  /** Models that refuse `background: transparent` as gpt-image-2 users report (its support is only "preview"). */
  refuseTransparentFor?: readonly string[];
}

/** What to produce for a valid request. */
export interface Plan {
  endpoint: 'generations' | 'edits' | 'variations';
  model: string;
  rule: FakeModelRule;
  prompt: string;
  n: number;
  width: number;
  height: number;
  size: string;
  format: 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';
  /** GIF: frames and milliseconds per frame. */
  frames: number;
  frameMs: number;
  /** The prompt asks for a flat #00ff00 background (the transparency fallback): the image has one. */
  keyBackground: boolean;
  compression: number;
  transparent: boolean;
  quality: string;
  stream: boolean;
  partials: number;
  responseStyle: 'b64_json' | 'url' | 'data_url';
  /** The uploaded first image and mask, which edits and variations paint from. */
  inputs?: { image?: Buffer; mask?: Buffer };
  /** Varies the pictures between requests of the same prompt, as a real model would. */
  requestNumber?: number;
  /** PNGs of random pixels instead of the scene (FakeMode.noisyImages). */
  noisy?: boolean;
}

const DEFAULT_MODEL = { generations: 'dall-e-2', edits: 'gpt-image-1.5', variations: 'dall-e-2' } as const;
const SCHEMA = { generations: 'CreateImageRequest', edits: 'CreateImageEditRequest', variations: 'CreateImageVariationRequest' } as const;
const ALLOWED_TYPES = "Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.";

/** Checks a request; returns the error answer or the plan of what to produce. */
export function checkRequest(
  endpoint: Plan['endpoint'],
  fields: Record<string, unknown>,
  files: UploadedFile[],
  ctx: CheckContext,
): ApiErrorAnswer | Plan {
  const body: Record<string, unknown> = { ...fields };
  if (endpoint !== 'generations' && !ctx.jsonEdit) {
    const images = files.filter((f) => f.field === 'image' || f.field === 'image[]');
    if (files.filter((f) => f.field === 'image').length > 1)
      return apiError(400, "Duplicate parameter 'image': send several images as 'image[]'.", 'image');
    if (images.length) body.image = files.some((f) => f.field === 'image[]') ? images.map(() => 'binary') : 'binary';
    if (files.some((f) => f.field === 'mask')) body.mask = 'binary';
    if (files.some((f) => f.field === 'markup')) body.markup = 'binary';
  }
  const problem = validateAgainstSchema(endpoint === 'edits' && ctx.jsonEdit ? 'EditImageBodyJsonParam' : SCHEMA[endpoint], body);
  if (problem) return apiError(400, problem.message, problem.param);

  const model = typeof body.model === 'string' && body.model ? body.model : DEFAULT_MODEL[endpoint];
  const known = FAKE_MODELS[model];
  if ((!known && ctx.provider !== 'compatible') || (known?.goneFromOpenAI && ctx.provider === 'openai')) {
    return apiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found');
  }
  const rule = known ?? PERMISSIVE_RULE;
  if (!rule.endpoints.includes(endpoint))
    return apiError(400, `Invalid value: '${model}'. This model is not supported on /images/${endpoint}.`, 'model', 'invalid_value');
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  if (endpoint !== 'variations' && prompt.length > rule.maxPrompt)
    return apiError(
      400,
      `Invalid 'prompt': string too long. Expected a string with maximum length ${rule.maxPrompt}, but got a string with length ${prompt.length} instead.`,
      'prompt',
      'string_above_max_length',
    );

  const n = typeof body.n === 'number' ? body.n : 1;
  if (n > rule.maxN) return apiError(400, `You must provide n=${rule.maxN} or fewer for this model.`, 'n', 'invalid_value');

  const size = typeof body.size === 'string' ? body.size : rule.gptParams ? 'auto' : '1024x1024';
  const sizeOk = rule.sizes === 'free' ? freeSizeOk(size, rule.minPixels) : rule.sizes.includes(size);
  if (!sizeOk)
    return apiError(
      400,
      `Invalid value: '${size}'. Supported values are: ${rule.sizes === 'free' ? 'WxH multiples of 16, aspect 1:3 to 3:1, at most 3840x2160' : rule.sizes.map((s) => `'${s}'`).join(', ')}.`,
      'size',
      'invalid_value',
    );

  const unknownParam = (p: string): ApiErrorAnswer => apiError(400, `Unknown parameter: '${p}'.`, p, 'unknown_parameter');
  if (!rule.gptParams) {
    for (const p of [
      'output_format',
      'output_compression',
      'background',
      'moderation',
      'stream',
      'partial_images',
      'input_fidelity',
      'complexity',
      'gif',
      'safety_identifier',
    ]) {
      if (body[p] !== undefined && body[p] !== null) return unknownParam(p);
    }
  }
  if (!rule.responseFormat && body.response_format !== undefined) return unknownParam('response_format');
  if (body.style !== undefined && !rule.styles.includes(String(body.style)))
    return rule.styles.length ? apiError(400, `Invalid value: '${body.style}'.`, 'style', 'invalid_value') : unknownParam('style');
  if (body.quality !== undefined && rule.qualities.length && !rule.qualities.includes(String(body.quality))) {
    return apiError(
      400,
      `Invalid value: '${body.quality}'. Supported values are: ${rule.qualities.map((q) => `'${q}'`).join(', ')}.`,
      'quality',
      'invalid_value',
    );
  }
  if (endpoint === 'edits' && body.moderation !== undefined && !ctx.jsonEdit) return unknownParam('moderation');
  const v26err = checkV26(endpoint, body, rule, n, size);
  if (v26err) return v26err;
  if (body.input_fidelity !== undefined && (!rule.inputFidelity || endpoint !== 'edits')) return unknownParam('input_fidelity');
  const format = (body.output_format as Plan['format'] | undefined) ?? 'png';
  if (rule.gptParams && !rule.formats.includes(format))
    return apiError(
      400,
      `Invalid value: '${format}'. Supported values are: ${rule.formats.map((f) => `'${f}'`).join(', ')}.`,
      'output_format',
      'invalid_value',
    );
  if (ctx.provider === 'azure' && format === 'webp')
    return apiError(400, "Invalid value: 'webp'. Supported values are: 'png' and 'jpeg'.", 'output_format', 'invalid_value');
  if (body.output_compression !== undefined && format === 'png')
    return apiError(400, 'Compression is only supported for jpeg and webp output formats.', 'output_compression', 'invalid_value');
  if (body.background === 'transparent' && format === 'jpeg')
    return apiError(400, 'Transparent background requires png or webp output.', 'background', 'invalid_value');
  if (body.background === 'transparent' && ctx.refuseTransparentFor?.includes(model))
    return apiError(400, 'Transparent background is not supported for this model.', 'background', 'invalid_value');
  if (body.partial_images !== undefined && body.stream !== true)
    return apiError(400, 'partial_images requires stream to be true.', 'partial_images', 'invalid_value');

  if (endpoint !== 'generations') {
    const err = checkFiles(endpoint, files, rule);
    if (err) return err;
  }
  const [w, h] = size === 'auto' ? [1024, 1024] : (size.split('x').map(Number) as [number, number]);
  const gif = (body.gif ?? {}) as { frame_count?: number; frame_duration_ms?: number };
  // GPT image models always answer b64_json; DALL·E defaults to url. A compatible server may force its own style.
  const forced = ctx.provider === 'compatible' ? ctx.responseStyle : undefined;
  const responseStyle: Plan['responseStyle'] =
    forced ?? (rule.responseFormat ? (body.response_format === 'b64_json' ? 'b64_json' : 'url') : 'b64_json');
  return {
    endpoint,
    model,
    rule,
    prompt,
    n,
    width: w,
    height: h,
    size: size === 'auto' ? '1024x1024' : size,
    format,
    frames: format === 'gif' ? Number(gif.frame_count ?? 9) : 1,
    frameMs: Number(gif.frame_duration_ms ?? 200),
    keyBackground: /#00ff00/i.test(prompt) && body.background !== 'transparent',
    compression: typeof body.output_compression === 'number' ? body.output_compression : 100,
    transparent: body.background === 'transparent',
    quality: typeof body.quality === 'string' && body.quality !== 'auto' ? body.quality : 'medium',
    stream: body.stream === true,
    partials: typeof body.partial_images === 'number' ? body.partial_images : 0,
    responseStyle,
  };
}

/** The 2.6 models' own rules (P image guide): complexity, gif frames on one sheet, svg, safety_identifier. */
function checkV26(
  endpoint: Plan['endpoint'],
  body: Record<string, unknown>,
  rule: FakeModelRule,
  n: number,
  size: string,
): ApiErrorAnswer | undefined {
  const unknownParam = (p: string): ApiErrorAnswer => apiError(400, `Unknown parameter: '${p}'.`, p, 'unknown_parameter');
  if (!rule.v26) {
    for (const p of ['complexity', 'gif', 'safety_identifier'])
      if (body[p] !== undefined && rule.gptParams && rule !== PERMISSIVE_RULE) return unknownParam(p);
    return undefined;
  }
  if (body.user !== undefined)
    return apiError(400, "Unknown parameter: 'user'. This model takes 'safety_identifier' instead.", 'user', 'unknown_parameter');
  const format = body.output_format;
  if (format === 'svg' && endpoint !== 'generations')
    return apiError(400, "Invalid value: 'svg'. SVG output is only supported on /images/generations.", 'output_format', 'invalid_value');
  if (format === 'svg' && n !== 1) return apiError(400, 'SVG output supports n=1 only.', 'n', 'invalid_value');
  if (body.gif !== undefined && format !== 'gif') return apiError(400, "'gif' options need output_format 'gif'.", 'gif', 'invalid_value');
  if (format === 'gif') {
    const frames = Number((body.gif as { frame_count?: number } | undefined)?.frame_count ?? 9);
    const m = /^(\d+)x(\d+)$/.exec(size);
    const columns = Math.ceil(Math.sqrt(frames));
    if (m && Math.max(columns * Number(m[1]), Math.ceil(frames / columns) * Number(m[2])) > 3840) {
      return apiError(400, `The GIF sheet of ${frames} frames at ${size} exceeds 3840 pixels on its long edge.`, 'size', 'invalid_value');
    }
  }
  return undefined;
}

function checkFiles(endpoint: Plan['endpoint'], files: UploadedFile[], rule: FakeModelRule): ApiErrorAnswer | undefined {
  const images = files.filter((f) => f.field === 'image' || f.field === 'image[]');
  if (images.length === 0) return apiError(400, "Missing required parameter: 'image'.", 'image');
  if (images.length > Math.max(rule.maxImages, endpoint === 'variations' ? 1 : 0))
    return apiError(400, `Too many images: at most ${rule.maxImages}.`, 'image', 'invalid_value');
  for (const f of files) {
    if (!f.filename) return apiError(400, `Invalid file '${f.field}': a file upload needs a filename.`, f.field);
    if (!f.contentType || !['image/png', 'image/jpeg', 'image/webp'].includes(f.contentType))
      return apiError(
        400,
        `Invalid file '${f.field}': unsupported mimetype ('${f.contentType ?? 'none'}'). ${ALLOWED_TYPES}`,
        f.field,
        'unsupported_file',
      );
    if (!f.info) return apiError(400, `Invalid file '${f.field}': the file is not a readable image.`, f.field, 'invalid_image');
  }
  for (const img of images) {
    if (!rule.inputTypes.includes(img.contentType!))
      return apiError(
        400,
        `Invalid file 'image': unsupported mimetype ('${img.contentType}'). This model accepts ${rule.inputTypes.join(', ')}.`,
        'image',
        'unsupported_file',
      );
    if (img.size > rule.maxInputBytes)
      return apiError(400, `Invalid file 'image': file too large (max ${rule.maxInputBytes} bytes).`, 'image', 'invalid_value');
    if (rule.squarePng && img.info!.width !== img.info!.height)
      return apiError(400, 'Invalid input image - image must be square.', 'image', 'invalid_image');
  }
  const mask = files.find((f) => f.field === 'mask');
  const first = images[0]!;
  if (!mask && rule.squarePng && endpoint === 'edits' && first.info!.hasAlpha === false) {
    return apiError(400, "Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB.", 'image', 'invalid_image_format');
  }
  const markupProblem = checkMarkup(files, first, rule);
  if (markupProblem) return markupProblem;
  if (mask) {
    if (mask.info!.format !== 'png') return apiError(400, 'Invalid mask: must be a PNG file.', 'mask', 'invalid_image');
    if (mask.size > 4 * 1024 * 1024) return apiError(400, 'Invalid mask: file too large (max 4 MB).', 'mask', 'invalid_value');
    if (mask.info!.hasAlpha === false)
      return apiError(400, "Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB.", 'mask', 'invalid_image_format');
    if (mask.info!.width !== first.info!.width || mask.info!.height !== first.info!.height)
      return apiError(400, 'Invalid mask image: mask and image must have the same dimensions.', 'mask', 'invalid_image_dimensions');
  }
  return undefined;
}

/** A markup edit's rules (2.6): a PNG with alpha at the first image's size, never with a mask, on markup models only. */
function checkMarkup(files: UploadedFile[], first: UploadedFile, rule: FakeModelRule): ApiErrorAnswer | undefined {
  const markup = files.find((f) => f.field === 'markup');
  if (!markup) return undefined;
  if (!rule.markup)
    return apiError(400, "Unknown parameter: 'markup'. This model does not support markup edits.", 'markup', 'unknown_parameter');
  if (files.some((f) => f.field === 'mask'))
    return apiError(400, "'markup' cannot be combined with 'mask': send one of them.", 'markup', 'invalid_request');
  if (markup.info!.format !== 'png') return apiError(400, 'Invalid markup: must be a PNG file.', 'markup', 'invalid_image');
  if (markup.info!.hasAlpha === false)
    return apiError(400, "Invalid markup: format must be in ['RGBA', 'LA'], got RGB.", 'markup', 'invalid_image_format');
  if (markup.info!.width !== first.info!.width || markup.info!.height !== first.info!.height)
    return apiError(400, 'Invalid markup image: markup and image must have the same dimensions.', 'markup', 'invalid_image_dimensions');
  return undefined;
}

/** Reads an upload's header (the fake's tiny header reader is core's, which only parses bytes). */
export function describeUpload(field: string, filename: string | undefined, contentType: string | undefined, data: Buffer): UploadedFile {
  const info = readImageInfo(data);
  return {
    field,
    ...(filename !== undefined ? { filename } : {}),
    ...(contentType ? { contentType } : {}),
    size: data.length,
    ...(info ? { info } : {}),
    data,
  };
}
