// OpenAI's Files and Batch API, as far as an asset run needs it: upload the JSONL of requests,
// create the batch, read and cancel it, and open a result file as a stream (never read whole: an
// output file holds every image as base64). Errors are the client's typed errors, with the key
// scrubbed from anything the server said.
import { readBounded, readTextPrefix } from '../client/bodyLimits';
import { errorFromResponse, ImageStudioError, isImageStudioError, redact } from '../client/errors';
import { encodeMultipart } from '../client/multipart';
import { cleanError, cleanRequestId, serverCleaner, type ServerCleaner } from '../client/redaction';
import { fetchSameOrigin } from '../client/transport';
import type { FetchLike, ProviderConfig } from '../types';
import { batchApiTarget } from './batchTarget';

/** The states of a batch, as the API names them. */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** States after which a batch never changes again. */
export const FINAL_STATUSES: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

/** The fields of a Batch object that are used. */
export interface BatchInfo {
  id: string;
  status: BatchStatus;
  endpoint: string;
  inputFileId: string;
  outputFileId?: string;
  errorFileId?: string;
  requestCounts: { total: number; completed: number; failed: number };
  createdAt?: number;
  expiresAt?: number;
  /** Why the batch as a whole failed (input file problems), one line each. */
  errors: string[];
}

/** The endpoints images can be batched on. */
export type BatchEndpoint = '/v1/images/generations' | '/v1/images/edits';

const STATUSES = new Set<string>(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled']);
/** Batch and file objects are small; anything much larger is not one. */
const MAX_OBJECT_BYTES = 1024 * 1024;

/** Talks to /files and /batches of one provider with one key. */
export class BatchApiClient {
  /** Cleans what this server said (batch objects, output and error lines) with the key sent to it. */
  readonly clean: ServerCleaner;

  constructor(
    private readonly provider: ProviderConfig,
    private readonly apiKey: string,
    private readonly fetch: FetchLike,
    /** How long any answer may take to start, and a file download may sit without a byte (--timeout). */
    readonly timeoutMs = 120_000,
  ) {
    this.clean = serverCleaner(apiKey);
  }

  /** The configured base URL: result URLs in output lines may point at loopback or link-local hosts only when it does. */
  get baseUrl(): string {
    return batchApiTarget(this.provider, '/batches', this.apiKey).url;
  }

  /** Uploads the JSONL of requests with purpose `batch`; returns the file id. */
  async uploadRequests(jsonl: Uint8Array, filename: string, signal?: AbortSignal): Promise<string> {
    const body = encodeMultipart([
      { name: 'purpose', value: 'batch' },
      { name: 'file', filename, contentType: 'application/jsonl', data: jsonl },
    ]);
    const file = (await this.json('POST', '/files', { body: body.body, contentType: body.contentType }, signal)) as { id?: unknown };
    if (typeof file?.id !== 'string' || !file.id) throw invalid('The server answered the upload without a file id.');
    return file.id;
  }

  /** Creates a batch over an uploaded file, within the 24 h window (the only one there is). */
  async createBatch(
    inputFileId: string,
    endpoint: BatchEndpoint,
    metadata: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<BatchInfo> {
    const body = JSON.stringify({ input_file_id: inputFileId, endpoint, completion_window: '24h', metadata });
    return readBatch(await this.json('POST', '/batches', { body, contentType: 'application/json' }, signal), this.clean);
  }

  /** GET /batches/{id}. */
  async getBatch(id: string, signal?: AbortSignal): Promise<BatchInfo> {
    try {
      return readBatch(await this.json('GET', `/batches/${encodeURIComponent(id)}`, undefined, signal), this.clean);
    } catch (e) {
      // A record names a batch this key cannot see: say that, not that the endpoint is missing.
      if (isImageStudioError(e) && e.status === 404)
        throw new ImageStudioError(
          'not_found',
          `The server does not know batch ${this.clean.text(id, 200)} (404): it may belong to another key or project, or be gone. ${e.message}`,
          { status: 404, ...(e.requestId ? { requestId: e.requestId } : {}) },
        );
      throw e;
    }
  }

  /** POST /batches/{id}/cancel: the batch goes to `cancelling`, then `cancelled` with what was done. */
  async cancelBatch(id: string, signal?: AbortSignal): Promise<BatchInfo> {
    return readBatch(await this.json('POST', `/batches/${encodeURIComponent(id)}/cancel`, undefined, signal), this.clean);
  }

  /**
   * GET /files/{id}/content as a byte stream, to be read line by line. A server that sends nothing
   * for `timeoutMs` (before the answer or between two chunks) ends the stream with a timeout error;
   * time the reader spends on what it got (saving an image) does not count.
   */
  async fileContent(id: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stalled = false;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, this.timeoutMs);
    };
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const failure = (e: unknown): unknown => {
      if (signal?.aborted) return new ImageStudioError('cancelled', 'The request was cancelled.');
      if (stalled)
        return new ImageStudioError(
          'timeout',
          `File ${this.clean.text(id, 200)} sent nothing for ${Math.round(this.timeoutMs / 1000)} s; reading it stopped (what was saved stays saved).`,
        );
      return isImageStudioError(e) ? cleanError(e, this.apiKey) : e;
    };
    let body: ReadableStream<Uint8Array>;
    try {
      arm();
      const res = await this.send('GET', `/files/${encodeURIComponent(id)}/content`, undefined, controller.signal);
      clearTimeout(timer);
      if (!res.body) throw invalid(`The server sent file ${this.clean.text(id, 200)} without a body.`);
      body = res.body;
    } catch (e) {
      done();
      throw failure(e);
    }
    const reader = body.getReader();
    return new ReadableStream<Uint8Array>({
      async pull(out) {
        try {
          arm();
          const next = await reader.read();
          clearTimeout(timer);
          if (next.done) {
            done();
            out.close();
          } else out.enqueue(next.value);
        } catch (e) {
          done();
          out.error(failure(e));
        }
      },
      async cancel() {
        done();
        await reader.cancel().catch(() => undefined);
      },
    });
  }

  private async json(
    method: 'GET' | 'POST',
    path: string,
    body: { body: Uint8Array | string; contentType: string } | undefined,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.send(method, path, body, controller.signal);
      const requestId = cleanRequestId(res.headers.get('x-request-id'), this.apiKey);
      const text = new TextDecoder().decode(await readBounded(res, MAX_OBJECT_BYTES, path, requestId));
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw invalid(`The server's answer to ${method} ${path} is not valid JSON.`, requestId);
      }
    } catch (e) {
      if (signal?.aborted) throw new ImageStudioError('cancelled', 'The request was cancelled.');
      if (controller.signal.aborted)
        throw new ImageStudioError('timeout', `No answer from ${method} ${path} within ${Math.round(this.timeoutMs / 1000)} s.`);
      if (isImageStudioError(e)) throw cleanError(e, this.apiKey);
      throw new ImageStudioError(
        'network',
        `The connection to the Batch API failed (${method} ${path}). Check the network, proxy and base URL.`,
        { cause: e },
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    body: { body: Uint8Array | string; contentType: string } | undefined,
    signal?: AbortSignal,
  ): Promise<Response> {
    const target = batchApiTarget(this.provider, path, this.apiKey);
    const headers = { ...target.headers, ...(body ? { 'Content-Type': body.contentType } : {}), Accept: 'application/json' };
    const res = await fetchSameOrigin(
      this.fetch,
      target.url,
      { method, headers, ...(body ? { body: body.body as RequestInit['body'] } : {}), ...(signal ? { signal } : {}) },
      { what: `${method} ${path}` },
    );
    if (res.ok) return res;
    const requestId = cleanRequestId(res.headers.get('x-request-id'), this.apiKey);
    const text = redact(await readTextPrefix(res), this.apiKey);
    throw errorFromResponse(res.status, text, requestId, 'batch');
  }
}

