// A loopback fake of the Images API (OpenAI, Azure OpenAI or a compatible server): validates each
// request against the OpenAPI excerpt and the model rules, answers with real images, records what
// it received, and injects faults on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiError, type ApiErrorAnswer } from './apiErrors';
import { jsonAnswer, streamAnswer, type StreamAnswerOptions } from './answers';
import { faultError, type FakeFault, type FaultMatch } from './faults';
import { createFakeBatchApi, isBatchApiPath, type FakeBatchControl } from './batchApi';
import { answersBeforeChecks, endless, hostileAnswer, isHostile } from './hostileAnswers';
import { parseMultipart } from './multipartParser';
import { checkRequest, describeUpload, type Plan, type UploadedFile } from './requestChecks';
import { FAKE_MODELS, FAKE_SHUTDOWN_DATES } from './modelRules';

/** How the fake behaves; every field can be changed later with setMode. */
export interface FakeMode {
  provider: 'openai' | 'azure' | 'compatible';
  /** The key it accepts (Bearer, or `api-key` for Azure). Empty: no key needed (compatible servers). */
  apiKey: string;
  /** Endpoints a compatible server has; others answer 404. */
  endpoints: Array<'generations' | 'edits' | 'variations'>;
  responseStyle?: 'b64_json' | 'url' | 'data_url';
  /** Delay before every API answer. */
  latencyMs: number;
  /** Delay between streamed events. */
  streamEventDelayMs: number;
  /** GET /v1/models: the ids it lists and their `shutdown_date` (null: none); `false`: answers 404 like servers without it. */
  models: Record<string, string | null> | false;
  /** Models refusing `background: transparent` with OpenAI's 400 (gpt-image-2's transparency is only "preview"). */
  refuseTransparentFor: string[];
  /** Words that make the safety system refuse a prompt (the demo's, so a user can see a moderation error). */
  refusalWords?: string[];
  /** A compatible server that declares OpenAI's Files and Batch API (OpenAI itself always has them). */
  batch?: boolean;
  /**
   * PNG answers of random pixels at the requested size: incompressible, so an answer is as large as
   * a real one (a painted scene compresses to a few KB). For the memory tests.
   */
  noisyImages?: boolean;
}

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  endpoint?: 'generations' | 'edits' | 'variations';
  /** JSON body, or the text fields of a multipart body (repeated names become arrays). */
  fields: Record<string, unknown>;
  files: Array<Omit<UploadedFile, 'data'>>;
  receivedAt: number;
  status?: number;
  fault?: FakeFault['kind'];
}

/** The running fake. */
export interface FakeImagesApi {
  /** Origin, e.g. http://127.0.0.1:41234 (Azure endpoint). */
  url: string;
  /** OpenAI-style base URL (`${url}/v1`). */
  baseUrl: string;
  requests: RecordedRequest[];
  /** GET /v1/models requests (apart from `requests`, which holds the image calls). */
  modelListRequests: RecordedRequest[];
  /** Highest number of API requests in flight at once. */
  readonly maxConcurrency: number;
  queueFault(fault: FakeFault, match?: FaultMatch): void;
  /** The Files and Batch API's batches, moved through their states by the test. */
  batches: FakeBatchControl;
  setMode(mode: Partial<FakeMode>): void;
  /** Forgets requests, queued faults, batches and the request count (the mode stays; see restoreMode). */
  reset(): void;
  /** Puts the mode back to what the fake was started with, undoing every setMode. */
  restoreMode(): void;
  close(): Promise<void>;
}

const MODELS_RE = /^\/v1\/models\/?$/;
const ENDPOINT_RE = /^(?:\/v1|\/openai\/v1|\/openai\/deployments\/([^/]+))\/images\/(generations|edits|variations)$/;

