// Everything the server says passes through here before it reaches a file, the log, a message, the
// webview or stdout: the key that was sent is removed wherever it is echoed (an error message, a
// request id, a revised prompt, a usage field), and each string is bounded.
import type { ImageUsage } from '../types';
import { errorFromResponse, ImageStudioError, redact } from './errors';
import type { DecodedResponse } from './responses';
import type { ModelCapabilities } from '../models/capabilityTypes';

/** A server-provided string without the key or control characters, at most `max` characters. */
export function cleanServerText(text: string, key: string, max: number): string {
  const clean = redact(text, key).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A header value such as x-request-id: one short line. */
export function cleanRequestId(id: string | null, key: string): string | undefined {
  if (!id) return undefined;
  const clean = cleanServerText(id, key, 200).replace(/\s+/g, ' ').trim();
  return clean || undefined;
}

/** The decoded answer with every server-provided string cleaned. */
export function cleanDecoded(d: DecodedResponse, key: string): DecodedResponse {
  const short = (v: string | undefined): string | undefined => (v === undefined ? undefined : cleanServerText(v, key, 64));
  const out: DecodedResponse = {
    ...d,
    images: d.images.map((img) => ({
      ...img,
      ...(img.revisedPrompt !== undefined ? { revisedPrompt: cleanServerText(img.revisedPrompt, key, 32_000) } : {}),
      ...(img.requestId !== undefined ? { requestId: cleanRequestId(img.requestId, key) ?? '' } : {}),
    })),
    problems: d.problems.map((p) => ({ ...p, message: cleanServerText(p.message, key, 1000) })),
  };
  for (const k of ['size', 'quality', 'background', 'outputFormat'] as const) {
    if (d[k] !== undefined) out[k] = short(d[k]);
    else delete out[k];
  }
  if (d.usage !== undefined) {
    const usage = cleanUsage(d.usage, key);
    if (usage) out.usage = usage;
    else delete out.usage;
  }
  return out;
}

/** Usage keeps numbers only (one level of `*_details`), under cleaned names. */
function cleanUsage(usage: unknown, key: string): ImageUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(usage as Record<string, unknown>).slice(0, 32)) {
    const k = cleanServerText(name, key, 64);
    if (typeof value === 'number' && Number.isFinite(value)) out[k] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .slice(0, 32)
          .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
          .map(([n, v]) => [cleanServerText(n, key, 64), v]),
      );
      if (Object.keys(inner).length) out[k] = inner;
    }
  }
  return Object.keys(out).length ? (out as ImageUsage) : undefined;
}

/** The error with the key removed from its message and every field the server could have filled. */
export function cleanError(e: ImageStudioError, key: string): ImageStudioError {
  const fields = ['message', 'requestId', 'code', 'type', 'param', 'value', 'accepted', 'replacement'] as const;
  const dirty =
    (key.length >= 4 &&
      fields.some((f) => {
        const v: unknown = e[f];
        return typeof v === 'string' && v.includes(key);
      })) ||
    (e.categories ?? []).some((c) => key.length >= 4 && c.includes(key));
  if (!dirty) return e;
  const s = (v: string | undefined): string | undefined => (v === undefined ? undefined : redact(v, key));
  const cleaned = new ImageStudioError(e.kind, redact(e.message, key), {
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.requestId !== undefined ? { requestId: s(e.requestId)! } : {}),
    ...(e.code !== undefined ? { code: s(e.code)! } : {}),
    ...(e.type !== undefined ? { type: s(e.type)! } : {}),
    ...(e.param !== undefined ? { param: s(e.param)! } : {}),
    ...(e.value !== undefined ? { value: s(e.value)! } : {}),
    ...(e.accepted !== undefined ? { accepted: s(e.accepted)! } : {}),
    ...(e.replacement !== undefined ? { replacement: s(e.replacement)! } : {}),
    ...(e.categories ? { categories: e.categories.map((c) => redact(c, key)) } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  });
  cleaned.stack = redact(e.stack ?? '', key);
  return cleaned;
}

/** Longest server message kept in a record or shown in a list of failures (an error body is cut at 500 too). */
export const MAX_SERVER_MESSAGE_CHARS = 500;

/**
 * Everything one server said, cleaned with the one key that was sent to it: the interactive client
 * and the Batch API (its batch objects, output and error lines) go through these same functions.
 */
export interface ServerCleaner {
  /** A free text (a message, an id) without the key or control characters, cut at `max`. */
  text(text: string, max?: number): string;
  /** A request id: one short line. */
  requestId(id: string | null | undefined): string | undefined;
  /** A decoded images answer with every string the server filled cleaned and bounded. */
  decoded(d: DecodedResponse): DecodedResponse;
  /** An error with the key removed from every field. */
  error(e: ImageStudioError): ImageStudioError;
  /** An error answer (status and body) as the interactive client reads one: the key removed before it is parsed and cut. */
  errorAnswer(status: number, body: string, requestId: string | undefined, model: string, caps?: ModelCapabilities): ImageStudioError;
}

/** The cleaner for answers to requests that carried `key`. */
export function serverCleaner(key: string): ServerCleaner {
  return {
    text: (text, max = MAX_SERVER_MESSAGE_CHARS) => cleanServerText(text, key, max),
    requestId: (id) => cleanRequestId(id ?? null, key),
    decoded: (d) => cleanDecoded(d, key),
    error: (e) => cleanError(e, key),
    errorAnswer: (status, body, requestId, model, caps) =>
      cleanError(errorFromResponse(status, redact(body, key), requestId, model, undefined, caps), key),
  };
}