/** Longest id kept from a batch object (OpenAI's are about 30 characters). */
const MAX_ID_CHARS = 200;
/** Batch-level errors kept, and the characters of each. */
const MAX_BATCH_ERRORS = 20;
const MAX_BATCH_ERROR_CHARS = 300;

/**
 * Reads a Batch object, refusing one without the fields every batch has. Every string is cleaned
 * (the key removed, control characters dropped) and bounded: the object goes into a run record.
 */
export function readBatch(json: unknown, clean: ServerCleaner): BatchInfo {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const str = (v: unknown, max = MAX_ID_CHARS): string | undefined => (typeof v === 'string' && v ? clean.text(v, max) : undefined);
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  if (!str(o.id) || !STATUSES.has(String(o.status)))
    throw invalid('The server answered with something that is not a batch (no id or an unknown status).');
  const counts = (o.request_counts && typeof o.request_counts === 'object' ? o.request_counts : {}) as Record<string, unknown>;
  const data = (o.errors && typeof o.errors === 'object' ? (o.errors as { data?: unknown }).data : undefined) ?? [];
  // Entries may be anything (null, a string): each is read as far as it is an object.
  const errors = (Array.isArray(data) ? data : []).slice(0, MAX_BATCH_ERRORS).map((entry: unknown) => {
    const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const line = typeof e.line === 'number' && Number.isInteger(e.line) ? `line ${e.line}: ` : '';
    const text = typeof e.message === 'string' && e.message ? e.message : typeof e.code === 'string' && e.code ? e.code : 'error';
    return `${line}${clean.text(text, MAX_BATCH_ERROR_CHARS)}`;
  });
  return {
    id: str(o.id)!,
    status: o.status as BatchStatus,
    endpoint: str(o.endpoint, 100) ?? '',
    inputFileId: str(o.input_file_id) ?? '',
    ...(str(o.output_file_id) ? { outputFileId: str(o.output_file_id)! } : {}),
    ...(str(o.error_file_id) ? { errorFileId: str(o.error_file_id)! } : {}),
    requestCounts: { total: num(counts.total), completed: num(counts.completed), failed: num(counts.failed) },
    ...(typeof o.created_at === 'number' && Number.isFinite(o.created_at) ? { createdAt: o.created_at } : {}),
    ...(typeof o.expires_at === 'number' && Number.isFinite(o.expires_at) ? { expiresAt: o.expires_at } : {}),
    errors,
  };
}

function invalid(message: string, requestId?: string): ImageStudioError {
  return new ImageStudioError('invalid_response', message, requestId ? { requestId } : {});
}
