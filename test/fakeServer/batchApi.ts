// The fake's Files and Batch API (POST /v1/files, GET /v1/files/{id}/content, POST /v1/batches,
// GET /v1/batches/{id}, POST /v1/batches/{id}/cancel), shaped as openapi-batch.yaml says. A batch
// moves only when the test says so (FakeBatchControl), so every state can be observed: validating,
// in_progress (lines run a few at a time), finalizing, completed, failed, expired with partial
// output, cancelling and cancelled. Each line is checked and answered exactly as the interactive
// endpoint would (schema, model rules, real images); a failing line lands in the error file.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonAnswer } from './answers';
import { apiError, type ApiErrorAnswer } from './apiErrors';
import { batchSchemaProblem, withoutNulls } from './batchSchemas';
import { parseMultipart } from './multipartParser';
import { noisyPng } from './noisyPng';
import { checkRequest, describeUpload, type CheckContext, type UploadedFile } from './requestChecks';

type Json = Record<string, unknown>;

interface StoredFile {
  object: Json;
  bytes: Buffer;
}

interface FakeBatch {
  object: Json;
  /** The input file's lines (JSON text). */
  lines: string[];
  processed: number;
  output: string[];
  errors: string[];
}

/** An error a line is made to fail with (default: the safety system refused it). */
export interface LineFailure {
  status: number;
  code: string;
  message: string;
}

/** What a test does to batches. Every method acts on the newest batch when no id is given. */
export interface FakeBatchControl {
  /** The Batch objects, oldest first. */
  list(): Json[];
  /** The input file's lines of a batch (JSON text). */
  lines(id?: string): string[];
  /** One step: validating → in_progress (or failed, for a bad input file) → finalizing → completed; cancelling → cancelled. Stepping out of in_progress runs the lines left. */
  advance(id?: string): Promise<Json>;
  /** Runs `count` more lines while in_progress (request_counts go up). */
  process(count: number, id?: string): Promise<Json>;
  /** The window closed: completed lines are kept in the output file, the rest fail with batch_expired. */
  expire(id?: string): Promise<Json>;
  /** The whole batch fails (errors.data names why). */
  fail(message: string, id?: string): Json;
  /** Lines whose custom_id matches answer this error instead of an image. */
  failRequests(match: (customId: string) => boolean, failure?: LineFailure): void;
  /** Images of `side`×`side` random pixels instead of the usual solid colour (real-sized outputs). */
  noisyImages(side: number | undefined): void;
  /** Size of a stored file in bytes (undefined when there is none). */
  fileBytes(id: string): number | undefined;
  /** Waits this long before each line of a file download (a slow download, to interrupt). */
  paceDownloads(msPerLine: number): void;
  reset(): void;
}

const BATCH_ENDPOINTS = new Set(['/v1/images/generations', '/v1/images/edits']);
const FILES_RE = /^\/v1\/files(?:\/([^/]+)(\/content)?)?$/;
const BATCHES_RE = /^\/v1\/batches(?:\/([^/]+)(\/cancel)?)?$/;

/** Whether a path belongs to the Files or Batch API. */
export function isBatchApiPath(path: string): boolean {
  return FILES_RE.test(path) || BATCHES_RE.test(path);
}

