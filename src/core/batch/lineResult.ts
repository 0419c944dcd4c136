// What one line of a batch's output or error file says, read as hostile input and cleaned exactly
// as an interactive answer is: the same cleaner (redaction.ts, with the key the batch was sent
// with) takes the key out of and bounds every string the server filled (revised prompts, usage,
// size, request ids, error messages), and result URLs are downloaded under the same address rule,
// resolver and timeout as an interactive answer's.
import { isImageStudioError, ImageStudioError } from '../client/errors';
import type { ServerCleaner } from '../client/redaction';
import { decodeImagesResponse, type DecodedResponse } from '../client/responses';
import type { FetchLike, HostLookup } from '../types';
import { parseCustomId } from './batchLines';
import { parseOutputLine, type OutputLine } from './outputLines';
import type { ModelCapabilities } from '../models/capabilityTypes';

/** What a line is, once read. */
export type LineResult =
  /** Not something to save: unreadable, or not an answer to one of this run's requests. */
  | { kind: 'skip'; reason: string }
  /** An answer for one of the run's assets that failed (its error, cleaned). */
  | { kind: 'failed'; path: string; customId: string; message: string }
  /** An answer for one of the run's assets with a body to decode. */
  | { kind: 'answer'; path: string; specHash: string; customId: string; requestId?: string; lineId?: string; body: unknown };

interface RawLine {
  id?: unknown;
  custom_id?: unknown;
  response?: { status_code?: unknown; request_id?: unknown; body?: unknown } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/** Reads one scanned line: whose answer it is and whether it failed. `covered` holds the run's custom ids. */
export function readLineResult(
  scanned: OutputLine,
  covered: ReadonlySet<string>,
  clean: ServerCleaner,
  modelOf: (path: string) => ModelCapabilities | undefined,
): LineResult {
  if (scanned.problem) return { kind: 'skip', reason: scanned.problem };
  let o: RawLine;
  try {
    const parsed = parseOutputLine(scanned);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'skip', reason: 'it is not a JSON object' };
    o = parsed as RawLine;
  } catch {
    return { kind: 'skip', reason: 'not valid JSON' };
  }
  const ids = parseCustomId(o.custom_id);
  if (!ids || !covered.has(String(o.custom_id)))
    return { kind: 'skip', reason: `custom_id ${clean.text(JSON.stringify(o.custom_id) ?? 'none', 200)} is not an asset of this batch` };
  const customId = String(o.custom_id);
  const response = o.response && typeof o.response === 'object' ? o.response : undefined;
  const error = o.error && typeof o.error === 'object' ? o.error : undefined;
  const requestId = typeof response?.request_id === 'string' ? clean.requestId(response.request_id) : undefined;
  const statusCode = response?.status_code;
  if (error || statusCode !== 200) {
    const message = error
      ? `${clean.text(typeof error.code === 'string' ? error.code : 'error', 100)}: ${clean.text(typeof error.message === 'string' ? error.message : '')}`
      : clean.errorAnswer(
          typeof statusCode === 'number' && Number.isInteger(statusCode) ? statusCode : 500,
          JSON.stringify(response?.body ?? {}),
          requestId,
          modelOf(ids.path)?.id ?? 'batch',
          modelOf(ids.path),
        ).message;
    return { kind: 'failed', path: ids.path, customId, message };
  }
  return {
    kind: 'answer',
    path: ids.path,
    specHash: ids.specHash,
    customId,
    ...(requestId ? { requestId } : {}),
    ...(typeof o.id === 'string' && o.id ? { lineId: clean.text(o.id, 200) } : {}),
    body: response?.body,
  };
}

/** Where and how a line's images are fetched: the same as an interactive answer. */
export interface LineDecodeContext {
  clean: ServerCleaner;
  fetch: FetchLike;
  /** The configured base URL (result URLs may reach loopback or link-local hosts only when it does). */
  baseUrl?: string;
  lookupHost?: HostLookup;
  /** Each result URL download must finish within this (a stalled one fails, the next line goes on). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Decodes (and downloads) an answer's images, cleaned as every interactive answer is. */
export async function decodeLineAnswer(
  answer: Extract<LineResult, { kind: 'answer' }>,
  expected: number,
  ctx: LineDecodeContext,
): Promise<DecodedResponse> {
  const timeout = ctx.timeoutMs ? AbortSignal.timeout(ctx.timeoutMs) : undefined;
  const signal = timeout && ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : (timeout ?? ctx.signal);
  try {
    const decoded = await decodeImagesResponse(answer.body, {
      fetch: ctx.fetch,
      indexBase: 0,
      expected,
      ...(answer.requestId ? { requestId: answer.requestId } : {}),
      ...(ctx.baseUrl ? { baseUrl: ctx.baseUrl } : {}),
      ...(ctx.lookupHost ? { lookupHost: ctx.lookupHost } : {}),
      ...(signal ? { signal } : {}),
    });
    return ctx.clean.decoded(decoded);
  } catch (e) {
    if (timeout?.aborted && !ctx.signal?.aborted)
      throw new ImageStudioError(
        'timeout',
        `Its image did not download within ${Math.round((ctx.timeoutMs ?? 0) / 1000)} s; it was made but not saved (collect again to retry).`,
        answer.requestId ? { requestId: answer.requestId } : {},
      );
    throw isImageStudioError(e) ? ctx.clean.error(e) : e;
  }
}
