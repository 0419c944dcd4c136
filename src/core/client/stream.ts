// Reads a server-sent event stream of partial and final images (framed over bytes by
// sseImageEvents, which decodes each image's base64 as it arrives). Partials go to a callback as
// they arrive; an error event ends the stream with an error.
// No event may be longer than one image can be: a stream that never ends a line or an event is
// refused at that size instead of growing memory until the process dies.
import type { PartialImage, RequestOptions } from '../types';
import { MAX_IMAGE_BASE64_CHARS, mb } from './bodyLimits';
import { errorFromResponse, ImageStudioError, isImageStudioError } from './errors';
import { shortfall, type DecodedResponse } from './responses';
import { SseImageEventReader, type SseImageEvent } from './sseImageEvents';
import { errorMessage } from '../errorMessage';
import type { ModelCapabilities } from '../models/capabilityTypes';

/** Longest event accepted: one image as base64 plus room for the JSON around it. */
export const MAX_EVENT_CHARS = MAX_IMAGE_BASE64_CHARS + 64 * 1024;

/** What the stream reader needs to know. */
export interface StreamContext {
  model: string;
  /** The model's row, for the replacement an error names. */
  caps?: ModelCapabilities;
  indexBase: number;
  /** Final images asked for (1 when a batch is split for streaming). */
  expected?: number;
  requestId?: string;
  onPartial?: RequestOptions['onPartial'];
  onStage?: RequestOptions['onStage'];
}

interface StreamEvent {
  type?: unknown;
  b64_json?: unknown;
  partial_image_index?: unknown;
  output_format?: unknown;
  size?: unknown;
  quality?: unknown;
  background?: unknown;
  created_at?: unknown;
  usage?: unknown;
  error?: unknown;
}

/** Consumes the whole stream; resolves with the completed images or throws the stream's error. */
export async function readImageStream(body: ReadableStream<Uint8Array>, ctx: StreamContext): Promise<DecodedResponse> {
  const result: DecodedResponse = { images: [], problems: [] };
  const state = { expected: ctx.expected ?? 1, finals: 0 };
  let failure: ImageStudioError | undefined;
  let sinceEvent = 0;
  const events = new SseImageEventReader(ctx.requestId, async (msg) => {
    sinceEvent = 0;
    if (failure) return void (await msg.image?.discard());
    try {
      failure = await handleEvent(msg, ctx, result, state);
    } catch (e) {
      failure = isImageStudioError(e)
        ? e
        : new ImageStudioError('invalid_response', 'The stream carried an event that could not be read.', { requestId: ctx.requestId });
    }
  });
  const reader = body.getReader();
  try {
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (e) {
        // A cut after the final image loses nothing; before it, the caller reports the cut.
        if (result.images.length + result.problems.length === 0) throw e;
        failure = new ImageStudioError('network', 'The stream was cut off after its final image.', { requestId: ctx.requestId });
        break;
      }
      const { done, value } = step;
      if (done) break;
      sinceEvent += value.length;
      if (sinceEvent > MAX_EVENT_CHARS) {
        failure = new ImageStudioError(
          'invalid_response',
          `The stream sent an event longer than ${mb(MAX_EVENT_CHARS)}, more than any image can be; it was not read further.`,
          { code: 'body_too_large', requestId: ctx.requestId },
        );
      } else {
        await events.feed(value);
      }
      if (failure) {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
    if (!failure) await events.end();
  } finally {
    reader.releaseLock();
  }
  // Images that arrived before a failure were made (and billed): they are kept, the failure
  // stands for the ones that did not arrive.
  const done = result.images.length + result.problems.length;
  if (failure && done === 0) throw failure;
  if (failure && done < state.expected)
    result.problems.push({ index: ctx.indexBase + done, count: state.expected - done, code: 'missing', message: failure.message });
  if (state.finals > state.expected) result.surplus = state.finals - state.expected;
  const arrived = result.images.length + result.problems.length;
  if (arrived === 0)
    throw new ImageStudioError('network', 'The stream ended before the final image arrived.', { requestId: ctx.requestId });
  if (arrived < state.expected) result.problems.push(shortfall(ctx.indexBase + arrived, state.expected - arrived, state.expected));
  return result;
}

async function handleEvent(
  msg: SseImageEvent,
  ctx: StreamContext,
  result: DecodedResponse,
  state: { expected: number; finals: number },
): Promise<ImageStudioError | undefined> {
  let data: StreamEvent;
  try {
    data = JSON.parse(msg.data) as StreamEvent;
  } catch {
    await msg.image?.discard();
    if (msg.data.trim() === '[DONE]') return undefined;
    return new ImageStudioError('invalid_response', 'The stream carried an event that is not JSON.', { requestId: ctx.requestId });
  }
  if (!data || typeof data !== 'object')
    return new ImageStudioError('invalid_response', 'The stream carried an event that is not a JSON object.', { requestId: ctx.requestId });
  const image = msg.image;
  const hasImage = !!image || msg.imageError !== undefined;
  // The image's bytes, checked whole (a problem when they are not an image).
  const finished = async (index: number) => {
    if (msg.imageError !== undefined || !image) throw msg.imageError;
    return image.finish(undefined, index);
  };
  const type = typeof data.type === 'string' ? data.type : (msg.event ?? '');
  if (msg.event === 'error' || type === 'error' || data.error) {
    await image?.discard();
    const payload = data.error && typeof data.error === 'object' ? data.error : data;
    return errorFromResponse(0, JSON.stringify({ error: payload }), ctx.requestId, ctx.model, undefined, ctx.caps);
  }
  if (type.endsWith('.partial_image') && hasImage) {
    // A partial is a preview: one that is not a whole image is dropped, not shown.
    let img;
    try {
      img = await finished(ctx.indexBase);
    } catch {
      return undefined;
    }
    const partialIndex = typeof data.partial_image_index === 'number' ? data.partial_image_index : 0;
    const partial: PartialImage = {
      bytes: img.bytes,
      format: img.format,
      partialIndex,
      imageIndex: ctx.indexBase + result.images.length + result.problems.length,
    };
    ctx.onStage?.({ stage: 'partial', imageIndex: partial.imageIndex, partialIndex: partial.partialIndex });
    ctx.onPartial?.(partial);
    return undefined;
  }
  if (type.endsWith('.completed') && hasImage) {
    // Only the images asked for are kept; more would be written (and fill the disk) for nothing.
    if (state.finals++ >= state.expected) return void (await image?.discard());
    const index = ctx.indexBase + result.images.length + result.problems.length;
    try {
      result.images.push(await finished(index));
    } catch (e) {
      const code = isImageStudioError(e) && e.code === 'too_large' ? 'too_large' : 'not_an_image';
      result.problems.push({ index, count: 1, code, message: errorMessage(e) });
    }
    if (data.usage && typeof data.usage === 'object') result.usage = data.usage as DecodedResponse['usage'];
    if (typeof data.created_at === 'number') result.created = data.created_at;
    for (const [k, v] of [
      ['size', data.size],
      ['quality', data.quality],
      ['background', data.background],
      ['outputFormat', data.output_format],
    ] as const) {
      if (typeof v === 'string' && v) result[k] = v;
    }
    return undefined;
  }
  await image?.discard();
  return undefined;
}
