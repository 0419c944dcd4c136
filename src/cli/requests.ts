// Builds core requests from parsed options and input files.
import { checkDimensions, inspectImage, isImageInputError, validateMask, type ImageInfo } from '../core/image';
import { countTransparentPixels } from '../core/image/pngAlpha';
import type { GenerateOptions } from '../core/jobOptions';
import type { InputImage, OutputFormat, VariationRequest } from '../core/types';
import { int, str, type CliArgs } from './args';
import { UsageError } from './usage';
import { DEFAULT_MODEL } from '../core/models/defaultModel';

/** Default model of variation (replaced by planVariation where it is retired). */
export const DEFAULT_VARIATION_MODEL = 'dall-e-2';

/** The variation request. */
export function variationRequest(a: CliArgs, image: InputImage, model: string): VariationRequest {
  const v = a.values;
  return { model, image, ...optN('n', int(v.n, 'n', 1, 100)), ...opt('size', str(v.size)), ...responseFormat(v['response-format']) };
}

/**
 * Turns file bytes into an InputImage; stdin gets a name from its magic number. The header is
 * inspected as the extension does: empty, truncated, corrupt or bomb-sized files and animations are
 * refused here, before anything is sent (the API would refuse them after the upload, or take only
 * a first frame).
 */
export function inputImage(bytes: Uint8Array, filename: string): InputImage {
  const shown = filename === 'stdin' ? 'stdin' : filename;
  const info = inspectInput(bytes, shown);
  const fmt = info.format === 'png' || info.format === 'jpeg' || info.format === 'webp' ? info.format : undefined;
  if (!fmt) throw new UsageError(`${shown} is not a PNG, JPEG or WebP image`);
  if (info.animated) throw new UsageError(`${shown} is animated; the Images API takes a still image. Export one frame as PNG first.`);
  const name = filename === 'stdin' ? `stdin.${fmt === 'jpeg' ? 'jpg' : fmt}` : (filename.split(/[\\/]/).pop() ?? filename);
  return { bytes, filename: name, mimeType: `image/${fmt}` };
}

/** Header facts of an input, or a UsageError naming the file and what is wrong. */
export function inspectInput(bytes: Uint8Array, shown: string): ImageInfo {
  try {
    const info = inspectImage(bytes);
    checkDimensions(info);
    return info;
  } catch (e) {
    if (!isImageInputError(e)) throw e;
    // Keep the short wording for anything that is not an image at all.
    if (e.kind === 'notAnImage' && bytes.length > 0) throw new UsageError(`${shown} is not a PNG, JPEG or WebP image`);
    throw new UsageError(`${shown}: ${e.message}`);
  }
}

/** Refuses a mask the API would reject: not an RGBA/LA PNG (tRNS transparency included), other dimensions, too big. */
export function checkMask(mask: InputImage, first: InputImage): void {
  const problem = validateMask(inspectImage(mask.bytes), inspectImage(first.bytes));
  if (problem) throw new UsageError(`${mask.filename}: ${problem.message}`);
}

/**
 * What is legal but almost certainly a mistake: a mask with no transparent pixel (nothing would
 * change) or the image itself given as its mask.
 */
export async function maskWarnings(mask: InputImage, first: InputImage): Promise<string[]> {
  if (sameBytes(mask.bytes, first.bytes))
    return [`${mask.filename} is the image itself used as its mask: only its transparent pixels will be edited.`];
  let count;
  try {
    count = await countTransparentPixels(mask.bytes);
  } catch {
    return [];
  }
  return count && count.transparent === 0
    ? [
        `${mask.filename} has no transparent pixel, so it marks nothing to edit; the model may change the whole image or nothing. Paint the area to edit as transparent.`,
      ]
    : [];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The image options the flags ask for (generations and edits), for the one request builder. */
export function cliImageOptions(a: CliArgs): GenerateOptions & { model: string } {
  const v = a.values;
  const format = str(v.format);
  if (format && !['png', 'jpeg', 'webp', 'gif', 'svg'].includes(format))
    throw new UsageError(`--format must be png, jpeg, webp, gif or svg (got '${format}')`);
  return {
    model: str(v.model) ?? DEFAULT_MODEL,
    prompt: str(v.prompt) ?? '',
    ...optN('n', int(v.n, 'n', 1, 100)),
    ...opt('size', str(v.size)),
    ...opt('quality', str(v.quality)),
    ...opt('background', str(v.background)),
    ...(format ? { outputFormat: format as OutputFormat } : {}),
    ...opt('complexity', str(v.complexity)),
    ...optN('gifFrames', int(v.frames, 'frames', 1, 64)),
    ...optN('gifFrameMs', int(v['frame-ms'], 'frame-ms', 1, 60_000)),
    ...opt('safetyIdentifier', str(v['safety-identifier'])),
    ...optN('outputCompression', int(v.compression, 'compression', 0, 100)),
    ...opt('moderation', str(v.moderation)),
    ...responseFormat(v['response-format']),
    ...(v.stream ? { stream: true } : {}),
    ...optN('partialImages', int(v['partial-images'], 'partial-images', 0, 3)),
  };
}

function responseFormat(v: unknown): { responseFormat?: 'url' | 'b64_json' } {
  const f = str(v);
  if (f === undefined) return {};
  if (f !== 'url' && f !== 'b64_json') throw new UsageError(`--response-format must be url or b64_json (got '${f}')`);
  return { responseFormat: f };
}

function opt<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}

function optN<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, number>);
}
