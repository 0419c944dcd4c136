// Successful answers: the JSON ImagesResponse, and the server-sent event stream of partial and
// completed images, with real images of the requested size and format.
import type { ServerResponse } from 'node:http';
import { decodeToRaster, encodeGif, encodeRaster, encodeSvg } from './imageEncoder';
import type { Plan } from './requestChecks';
import { noisyPng } from './noisyPng';
import { editScene, paintScene, varyScene } from './sceneImages';
import { paintSheet } from './sheetScene';

/**
 * The picture for image `index` of a request: generations paint the prompt's scene, edits repaint
 * the masked area of the input, variations rework the input. `detail` < 1 for partial images.
 */
export async function imageFor(plan: Plan, index: number, detail = 1): Promise<Buffer> {
  const { width, height } = plan;
  if (plan.format === 'gif') return encodeGif(width, height, plan.frames, plan.frameMs);
  if (plan.format === 'svg') return encodeSvg(width, height);
  if (plan.noisy && plan.format === 'png') return noisyPng(width, height);
  const input =
    plan.inputs?.image && plan.endpoint !== 'generations'
      ? await decodeToRaster(plan.inputs.image, width, height).catch(() => undefined)
      : undefined;
  const seed = `${plan.requestNumber ?? 0}:${index}`;
  let raster;
  const sheet =
    plan.endpoint !== 'variations' ? paintSheet(width, height, plan.prompt, !!plan.transparent, plan.requestNumber ?? 0) : undefined;
  if (sheet) return encodeRaster(sheet, plan.format, plan.compression);
  if (input && plan.endpoint === 'variations') raster = varyScene(input, (plan.requestNumber ?? 0) + index);
  else if (input) {
    const mask = plan.inputs?.mask ? await decodeToRaster(plan.inputs.mask, width, height).catch(() => undefined) : undefined;
    raster = editScene(input, mask, `${plan.prompt}\u0000${seed}`, index);
  } else raster = paintScene(width, height, `${plan.prompt}\u0000${seed}`, index, { transparent: plan.transparent, detail });
  // Asked for a flat #00ff00 background (the transparency fallback): the left half is that key colour.
  if (plan.keyBackground) {
    for (let y = 0; y < raster.height; y++) {
      for (let x = 0; x < raster.width / 2; x++) raster.data.set([0, 255, 0, 255], (y * raster.width + x) * 4);
    }
  }
  return encodeRaster(raster, plan.format, plan.compression);
}

/** Stores an image for `url` answers and returns its URL. */
export type ImageStore = (bytes: Buffer, format: string) => string;

/** Usage numbers the fake reports for GPT image models. */
export function fakeUsage(plan: Plan): Record<string, unknown> {
  const text = Math.max(1, Math.ceil(plan.prompt.length / 4));
  const image = plan.endpoint === 'edits' ? 323 : 0;
  const output = 272 * plan.n;
  return {
    input_tokens: text + image,
    output_tokens: output,
    total_tokens: text + image + output,
    input_tokens_details: { text_tokens: text, image_tokens: image },
  };
}

/** Builds the JSON body of a successful non-streaming answer. */
export async function jsonAnswer(plan: Plan, store: ImageStore, created: number): Promise<Record<string, unknown>> {
  const data: Array<Record<string, unknown>> = [];
  for (let i = 0; i < plan.n; i++) {
    const bytes = await imageFor(plan, i);
    const item: Record<string, unknown> = {};
    if (plan.responseStyle === 'url') item.url = store(bytes, plan.format);
    else if (plan.responseStyle === 'data_url')
      item.url = `data:image/${plan.format === 'svg' ? 'svg+xml' : plan.format};base64,${bytes.toString('base64')}`;
    else item.b64_json = bytes.toString('base64');
    if (plan.rule.revisedPrompt) item.revised_prompt = `A detailed rendering of: ${plan.prompt}`;
    data.push(item);
  }
  const body: Record<string, unknown> = { created, data };
  if (plan.rule.gptParams) {
    Object.assign(body, {
      background: plan.transparent ? 'transparent' : 'opaque',
      output_format: plan.format,
      size: plan.size,
      quality: plan.quality,
      usage: fakeUsage(plan),
    });
  }
  return body;
}

/** Options for a streamed answer. */
export interface StreamAnswerOptions {
  eventDelayMs: number;
  /** Cut the connection after this many events (a stream cut mid-way). */
  cutAfterEvents?: number;
  /** Send an error event after this many events. */
  errorAfterEvents?: number;
  errorMessage?: string;
  /** Hold the stream after this many events until `release` settles. */
  holdAfterEvents?: number;
  release?: Promise<void>;
}

/** Writes the SSE stream: for each image its partial images, then its completed event. */
export async function streamAnswer(
  res: ServerResponse,
  plan: Plan,
  created: number,
  opts: StreamAnswerOptions,
  headers: Record<string, string>,
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const prefix = plan.endpoint === 'edits' ? 'image_edit' : 'image_generation';
  const common = {
    created_at: created,
    size: plan.size,
    quality: plan.quality,
    background: plan.transparent ? 'transparent' : 'opaque',
    output_format: plan.format,
  };
  let sent = 0;
  const send = async (event: string, data: Record<string, unknown>): Promise<boolean> => {
    if (opts.cutAfterEvents !== undefined && sent >= opts.cutAfterEvents) {
      res.socket?.destroy();
      return false;
    }
    if (opts.errorAfterEvents !== undefined && sent >= opts.errorAfterEvents) {
      const error = {
        type: 'server_error',
        code: 'stream_failed',
        message: opts.errorMessage ?? 'The image could not be finished.',
        param: null,
      };
      res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\n`);
      return false;
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    sent++;
    if (sent === opts.holdAfterEvents) await opts.release;
    if (opts.eventDelayMs) await new Promise((r) => setTimeout(r, opts.eventDelayMs));
    return true;
  };
  for (let i = 0; i < plan.n; i++) {
    for (let p = 0; p < plan.partials; p++) {
      const partial = await imageFor(plan, i, (p + 1) / (plan.partials + 1));
      if (
        !(await send(`${prefix}.partial_image`, {
          type: `${prefix}.partial_image`,
          b64_json: partial.toString('base64'),
          partial_image_index: p,
          ...common,
        }))
      )
        return;
    }
    const final = await imageFor(plan, i);
    if (
      !(await send(`${prefix}.completed`, {
        type: `${prefix}.completed`,
        b64_json: final.toString('base64'),
        ...common,
        usage: fakeUsage({ ...plan, n: 1 }),
      }))
    )
      return;
  }
  res.end();
}
