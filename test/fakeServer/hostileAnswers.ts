// Answers of a hostile or broken server: redirects, echoed keys, broken images among good ones,
// too few or too many images, bodies and streams that never end, odd error bodies. Each is what a
// real proxy, compatible server or attacker on the base URL can send.
import type { ServerResponse } from 'node:http';
import { jsonAnswer, type ImageStore } from './answers';
import type { HostileFault } from './faults';
import type { Plan } from './requestChecks';

/** What a hostile answer needs from the server. */
export interface HostileContext {
  res: ServerResponse;
  plan: Plan | undefined;
  store: ImageStore;
  /** A URL that serves bytes for `url` results (`endless` never ends). */
  rawUrl(kind: 'endless' | 'html'): string;
  headers: Record<string, string>;
  /** The key the request carried (what a hostile server would echo). */
  givenKey: string;
  created: number;
}

const HOSTILE = new Set<HostileFault['kind']>([
  'redirect',
  'echo_key',
  'bad_images',
  'image_count',
  'endless_json',
  'endless_stream_line',
  'endless_download',
  'url_result',
  'raw_error',
]);

/** True for the faults this module answers. */
export function isHostile(fault: { kind: string } | undefined): fault is HostileFault {
  return !!fault && HOSTILE.has(fault.kind as HostileFault['kind']);
}

/** Faults answered before the request is checked (they do not need a valid request). */
export function answersBeforeChecks(fault: HostileFault): boolean {
  return fault.kind === 'redirect' || fault.kind === 'raw_error' || fault.kind === 'endless_json' || fault.kind === 'endless_stream_line';
}

/** Writes the hostile answer. */
export async function hostileAnswer(fault: HostileFault, ctx: HostileContext): Promise<void> {
  const { res, headers } = ctx;
  switch (fault.kind) {
    case 'redirect':
      res.writeHead(fault.status, { ...headers, location: fault.location, 'content-length': 0 });
      return void res.end();
    case 'raw_error':
      res.writeHead(fault.status, { ...headers, 'content-type': fault.contentType ?? 'application/json' });
      return void res.end(fault.body);
    case 'endless_json':
      res.writeHead(200, { ...headers, 'content-type': 'application/json' });
      res.write('{"data":[{"b64_json":"');
      return endless(res, 'A'.repeat(64 * 1024));
    case 'endless_stream_line':
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream' });
      res.write('event: image_generation.partial_image\ndata: {"b64_json":"');
      return endless(res, 'A'.repeat(64 * 1024));
    default:
      break;
  }
  const plan = ctx.plan!;
  if (fault.kind === 'image_count') plan.n = fault.count;
  if (fault.kind === 'endless_download' || fault.kind === 'url_result') plan.responseStyle = 'url';
  const body = await jsonAnswer(plan, ctx.store, ctx.created);
  const data = body.data as Array<Record<string, unknown>>;
  let out: Record<string, string> = { ...headers };
  if (fault.kind === 'echo_key') {
    const key = ctx.givenKey;
    out = { ...headers, 'x-request-id': `req_${key}` };
    for (const item of data) item.revised_prompt = `A rendering for ${key}`;
    Object.assign(body, {
      size: key,
      quality: `q-${key}`,
      background: key,
      output_format: plan.format,
      usage: { input_tokens: 1, [key]: 2, note: key, output_tokens_details: { [key]: 3 } },
    });
  }
  if (fault.kind === 'endless_download') data[0] = { url: ctx.rawUrl('endless') };
  if (fault.kind === 'url_result') data[0] = { url: fault.url };
  if (fault.kind === 'bad_images') {
    for (const [at, how] of Object.entries(fault.at)) {
      const i = Number(at);
      const good = typeof data[i]?.b64_json === 'string' ? (data[i]!.b64_json as string) : '';
      if (how === 'bad_base64') data[i] = { b64_json: '!!!! this is not base64 at all ####' };
      else if (how === 'not_an_image') data[i] = { b64_json: Buffer.from('<html><body>Gateway error</body></html>').toString('base64') };
      else if (how === 'truncated') data[i] = { b64_json: Buffer.from(good, 'base64').subarray(0, 200).toString('base64') };
      else if (how === 'dead_url') data[i] = { url: `${ctx.rawUrl('endless').replace(/\/raw\/.*$/, '')}/files/gone.png` };
      else data[i] = { url: ctx.rawUrl('html') };
    }
  }
  const json = JSON.stringify(body);
  res.writeHead(200, { ...out, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** Writes `chunk` until the client goes away (honouring back-pressure). */
export function endless(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    const pump = (): void => {
      while (!res.destroyed) {
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      resolve();
    };
    res.on('close', resolve);
    pump();
  });
}