/** Starts the fake on 127.0.0.1 (port 0 unless given). */
export async function startFakeImagesApi(options: Partial<FakeMode> & { port?: number } = {}): Promise<FakeImagesApi> {
  const startMode = (): FakeMode => ({
    provider: 'openai',
    apiKey: 'sk-test-key',
    endpoints: ['generations', 'edits', 'variations'],
    latencyMs: 0,
    streamEventDelayMs: 0,
    models: defaultModelList(),
    refuseTransparentFor: [],
    ...options,
  });
  const mode: FakeMode = startMode();
  const requests: RecordedRequest[] = [];
  const modelListRequests: RecordedRequest[] = [];
  let faults: Array<{ fault: FakeFault; match: FaultMatch }> = [];
  const files = new Map<string, { bytes: Buffer; format: string }>();
  let inFlight = 0;
  let maxConcurrency = 0;
  let counter = 0;
  let origin = '';
  const batchApi = createFakeBatchApi(() => ({ provider: mode.provider }));

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, apiError(500, `fake server bug: ${String(e)}`, null, null, 'server_error'), {});
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', origin);
    if (req.method === 'GET' && u.pathname.startsWith('/files/')) {
      const f = files.get(u.pathname.slice('/files/'.length));
      if (!f) return void send(res, apiError(404, 'No such file.'), {});
      res.writeHead(200, { 'content-type': `image/${f.format}`, 'content-length': f.bytes.length });
      return void res.end(f.bytes);
    }
    if (req.method === 'GET' && u.pathname === '/raw/endless') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return endless(res, '\x89PNG'.padEnd(64 * 1024, 'x'));
    }
    if (req.method === 'GET' && u.pathname === '/raw/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><body>Sign in to continue</body></html>');
    }
    const body = await readBody(req);
    // Models-list requests are kept apart: `requests` stays the list of image calls tests index into.
    if (req.method === 'GET' && MODELS_RE.test(u.pathname)) {
      modelListRequests.push({
        method: 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        headers: { ...req.headers },
        fields: {},
        files: [],
        receivedAt: Date.now(),
      });
      const send404 = (a: ApiErrorAnswer): void => send(res, a, {});
      return answerModels(u, req, send404, (text) => sendRaw(res, 200, {}, text));
    }
    const rec: RecordedRequest = {
      method: req.method ?? '',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: { ...req.headers },
      fields: {},
      files: [],
      receivedAt: Date.now(),
    };
    requests.push(rec);
    inFlight++;
    maxConcurrency = Math.max(maxConcurrency, inFlight);
    res.on('close', () => inFlight--);
    // Taken now: the latency below lets a parallel request move the counter on before this one paints.
    const requestNumber = ++counter;
    const requestId = `req_fake_${requestNumber}`;
    const headers = { 'x-request-id': requestId };
    const answer = (a: ApiErrorAnswer): void => {
      rec.status = a.status;
      send(res, a, { ...headers, ...a.headers });
    };

    if (isBatchApiPath(u.pathname)) {
      if (mode.provider === 'azure' || (mode.provider === 'compatible' && !mode.batch))
        return answer(apiError(404, `Invalid URL (${req.method} ${u.pathname})`, null, null));
      const refused = keyProblem(req);
      if (refused) return answer(refused);
      return batchApi.handle(req, res, u.pathname, body, (a) => answer(a as ApiErrorAnswer));
    }
    const m = ENDPOINT_RE.exec(u.pathname);
    if (req.method !== 'POST' || !m) return answer(apiError(404, `Invalid URL (${req.method} ${u.pathname})`, null, null));
    const endpoint = m[2] as Plan['endpoint'];
    rec.endpoint = endpoint;
    const routeErr = checkRoute(u, m[1], endpoint, req);
    if (routeErr) return answer(routeErr);

    const parsed = parseBody(req.headers['content-type'] ?? '', body, endpoint);
    if ('status' in parsed) return answer(parsed);
    rec.fields = parsed.fields;
    rec.files = parsed.files.map(({ data: _d, ...f }) => f);
    const model = typeof parsed.fields.model === 'string' ? parsed.fields.model : '';

    const queued = faults.findIndex(
      (f) =>
        (!f.match.endpoint || f.match.endpoint === endpoint) && (f.match.prompt === undefined || f.match.prompt === parsed.fields.prompt),
    );
    const fault = queued >= 0 ? faults.splice(queued, 1)[0]!.fault : undefined;
    if (fault) rec.fault = fault.kind;
    if (mode.latencyMs) await delay(mode.latencyMs);
    if (fault?.kind === 'slow_headers') await delay(fault.delayMs);
    if (fault?.kind === 'wait_for') await fault.release;
    if (fault?.kind === 'reset_before_response') return void req.socket.destroy();
    const store = (bytes: Buffer, format: string): string => {
      const id = `img_${requestNumber}_${files.size}.${format}`;
      if (fault?.kind !== 'url_download_fail') files.set(id, { bytes, format });
      return `${origin}/files/${id}`;
    };
    const created = Math.floor(Date.now() / 1000);
    const givenKey = String(req.headers['api-key'] ?? /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const hostile = (plan: Plan | undefined) => ({
      res,
      plan,
      store,
      headers,
      givenKey,
      created,
      rawUrl: (kind: 'endless' | 'html') => `${origin}/raw/${kind}`,
    });
    if (isHostile(fault) && answersBeforeChecks(fault)) {
      rec.status = 'status' in fault ? fault.status : 200;
      return hostileAnswer(fault, hostile(undefined));
    }
    const refusal = refusalFault(parsed.fields.prompt, mode.refusalWords);
    const fe = (fault && faultError(fault, model)) ?? (refusal && faultError(refusal, model));
    if (fe) return answer({ status: fe.status, body: { error: fe.error }, ...(fe.headers ? { headers: fe.headers } : {}) });

    const checked = checkRequest(endpoint, parsed.fields, parsed.files, {
      provider: mode.provider,
      jsonEdit: parsed.json,
      refuseTransparentFor: mode.refuseTransparentFor,
      ...(mode.responseStyle ? { responseStyle: mode.responseStyle } : {}),
    });
    if ('status' in checked) return answer(checked);
    const plan = checked;
    const upload = (field: string): Buffer | undefined =>
      parsed.files.find((f) => f.field === field || (field === 'image' && f.field === 'image[]'))?.data;
    plan.inputs = { image: upload('image'), mask: fault?.kind === 'repaint_outside_mask' ? undefined : upload('mask') };
    plan.requestNumber = requestNumber;
    plan.noisy = !!mode.noisyImages;
    rec.status = 200;
    if (isHostile(fault)) return hostileAnswer(fault, hostile(plan));
    if (plan.stream) {
      return streamAnswer(res, plan, created, { eventDelayMs: mode.streamEventDelayMs, ...streamFault(fault) }, headers);
    }
    if (fault?.kind === 'url_download_fail') plan.responseStyle = 'url';
    if (fault?.kind === 'ignore_transparency') plan.transparent = false;
    const json = JSON.stringify(await jsonAnswer(plan, store, created));
    if (fault?.kind === 'malformed_json') return void sendRaw(res, 200, headers, json.slice(0, Math.floor(json.length / 2)));
    if (fault?.kind === 'slow_body') {
      // Cut after the first item: the second `b64_json` key, or the closing brackets with one image.
      const second = json.indexOf('"b64_json"', json.indexOf('"b64_json"') + 1);
      const cut = second > 0 ? second : json.lastIndexOf(']');
      res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.write(json.slice(0, cut));
      await delay(fault.pauseMs);
      return void res.end(json.slice(cut));
    }
    if (fault?.kind === 'reset_mid_body') {
      res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': json.length });
      res.write(json.slice(0, Math.floor(json.length / 2)));
      return void setTimeout(() => res.destroy(), 20);
    }
    sendRaw(res, 200, headers, json);
  }

  /** GET /v1/models (P spec: `data[]` of Model objects, `shutdown_date` YYYY-MM-DD or null since 2026-08-14). */
  function answerModels(u: URL, req: IncomingMessage, answer: (a: ApiErrorAnswer) => void, ok: (text: string) => void): void {
    if (mode.provider === 'azure' || mode.models === false) return answer(apiError(404, `Invalid URL (GET ${u.pathname})`, null, null));
    const given = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1];
    if (mode.apiKey && given !== mode.apiKey) return answer(apiError(401, 'Incorrect API key provided.', null, 'invalid_api_key'));
    const data = Object.entries(mode.models).map(([id, shutdown]) => ({
      id,
      object: 'model',
      created: 1_776_729_600,
      owned_by: 'system',
      shutdown_date: shutdown,
    }));
    ok(JSON.stringify({ object: 'list', data }));
  }

  function checkRoute(
    u: URL,
    deployment: string | undefined,
    endpoint: Plan['endpoint'],
    req: IncomingMessage,
  ): ApiErrorAnswer | undefined {
    const azure = mode.provider === 'azure';
    const azurePath = u.pathname.startsWith('/openai/');
    if (azure !== azurePath) return apiError(404, 'Resource not found', null, '404');
    if (azure && deployment && !u.searchParams.get('api-version'))
      return apiError(404, 'Resource not found: missing api-version', null, '404');
    if ((azure && endpoint === 'variations') || (mode.provider === 'compatible' && !mode.endpoints.includes(endpoint)))
      return apiError(404, `Invalid URL (POST ${u.pathname})`, null, null);
    return keyProblem(req);
  }

  function keyProblem(req: IncomingMessage): ApiErrorAnswer | undefined {
    if (!mode.apiKey) return undefined;
    const given = mode.provider === 'azure' ? req.headers['api-key'] : /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1];
    if (given === mode.apiKey) return undefined;
    // Like OpenAI, the fake quotes the key it was given: clients must never show server text blindly.
    return apiError(401, `Incorrect API key provided: ${String(given ?? '')}.`, null, 'invalid_api_key');
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    baseUrl: `${origin}/v1`,
    requests,
    modelListRequests,
    get maxConcurrency() {
      return maxConcurrency;
    },
    queueFault: (fault, match = {}) => void faults.push({ fault, match }),
    batches: batchApi.control,
    setMode: (next) => void Object.assign(mode, next),
    reset: () => {
      requests.length = 0;
      modelListRequests.length = 0;
      // Request ids and painted pictures start over: a test sees the same answers whatever ran before it.
      counter = 0;
      faults = [];
      maxConcurrency = 0;
      batchApi.control.reset();
    },
    restoreMode: () => {
      // The same object stays (the request handlers hold it); keys added by setMode go.
      for (const key of Object.keys(mode)) delete (mode as unknown as Record<string, unknown>)[key];
      Object.assign(mode, startMode());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How a queued fault changes a streamed answer: cut, an error event, or a hold. */
function streamFault(fault: FakeFault | undefined): Partial<StreamAnswerOptions> {
  if (fault?.kind === 'stream_cut') return { cutAfterEvents: fault.afterEvents };
  if (fault?.kind === 'stream_error')
    return { errorAfterEvents: fault.afterEvents, ...(fault.message ? { errorMessage: fault.message } : {}) };
  if (fault?.kind === 'stream_hold') return { holdAfterEvents: fault.afterEvents, release: fault.release };
  return {};
}

/** A moderation refusal when the prompt holds one of the refusal words (whole words, any case). */
function refusalFault(prompt: unknown, words: readonly string[] | undefined): FakeFault | undefined {
  if (typeof prompt !== 'string' || !words?.length) return undefined;
  const said = new Set(prompt.toLowerCase().split(/[^a-z0-9]+/));
  const hit = words.find((w) => said.has(w.toLowerCase()));
  return hit ? { kind: 'moderation', categories: [`demo word "${hit}"`] } : undefined;
}

/** What /v1/models lists by default: every model of the fake's table, with OpenAI's announced shutdown dates. */
function defaultModelList(): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(FAKE_MODELS)
      .filter(([, r]) => !r.goneFromOpenAI)
      .map(([id]) => [id, FAKE_SHUTDOWN_DATES[id] ?? null]),
  );
}

