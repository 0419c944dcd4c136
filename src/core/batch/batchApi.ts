// OpenAI's Files and Batch API, as far as an asset run needs it: upload the JSONL of requests,
// create the batch, read and cancel it, and open a result file as a stream (never read whole: an
// output file holds every image as base64). Errors are the client's typed errors, with the key
// scrubbed from anything the server said.
import { readBounded, readTextPrefix } from '../client/bodyLimits';
import { errorFromResponse, ImageStudioError, isImageStudioError, redact } from '../client/errors';
import { encodeMultipart } from '../client/multipart';
import { cleanError, cleanRequestId } from '../client/redaction';
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
  constructor(
    private readonly provider: ProviderConfig,
    private readonly apiKey: string,
    private readonly fetch: FetchLike,
    private readonly timeoutMs = 120_000,
  ) {}

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
    return readBatch(await this.json('POST', '/batches', { body, contentType: 'application/json' }, signal));
  }

  /** GET /batches/{id}. */
  async getBatch(id: string, signal?: AbortSignal): Promise<BatchInfo> {
    return readBatch(await this.json('GET', `/batches/${encodeURIComponent(id)}`, undefined, signal));
  }

  /** POST /batches/{id}/cancel: the batch goes to `cancelling`, then `cancelled` with what was done. */
  async cancelBatch(id: string, signal?: AbortSignal): Promise<BatchInfo> {
    return readBatch(await this.json('POST', `/batches/${encodeURIComponent(id)}/cancel`, undefined, signal));
  }

  /** GET /files/{id}/content as a byte stream, to be read line by line. */
  async fileContent(id: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    try {
      const res = await this.send('GET', `/files/${encodeURIComponent(id)}/content`, undefined, signal);
      if (!res.body) throw invalid(`The server sent file ${id} without a body.`);
      return res.body;
    } catch (e) {
      throw isImageStudioError(e) ? cleanError(e, this.apiKey) : e;
    }
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

/** Reads a Batch object, refusing one without the fields every batch has. */
export function readBatch(json: unknown): BatchInfo {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  if (!str(o.id) || !STATUSES.has(String(o.status)))
    throw invalid('The server answered with something that is not a batch (no id or an unknown status).');
  const counts = (o.request_counts && typeof o.request_counts === 'object' ? o.request_counts : {}) as Record<string, unknown>;
  const errors = ((o.errors as { data?: unknown } | null)?.data ?? []) as Array<Record<string, unknown>>;
  return {
    id: str(o.id)!,
    status: o.status as BatchStatus,
    endpoint: str(o.endpoint) ?? '',
    inputFileId: str(o.input_file_id) ?? '',
    ...(str(o.output_file_id) ? { outputFileId: str(o.output_file_id)! } : {}),
    ...(str(o.error_file_id) ? { errorFileId: str(o.error_file_id)! } : {}),
    requestCounts: { total: num(counts.total), completed: num(counts.completed), failed: num(counts.failed) },
    ...(typeof o.created_at === 'number' ? { createdAt: o.created_at } : {}),
    ...(typeof o.expires_at === 'number' ? { expiresAt: o.expires_at } : {}),
    errors: Array.isArray(errors)
      ? errors
          .slice(0, 20)
          .map((e) => `${typeof e.line === 'number' ? `line ${e.line}: ` : ''}${String(e.message ?? e.code ?? 'error').slice(0, 300)}`)
      : [],
  };
}

function invalid(message: string, requestId?: string): ImageStudioError {
  return new ImageStudioError('invalid_response', message, requestId ? { requestId } : {});
}
