// Turns an Images API JSON answer into decoded images: b64_json (also `data:` URLs some compatible
// servers return), and `url` results downloaded at once because they expire after an hour. Each
// image is decoded on its own: one bad image is reported, the good ones are kept (all are billed).
import type { FetchLike, GeneratedImage, HostLookup, ImageFormat, ImageProblem, ImageUsage } from '../types';
import { OUTPUT_MIME, sniffOutputFormat } from '../image/outputFormat';
import { decodeBase64 } from '../image/base64';
import { MIME_TYPES } from '../image/imageInfo';
import { MAX_IMAGE_BASE64_CHARS, MAX_IMAGE_BYTES, mb, readBounded } from './bodyLimits';
import { ImageStudioError, isImageStudioError } from './errors';
import { checkResultImage } from './resultCheck';
import { fetchResultUrl } from './transport';
import { errorMessage } from '../errorMessage';

/** The decoded content of one response. */
export interface DecodedResponse {
  images: GeneratedImage[];
  problems: ImageProblem[];
  /** Images beyond `expected`, dropped without decoding. */
  surplus?: number;
  created?: number;
  usage?: ImageUsage;
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: string;
}

/** One element of `data` as the server sent it. */
export interface RawImage {
  b64_json?: unknown;
  url?: unknown;
  revised_prompt?: unknown;
}

/** Context for decoding: where downloads go and which batch position the first image has. */
export interface DecodeContext {
  fetch: FetchLike;
  signal?: AbortSignal;
  indexBase: number;
  /** Images asked for: more are dropped, fewer are reported as missing. */
  expected?: number;
  /** The configured base URL: result URLs may point at link-local or loopback hosts only when it does. */
  baseUrl?: string;
  /** Resolves result URL names so every address they have is checked (none: names by text alone). */
  lookupHost?: HostLookup;
  requestId?: string;
  onDownload?: () => void;
}

/** Decodes (and downloads) every image of a JSON response, each on its own. */
export async function decodeImagesResponse(json: unknown, ctx: DecodeContext): Promise<DecodedResponse> {
  const body = json as {
    created?: unknown;
    data?: unknown;
    usage?: unknown;
    size?: unknown;
    quality?: unknown;
    background?: unknown;
    output_format?: unknown;
  };
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
    throw new ImageStudioError('invalid_response', 'The server answered without a `data` list of images.', { requestId: ctx.requestId });
  }
  const expected = ctx.expected ?? body.data.length;
  const items = body.data.slice(0, expected) as unknown[];
  const images: GeneratedImage[] = [];
  const problems: ImageProblem[] = [];
  for (const [i, item] of items.entries()) {
    const index = ctx.indexBase + i;
    try {
      const raw = (item && typeof item === 'object' ? item : {}) as RawImage;
      const bytes = await imageBytes(raw, ctx);
      images.push(toImage(bytes, index, typeof raw.revised_prompt === 'string' ? raw.revised_prompt : undefined, ctx.requestId));
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      problems.push(problemFrom(e, index));
    }
  }
  if (items.length < expected) problems.push(shortfall(ctx.indexBase + items.length, expected - items.length, expected));
  return {
    images,
    problems,
    ...(body.data.length > expected ? { surplus: body.data.length - expected } : {}),
    ...(typeof body.created === 'number' ? { created: body.created } : {}),
    ...(body.usage && typeof body.usage === 'object' ? { usage: body.usage as ImageUsage } : {}),
    ...echoed(body),
  };
}

/** The problem record for `count` images that never arrived. */
export function shortfall(index: number, count: number, expected: number): ImageProblem {
  const arrived = expected - count;
  return {
    index,
    count,
    code: 'missing',
    message: `The server returned ${arrived} of the ${expected} image(s) asked for; ${count} did not arrive (they may still have been billed).`,
  };
}

/**
 * Builds a GeneratedImage from bytes that must be a whole PNG, JPEG or WebP, or (the 2.6 models) a
 * GIF ending in its trailer or an SVG document (the declared format is not trusted).
 */