type ParsedBody = { fields: Record<string, unknown>; files: UploadedFile[]; json?: boolean };

function parseBody(contentType: string, body: Buffer, endpoint: Plan['endpoint']): ApiErrorAnswer | ParsedBody {
  if (endpoint === 'edits' && contentType.startsWith('application/json')) return parseJsonEdit(body);
  if (endpoint === 'generations') {
    if (!contentType.startsWith('application/json')) return apiError(400, 'Expected a JSON body (Content-Type: application/json).');
    try {
      const json = JSON.parse(body.toString('utf8')) as unknown;
      if (!json || typeof json !== 'object' || Array.isArray(json)) return apiError(400, 'The body must be a JSON object.');
      return { fields: json as Record<string, unknown>, files: [] };
    } catch {
      return apiError(400, 'We could not parse the JSON body of your request.');
    }
  }
  if (!contentType.startsWith('multipart/form-data'))
    return apiError(400, 'This endpoint expects multipart/form-data or, for edits, JSON.');
  try {
    const fields: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    for (const p of parseMultipart(body, contentType)) {
      if (p.filename !== undefined || p.name === 'image' || p.name === 'image[]' || p.name === 'mask')
        files.push(describeUpload(p.name, p.filename, p.contentType, p.data));
      else fields[p.name] = p.name in fields ? ([] as unknown[]).concat(fields[p.name], p.data.toString('utf8')) : p.data.toString('utf8');
    }
    return { fields, files };
  } catch (e) {
    return apiError(400, `Malformed multipart body: ${(e as Error).message}.`);
  }
}

