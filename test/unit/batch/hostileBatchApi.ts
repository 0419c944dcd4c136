// A Files and Batch API that says whatever a test wants, on 127.0.0.1: it takes an upload and a
// batch like OpenAI's (so `assets build --batch` records a real run), then answers GET /batches/{id}
// with the objects a test queues (a status that flips backwards, `errors.data: [null]`, a key echoed
// in every field) and serves each file's content with the test's own writer (endless junk, a stall,
// lines that echo the key). Result URLs under /img/ serve a real PNG, under /stall/ half of one and
// then nothing. Plain Node, no fake rules.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseMultipart } from '../../fakeServer/multipartParser';
import { encodePng } from '../../support/png';

type Json = Record<string, unknown>;

/** Writes a file's content (may never end); the connection is closed by the test's server on close(). */
export type ContentWriter = (res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

/** The hostile server and its controls. */
export interface HostileBatchApi {
  /** `http://127.0.0.1:port/v1` */
  baseUrl: string;
  /** `http://127.0.0.1:port` */
  url: string;
  /** Every request as `METHOD path`, in order. */
  requests: string[];
  /** The custom_ids of the last uploaded input file, in order. */
  customIds(): string[];
  /** The id the next POST /batches creates. */
  nextBatchId: string;
  /** Queues answers to GET /batches/{id}: given in turn, the last one repeats. */
  answerBatch(id: string, ...objects: Json[]): void;
  /** Sets what GET /files/{id}/content sends. */
  serveFile(id: string, content: string | Buffer | ContentWriter): void;
  /** A batch object with sensible fields, overridden by `fields`. */
  batchObject(fields: Json): Json;
  close(): Promise<void>;
}

/** A small PNG every result URL under /img/ serves. */
export const RESULT_PNG = encodePng(8, 8);

/** Starts the server. */
export async function startHostileBatchApi(): Promise<HostileBatchApi> {
  const requests: string[] = [];
  const batches = new Map<string, Json[]>();
  const files = new Map<string, string | Buffer | ContentWriter>();
  let uploaded: string[] = [];
  const sockets = new Set<Socket>();
  const api: HostileBatchApi = {
    baseUrl: '',
    url: '',
    requests,
    customIds: () => uploaded,
    nextBatchId: 'batch_hostile1',
    answerBatch: (id, ...objects) => void batches.set(id, objects),
    serveFile: (id, content) => void files.set(id, content),
    batchObject: (fields) => ({
      id: api.nextBatchId,
      object: 'batch',
      endpoint: '/v1/images/generations',
      errors: null,
      input_file_id: 'file-input1',
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: 1_780_000_000,
      expires_at: 1_780_086_400,
      request_counts: { total: uploaded.length, completed: 0, failed: 0 },
      metadata: null,
      ...fields,
    }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push(`${req.method} ${path}`);
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && path === '/v1/files') {
        const file = parseMultipart(body, req.headers['content-type'] ?? '').find((p) => p.name === 'file');
        uploaded = (file?.data.toString('utf8') ?? '')
          .split('\n')
          .filter(Boolean)
          .map((l) => String((JSON.parse(l) as { custom_id: string }).custom_id));
        return json(res, 200, { id: 'file-input1', object: 'file', purpose: 'batch', bytes: body.length });
      }
      if (req.method === 'POST' && path === '/v1/batches') return json(res, 200, api.batchObject({}));
      const batch = /^\/v1\/batches\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && batch) {
        const queued = batches.get(decodeURIComponent(batch[1]!));
        if (!queued?.length)
          return json(res, 404, {
            error: { message: `No batch found with id '${batch[1]}'.`, type: 'invalid_request_error', code: 'batch_not_found' },
          });
        return json(res, 200, queued.length > 1 ? queued.shift() : queued[0]);
      }
      const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
      if (req.method === 'GET' && content) {
        const served = files.get(decodeURIComponent(content[1]!));
        if (served === undefined) return json(res, 404, { error: { message: 'No such File object', type: 'invalid_request_error' } });
        if (typeof served === 'function') return void Promise.resolve(served(res, req)).catch(() => res.destroy());
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(served);
      }
      // A result download that answers its headers and then nothing more.
      if (req.method === 'GET' && path.startsWith('/stall/')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        return void res.write(RESULT_PNG.subarray(0, 16));
      }
      if (req.method === 'GET' && path.startsWith('/img/')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        return void res.end(RESULT_PNG);
      }
      json(res, 404, { error: { message: `Invalid URL (${req.method} ${path})`, type: 'invalid_request_error' } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  api.url = `http://127.0.0.1:${port}`;
  api.baseUrl = `${api.url}/v1`;
  return api;
}

/** One output line for `customId`: a 200 answer whose body is `body` (a data list of one PNG unless given). */
export function outputLine(customId: string, fields: { body?: Json; requestId?: string; id?: string } = {}): string {
  return JSON.stringify({
    id: fields.id ?? 'batch_req_1',
    custom_id: customId,
    response: {
      status_code: 200,
      request_id: fields.requestId ?? 'req_1',
      body: fields.body ?? { created: 1_780_000_100, data: [{ b64_json: RESULT_PNG.toString('base64') }] },
    },
    error: null,
  });
}

/** Writes `line` (with a newline) until the client goes away: an output file that never ends. */
export function endless(line: string): ContentWriter {
  const chunk = Buffer.from(`${line}\n`.repeat(Math.max(1, Math.floor(65536 / (line.length + 1)))));
  return (res) =>
    new Promise<void>((done) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (res.destroyed) done();
        else res.once('drain', pump);
      };
      res.on('close', done);
      pump();
    });
}