export function toImage(bytes: Uint8Array, index: number, revisedPrompt: string | undefined, requestId?: string): GeneratedImage {
  const other = sniffOutputFormat(bytes);
  if (other === 'gif' || other === 'svg') {
    if (other === 'gif' && bytes[bytes.length - 1] !== 0x3b)
      throw new ImageStudioError('invalid_response', `The server's image ${index + 1} was not saved: the GIF data is cut short.`, {
        code: 'not_an_image',
        ...(requestId ? { requestId } : {}),
      });
    return {
      bytes,
      format: other,
      mimeType: OUTPUT_MIME[other],
      index,
      ...(revisedPrompt ? { revisedPrompt } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
  const checked = checkResultImage(bytes);
  if ('problem' in checked)
    throw new ImageStudioError('invalid_response', `The server's image ${index + 1} was not saved: ${checked.problem}.`, {
      code: 'not_an_image',
      ...(requestId ? { requestId } : {}),
    });
  const format: ImageFormat = checked.format;
  return {
    bytes,
    format,
    mimeType: MIME_TYPES[format],
    index,
    ...(revisedPrompt ? { revisedPrompt } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** Decodes base64 that may come as a `data:` URL, refusing more than one image can be. */
export function decodeImageData(text: string, requestId?: string): Uint8Array {
  const comma = text.startsWith('data:') ? text.indexOf(',') : -1;
  const payload = comma >= 0 ? text.slice(comma + 1) : text;
  if (payload.length > MAX_IMAGE_BASE64_CHARS) {
    throw new ImageStudioError(
      'invalid_response',
      `An image in the answer is larger than ${mb(MAX_IMAGE_BYTES)}, more than any real image; it was not decoded.`,
      { code: 'too_large', ...(requestId ? { requestId } : {}) },
    );
  }
  return decodeBase64(payload);
}

/** The answer's echoed settings (size, quality, background, output_format). */
export function echoed(body: Record<string, unknown>): Pick<DecodedResponse, 'size' | 'quality' | 'background' | 'outputFormat'> {
  const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const out: Pick<DecodedResponse, 'size' | 'quality' | 'background' | 'outputFormat'> = {};
  if (s(body.size)) out.size = s(body.size)!;
  if (s(body.quality)) out.quality = s(body.quality)!;
  if (s(body.background)) out.background = s(body.background)!;
  if (s(body.output_format)) out.outputFormat = s(body.output_format)!;
  return out;
}

/** The problem record for one image that failed. */
export function problemFrom(e: unknown, index: number): ImageProblem {
  const code = isImageStudioError(e) ? e.code : undefined;
  const message = errorMessage(e);
  const kind: ImageProblem['code'] =
    code === 'too_large' || code === 'body_too_large' ? 'too_large' : code === 'not_an_image' ? 'not_an_image' : 'download_failed';
  return { index, count: 1, code: kind, message };
}

/** An item's bytes from its b64_json, data: URL or (downloaded) url. */
export async function imageBytes(item: RawImage, ctx: DecodeContext): Promise<Uint8Array> {
  // Already decoded while a batch output line streamed in (JSON itself never yields bytes).
  if (item.b64_json instanceof Uint8Array) return item.b64_json;
  if (typeof item.b64_json === 'string' && item.b64_json) return decodeImageData(item.b64_json, ctx.requestId);
  if (typeof item.url === 'string' && item.url) {
    if (item.url.startsWith('data:')) return decodeImageData(item.url, ctx.requestId);
    return download(item.url, ctx);
  }
  throw new ImageStudioError('invalid_response', 'An image in the response has neither b64_json nor url.', {
    code: 'not_an_image',
    requestId: ctx.requestId,
  });
}

async function download(url: string, ctx: DecodeContext): Promise<Uint8Array> {
  ctx.onDownload?.();
  let res: Response;
  const what = 'the result URL';
  try {
    // No auth headers: the result URL is on another host (blob storage) and must never see the key.
    res = await fetchResultUrl(
      ctx.fetch,
      url,
      ctx.baseUrl,
      { ...(ctx.signal ? { signal: ctx.signal } : {}) },
      { what, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
      ctx.lookupHost,
    );
  } catch (e) {
    if (ctx.signal?.aborted || isImageStudioError(e)) throw e;
    throw new ImageStudioError('network', 'Could not download the generated image from its URL; it was made but not saved.', {
      requestId: ctx.requestId,
      cause: e,
    });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new ImageStudioError('network', `Downloading the generated image failed (${res.status}); it was made but not saved.`, {
      requestId: ctx.requestId,
      status: res.status,
    });
  }
  try {
    return await readBounded(res, MAX_IMAGE_BYTES, what, ctx.requestId);
  } catch (e) {
    if (ctx.signal?.aborted || isImageStudioError(e)) throw e;
    throw new ImageStudioError('network', 'The download of the generated image was cut off; it was made but not saved.', {
      requestId: ctx.requestId,
      cause: e,
    });
  }
}