/**
 * A JSON edit (P spec EditImageBodyJsonParam): `images[]` and `mask` as `{image_url}` data URLs become
 * uploads for the same file checks as multipart; `file_id`s the fake never issued are refused.
 */
function parseJsonEdit(body: Buffer): ApiErrorAnswer | ParsedBody {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return apiError(400, 'We could not parse the JSON body of your request.');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return apiError(400, 'The body must be a JSON object.');
  const files: UploadedFile[] = [];
  const refs: Array<[string, unknown]> = [
    ...(Array.isArray(json.images) ? json.images.map((r): [string, unknown] => ['image[]', r]) : []),
    ...(json.mask ? [['mask', json.mask] as [string, unknown]] : []),
  ];
  for (const [field, ref] of refs) {
    const r = (ref ?? {}) as { image_url?: unknown; file_id?: unknown };
    if (typeof r.file_id === 'string')
      return apiError(400, `No such File object: ${r.file_id}`, field === 'mask' ? 'mask' : 'images', 'invalid_value');
    const m = typeof r.image_url === 'string' ? /^data:(image\/[a-z+]+);base64,(.*)$/s.exec(r.image_url) : null;
    if (!m) continue; // The schema check reports the malformed reference.
    files.push(describeUpload(field, field === 'mask' ? 'mask' : 'image', m[1], Buffer.from(m[2]!, 'base64')));
  }
  return { fields: json, files, json: true };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, a: ApiErrorAnswer, headers: Record<string, string>): void {
  sendRaw(res, a.status, headers, JSON.stringify(a.body));
}

function sendRaw(res: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
