// Upper bounds for everything read from the network. The largest real image the API makes is
// 3840x2160; stored as an uncompressed RGBA PNG that is 33.2 MB, so 48 MiB per image leaves
// headroom, and nothing larger can be an image: such a body is refused, not held in memory.
import { ImageStudioError } from './errors';
import { concatBytes } from '../concatBytes';

/** Most bytes one decoded image (a download, a streamed image) may have. */
export const MAX_IMAGE_BYTES = 48 * 1024 * 1024;
/** The same image as base64 text. */
export const MAX_IMAGE_BASE64_CHARS = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
/** Most of an error answer that is read (the rest is dropped; messages quote at most 500 characters). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Room for the JSON around the images (revised prompts, usage). */
const JSON_OVERHEAD_BYTES = 1024 * 1024;

/** Most bytes a JSON answer carrying `images` images may have. */
export function maxJsonBodyBytes(images: number): number {
  return Math.max(1, images) * (MAX_IMAGE_BASE64_CHARS + 64 * 1024) + JSON_OVERHEAD_BYTES;
}

/** Megabytes, for messages. */
export function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * Reads a whole body, refusing (and cancelling) it as soon as it is longer than `limit` bytes,
 * already from its Content-Length when that says so.
 */
export async function readBounded(res: Response, limit: number, what: string, requestId?: string): Promise<Uint8Array> {
  const tooLarge = (): ImageStudioError =>
    new ImageStudioError(
      'invalid_response',
      `The server's answer to ${what} is larger than ${mb(limit)}, more than any image it could hold; it was not read further.`,
      { code: 'body_too_large', ...(requestId ? { requestId } : {}) },
    );
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return concatBytes(chunks);
}

/** Reads at most `limit` bytes of a body as text and drops the rest (for error answers). */
export async function readTextPrefix(res: Response, limit = MAX_ERROR_BODY_BYTES): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, limit - total));
      total += Math.min(value.length, limit - total);
    }
    if (total >= limit) await reader.cancel().catch(() => undefined);
  } catch {
    // A body cut while reading an error: what arrived is enough to describe it.
  } finally {
    reader.releaseLock();
  }
  const decoder = new TextDecoder();
  return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode();
}
