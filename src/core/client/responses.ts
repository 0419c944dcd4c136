// Turns an Images API JSON answer into decoded images: b64_json (also `data:` URLs some compatible
// servers return), and `url` results downloaded at once because they expire after an hour.
import type { FetchLike, GeneratedImage, ImageFormat, ImageUsage, OutputFormat } from '../types';
import { decodeBase64 } from '../image/base64';
import { MIME_TYPES } from '../image/imageInfo';
import { OUTPUT_MIME, sniffOutputFormat } from '../image/outputFormat';
import { ImageStudioError } from './errors';

/** The decoded content of one response. */
export interface DecodedResponse {
  images: GeneratedImage[];
  created?: number;
  usage?: ImageUsage;
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: string;
}

interface RawImage {
  b64_json?: string;
  url?: string;
  revised_prompt?: string;
}

/** Context for decoding: where downloads go and which batch position the first image has. */
export interface DecodeContext {
  fetch: FetchLike;
  signal?: AbortSignal;
  indexBase: number;
  requestId?: string;
  onDownload?: () => void;
}

/** Decodes (and downloads) every image of a JSON response. */
export async function decodeImagesResponse(json: unknown, ctx: DecodeContext): Promise<DecodedResponse> {
  const body = json as { created?: number; data?: RawImage[]; usage?: ImageUsage; size?: string; quality?: string; background?: string; output_format?: string };
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
    throw new ImageStudioError('invalid_response', 'The server answered without a `data` list of images.', { requestId: ctx.requestId });
  }
  const images: GeneratedImage[] = [];
  for (const [i, item] of body.data.entries()) {
    const bytes = await imageBytes(item, ctx);
    images.push(toImage(bytes, ctx.indexBase + i, body.output_format, item.revised_prompt, ctx.requestId));
  }
  return {
    images,
    ...(typeof body.created === 'number' ? { created: body.created } : {}),
    ...(body.usage ? { usage: body.usage } : {}),
    ...(body.size ? { size: body.size } : {}),
    ...(body.quality ? { quality: body.quality } : {}),
    ...(body.background ? { background: body.background } : {}),
    ...(body.output_format ? { outputFormat: body.output_format } : {}),
  };
}

/** Builds a GeneratedImage, trusting the bytes' magic number over the declared format. */
export function toImage(bytes: Uint8Array, index: number, declared: string | undefined, revisedPrompt: string | undefined, requestId?: string): GeneratedImage {
  // GIF and SVG must be recognised in the bytes; only a raster may fall back to the declared format.
  const format: OutputFormat | undefined = sniffOutputFormat(bytes) ?? (declared && declared in MIME_TYPES ? (declared as ImageFormat) : undefined);
  if (!format) {
    throw new ImageStudioError('invalid_response', 'The server returned data that is not a PNG, JPEG, WebP, GIF or SVG image.', { requestId });
  }
  return { bytes, format, mimeType: OUTPUT_MIME[format], index, ...(revisedPrompt ? { revisedPrompt } : {}), ...(requestId ? { requestId } : {}) };
}

/** Decodes base64 that may come as a `data:` URL. */
export function decodeImageData(text: string): Uint8Array {
  const comma = text.startsWith('data:') ? text.indexOf(',') : -1;
  return decodeBase64(comma >= 0 ? text.slice(comma + 1) : text);
}

async function imageBytes(item: RawImage, ctx: DecodeContext): Promise<Uint8Array> {
  if (typeof item.b64_json === 'string' && item.b64_json) return decodeImageData(item.b64_json);
  if (typeof item.url === 'string' && item.url) {
    if (item.url.startsWith('data:')) return decodeImageData(item.url);
    return download(item.url, ctx);
  }
  throw new ImageStudioError('invalid_response', 'An image in the response has neither b64_json nor url.', { requestId: ctx.requestId });
}

async function download(url: string, ctx: DecodeContext): Promise<Uint8Array> {
  ctx.onDownload?.();
  let res: Response;
  try {
    // No auth headers: the result URL is on another host (blob storage) and must never see the key.
    res = await ctx.fetch(url, { method: 'GET', ...(ctx.signal ? { signal: ctx.signal } : {}) });
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    throw new ImageStudioError('network', 'Could not download the generated image from its URL; it was made but not saved.', { requestId: ctx.requestId, cause: e });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new ImageStudioError('network', `Downloading the generated image failed (${res.status}); it was made but not saved.`, { requestId: ctx.requestId, status: res.status });
  }
  return new Uint8Array(await res.arrayBuffer());
}