/** Creates the Files and Batch API state and its request handler. */
export function createFakeBatchApi(context: () => CheckContext) {
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, FakeBatch>();
  let failures: Array<{ match: (customId: string) => boolean; failure: LineFailure }> = [];
  let noise: number | undefined;
  let paceMs = 0;
  let ids = 0;
  let lineNumber = 0;
  const now = (): number => Math.floor(Date.now() / 1000);
  const nextId = (prefix: string): string => `${prefix}${(++ids).toString(36).padStart(6, '0')}`;

  function storeFile(bytes: Buffer, filename: string, purpose: string): Json {
    const created = now();
    const object = {
      id: nextId('file-'),
      object: 'file',
      bytes: bytes.length,
      created_at: created,
      expires_at: created + 30 * 86400,
      filename,
      purpose,
      status: 'processed',
      status_details: null,
    };
    files.set(object.id, { object, bytes });
    return object;
  }

  function batchOf(id?: string): FakeBatch {
    const b = id ? batches.get(id) : [...batches.values()].at(-1);
    if (!b) throw new Error(`fake: no batch ${id ?? '(none created)'}`);
    return b;
  }

  async function runLine(batch: FakeBatch, text: string): Promise<void> {
    const line = JSON.parse(text) as { custom_id: string; body: Json };
    const requestId = nextId('req_batch_');
    const id = nextId('batch_req_');
    const endpoint = String(batch.object.endpoint).endsWith('edits') ? 'edits' : 'generations';
    const forced = failures.find((f) => f.match(line.custom_id))?.failure;
    const answer = forced ? apiError(forced.status, forced.message, null, forced.code) : await answerBody(endpoint, line.body);
    const ok = !('status' in answer);
    const out = {
      id,
      custom_id: line.custom_id,
      response: { status_code: ok ? 200 : answer.status, request_id: requestId, body: ok ? answer : answer.body },
      error: null,
    };
    (ok ? batch.output : batch.errors).push(JSON.stringify(out));
    const counts = batch.object.request_counts as { completed: number; failed: number };
    if (ok) counts.completed++;
    else counts.failed++;
  }

  async function answerBody(endpoint: 'generations' | 'edits', body: Json): Promise<Json | ApiErrorAnswer> {
    let fields = body;
    const uploads: UploadedFile[] = [];
    if (endpoint === 'edits') {
      const problem = batchSchemaProblem('EditImageBodyJsonParam', body);
      if (problem) return apiError(400, `Invalid request body: ${problem}.`);
      const { images, mask, ...rest } = body as { images: Array<{ image_url?: string }>; mask?: { image_url?: string } };
      fields = rest;
      for (const [field, ref] of [...images.map((i) => ['image[]', i] as const), ...(mask ? [['mask', mask] as const] : [])]) {
        const m = /^data:([^;,]+);base64,(.*)$/s.exec(ref.image_url ?? '');
        if (!m) return apiError(400, 'The fake takes input images as base64 data URLs only.', field === 'mask' ? 'mask' : 'images');
        uploads.push(describeUpload(field, field === 'mask' ? 'mask.png' : 'image.png', m[1], Buffer.from(m[2]!, 'base64')));
      }
    }
    const plan = checkRequest(endpoint, { ...fields }, uploads, context());
    if ('status' in plan) return plan;
    // The 2.6 models are not accepted in batches (S): each of their lines fails on its own.
    if (!plan.rule.batch)
      return apiError(400, `The model '${plan.model}' is not supported in the Batch API.`, 'model', 'model_not_supported');
    if (plan.stream) return apiError(400, 'Streaming is not supported in a batch.', 'stream');
    // Pictures follow the request, as the interactive answers do (an edit shows its input).
    const inputs = { image: uploads.find((u) => u.field === 'image[]')?.data, mask: uploads.find((u) => u.field === 'mask')?.data };
    const json = await jsonAnswer({ ...plan, responseStyle: 'b64_json', inputs, requestNumber: ++lineNumber }, () => '', now());
    if (noise) for (const item of json.data as Json[]) item.b64_json = noisyPng(noise).toString('base64');
    return json;
  }

  function validateInput(batch: FakeBatch): Json[] {
    const problems: Json[] = [];
    const seen = new Set<string>();
    batch.lines.forEach((text, i) => {
      const at = (message: string, param: string | null = null): void =>
        void problems.push({ code: 'invalid_request', message, param, line: i + 1 });
      let line: Json;
      try {
        line = JSON.parse(text) as Json;
      } catch {
        return at('This line is not valid JSON.');
      }
      const problem = batchSchemaProblem('BatchRequestInput', line);
      if (problem) return at(problem);
      if (typeof line.custom_id !== 'string' || !line.custom_id) return at("Missing required parameter: 'custom_id'.", 'custom_id');
      if (seen.has(line.custom_id)) return at(`The custom_id '${line.custom_id}' is used more than once.`, 'custom_id');
      seen.add(line.custom_id);
      if (line.url !== batch.object.endpoint)
        return at(`The url '${String(line.url)}' does not match the batch's endpoint ${String(batch.object.endpoint)}.`, 'url');
      if (!line.body || typeof line.body !== 'object') return at("Missing required parameter: 'body'.", 'body');
    });
    return problems;
  }

  function finish(batch: FakeBatch, status: 'completed' | 'expired' | 'cancelled', leftCode?: string): void {
    for (const text of batch.lines.slice(batch.processed)) {
      if (!leftCode) break;
      const line = JSON.parse(text) as { custom_id: string };
      const message =
        leftCode === 'batch_expired'
          ? 'This request could not be executed before the completion window expired.'
          : 'This request was not executed because the batch was cancelled.';
      batch.errors.push(
        JSON.stringify({ id: nextId('batch_req_'), custom_id: line.custom_id, response: null, error: { code: leftCode, message } }),
      );
      (batch.object.request_counts as { failed: number }).failed++;
    }
    batch.processed = batch.lines.length;
    const fileOf = (lines: string[]): string | null =>
      lines.length
        ? (storeFile(Buffer.from(lines.map((l) => `${l}\n`).join('')), 'batch_output.jsonl', 'batch_output').id as string)
        : null;
    batch.object.output_file_id = fileOf(batch.output);
    batch.object.error_file_id = fileOf(batch.errors);
    // The files hold the lines now (a 200-image output is a hundred megabytes: keep one copy).
    batch.output = [];
    batch.errors = [];
    batch.object.status = status;
    batch.object[`${status}_at`] = now();
  }

  async function processLines(batch: FakeBatch, count: number): Promise<void> {
    const end = Math.min(batch.lines.length, batch.processed + count);
    for (; batch.processed < end; batch.processed++) await runLine(batch, batch.lines[batch.processed]!);
  }

  const control: FakeBatchControl = {
    list: () => [...batches.values()].map((b) => b.object),
    lines: (id) => [...batchOf(id).lines],
    async advance(id) {
      const b = batchOf(id);
      switch (b.object.status) {
        case 'validating': {
          const problems = validateInput(b);
          if (problems.length) {
            Object.assign(b.object, { status: 'failed', failed_at: now(), errors: { object: 'list', data: problems } });
            break;
          }
          Object.assign(b.object, {
            status: 'in_progress',
            in_progress_at: now(),
            request_counts: { total: b.lines.length, completed: 0, failed: 0 },
          });
          break;
        }
        case 'in_progress':
          await processLines(b, b.lines.length);
          Object.assign(b.object, { status: 'finalizing', finalizing_at: now() });
          break;
        case 'finalizing':
          finish(b, 'completed');
          break;
        case 'cancelling':
          finish(b, 'cancelled', 'batch_cancelled');
          break;
        default:
          throw new Error(`fake: batch ${String(b.object.id)} is ${String(b.object.status)}; it does not move on`);
      }
      return b.object;
    },
    async process(count, id) {
      const b = batchOf(id);
      if (b.object.status !== 'in_progress') throw new Error(`fake: batch is ${String(b.object.status)}, not in_progress`);
      await processLines(b, count);
      return b.object;
    },
    async expire(id) {
      const b = batchOf(id);
      finish(b, 'expired', 'batch_expired');
      return b.object;
    },
    fail(message, id) {
      const b = batchOf(id);
      Object.assign(b.object, {
        status: 'failed',
        failed_at: now(),
        errors: { object: 'list', data: [{ code: 'batch_failed', message, param: null, line: null }] },
      });
      return b.object;
    },
    failRequests: (
      match,
      failure = { status: 400, code: 'moderation_blocked', message: 'Your request was rejected by the safety system.' },
    ) => void failures.push({ match, failure }),
    noisyImages: (side) => void (noise = side),
    fileBytes: (id) => files.get(id)?.bytes.length,
    paceDownloads: (ms) => void (paceMs = ms),
    reset() {
      files.clear();
      batches.clear();
      failures = [];
      noise = undefined;
      paceMs = 0;
    },
  };

  /** Answers one Files or Batch API request (the key was already checked). */
  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    body: Buffer,
    answer: (a: ApiErrorAnswer | { status: number; body: Json }) => void,
  ): Promise<void> {
    const f = FILES_RE.exec(path);
    if (f) {
      const [, fileId, content] = f;
      if (req.method === 'POST' && !fileId) return answer(upload(req, body));
      const stored = fileId ? files.get(fileId) : undefined;
      if (req.method !== 'GET' || !fileId) return answer(apiError(404, `Invalid URL (${req.method} ${path})`));
      if (!stored) return answer(apiError(404, `No such File object: ${fileId}`, 'id'));
      if (!content) return answer({ status: 200, body: stored.object });
      return sendContent(res, stored.bytes, paceMs);
    }
    const b = BATCHES_RE.exec(path)!;
    const [, batchId, cancel] = b;
    if (req.method === 'POST' && !batchId) return answer(createBatch(body));
    const batch = batchId ? batches.get(batchId) : undefined;
    if (!batchId || req.method !== (cancel ? 'POST' : 'GET')) return answer(apiError(404, `Invalid URL (${req.method} ${path})`));
    if (!batch) return answer(apiError(404, `No batch found with id '${batchId}'.`, null, 'batch_not_found'));
    if (cancel) {
      if (batch.object.status !== 'validating' && batch.object.status !== 'in_progress')
        return answer(apiError(409, `Cannot cancel a batch with status '${String(batch.object.status)}'.`));
      Object.assign(batch.object, { status: 'cancelling', cancelling_at: now() });
    }
    return answer({ status: 200, body: batch.object });
  }

  function upload(req: IncomingMessage, body: Buffer): ApiErrorAnswer | { status: number; body: Json } {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) return apiError(400, 'Expected a multipart/form-data body.');
    let parts;
    try {
      parts = parseMultipart(body, type);
    } catch (e) {
      return apiError(400, `Malformed multipart body: ${(e as Error).message}.`);
    }
    const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
    const purpose = parts.find((p) => p.name === 'purpose')?.data.toString('utf8');
    const problem = batchSchemaProblem('CreateFileRequest', {
      ...(file ? { file: 'binary' } : {}),
      ...(purpose !== undefined ? { purpose } : {}),
    });
    if (problem) return apiError(400, `Invalid file upload: ${problem}.`, file ? 'purpose' : 'file');
    return { status: 200, body: storeFile(file!.data, file!.filename!, purpose!) };
  }

  function createBatch(body: Buffer): ApiErrorAnswer | { status: number; body: Json } {
    let json: Json;
    try {
      json = JSON.parse(body.toString('utf8')) as Json;
    } catch {
      return apiError(400, 'We could not parse the JSON body of your request.');
    }
    const problem = batchSchemaProblem('CreateBatchRequest', json);
    if (problem) return apiError(400, `Invalid request: ${problem}.`);
    if (!BATCH_ENDPOINTS.has(String(json.endpoint)))
      return apiError(
        400,
        `The fake runs batches of /v1/images/generations and /v1/images/edits only (got ${String(json.endpoint)}).`,
        'endpoint',
      );
    const input = files.get(String(json.input_file_id));
    if (!input) return apiError(404, `No such File object: ${String(json.input_file_id)}`, 'input_file_id');
    if (input.object.purpose !== 'batch') return apiError(400, `The input file must be uploaded with purpose 'batch'.`, 'input_file_id');
    const created = now();
    const object: Json = {
      id: nextId('batch_'),
      object: 'batch',
      endpoint: json.endpoint,
      errors: null,
      input_file_id: json.input_file_id,
      completion_window: json.completion_window,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: created,
      in_progress_at: null,
      expires_at: created + 86400,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: json.metadata ?? null,
    };
    const lines = input.bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    batches.set(object.id as string, { object, lines, processed: 0, output: [], errors: [] });
    return { status: 200, body: object };
  }

  return { control, handle };
}

/** Checks an answer of the fake against the spec (nulls left out, see withoutNulls). */
export function batchAnswerProblem(kind: 'Batch' | 'OpenAIFile' | 'BatchRequestOutput', value: Json): string | undefined {
  return batchSchemaProblem(kind, kind === 'BatchRequestOutput' ? value : withoutNulls(value));
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

// Writes a file a line at a time, honouring backpressure (and the pace a test set).
async function sendContent(res: ServerResponse, bytes: Buffer, paceMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
  let at = 0;
  while (at < bytes.length && !res.destroyed) {
    const nl = bytes.indexOf(0x0a, at);
    const end = nl < 0 ? bytes.length : nl + 1;
    if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
    if (!res.write(bytes.subarray(at, end))) await drained(res);
    at = end;
  }
  res.end();
}
