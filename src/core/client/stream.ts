// Reads a server-sent event stream of partial and final images (eventsource-parser does the SSE
// framing). Partials go to a callback as they arrive; an error event ends the stream with an error.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { PartialImage, RequestOptions } from '../types';
import { errorFromResponse, ImageStudioError } from './errors';
import { decodeImageData, type DecodedResponse, toImage } from './responses';

/** What the stream reader needs to know. */
export interface StreamContext {
  model: string;
  indexBase: number;
  requestId?: string;
  onPartial?: RequestOptions['onPartial'];
  onStage?: RequestOptions['onStage'];
}

interface StreamEvent {
  type?: string;
  b64_json?: string;
  partial_image_index?: number;
  output_format?: string;
  size?: string;
  quality?: string;
  background?: string;
  created_at?: number;
  usage?: DecodedResponse['usage'];
  error?: unknown;
}

/** Consumes the whole stream; resolves with the completed images or throws the stream's error. */
export async function readImageStream(body: ReadableStream<Uint8Array>, ctx: StreamContext): Promise<DecodedResponse> {
  const result: DecodedResponse = { images: [] };
  let failure: ImageStudioError | undefined;
  const parser = createParser({
    onEvent: (msg) => {
      if (!failure) failure = handle(msg, ctx, result);
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // An image event is one multi-megabyte `data:` line. The parser re-joins and re-scans its
  // unfinished line on every feed, which is quadratic over ~64 KB network chunks; so chunks are
  // held until one ends a line and fed together.
  let pending: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      pending.push(text);
      if (!/[\r\n]/.test(text)) continue;
      parser.feed(pending.length === 1 ? text : pending.join(''));
      pending = [];
      if (failure) {
        await reader.cancel().catch(() => undefined);
        throw failure;
      }
    }
    pending.push(decoder.decode());
    parser.feed(pending.join(''));
    parser.reset({ consume: true });
  } finally {
    reader.releaseLock();
  }
  if (failure) throw failure;
  if (result.images.length === 0) {
    throw new ImageStudioError('network', 'The stream ended before the final image arrived.', { requestId: ctx.requestId });
  }
  return result;
}

function handle(msg: EventSourceMessage, ctx: StreamContext, result: DecodedResponse): ImageStudioError | undefined {
  let data: StreamEvent;
  try {
    data = JSON.parse(msg.data) as StreamEvent;
  } catch {
    if (msg.data.trim() === '[DONE]') return undefined;
    return new ImageStudioError('invalid_response', 'The stream carried an event that is not JSON.', { requestId: ctx.requestId });
  }
  const type = data.type ?? msg.event ?? '';
  if (msg.event === 'error' || type === 'error' || data.error) {
    const payload = data.error && typeof data.error === 'object' ? data.error : data;
    return errorFromResponse(0, JSON.stringify({ error: payload }), ctx.requestId, ctx.model);
  }
  if (type.endsWith('.partial_image') && typeof data.b64_json === 'string') {
    const bytes = decodeImageData(data.b64_json);
    const img = toImage(bytes, ctx.indexBase, data.output_format, undefined, ctx.requestId);
    const partial: PartialImage = { bytes, format: img.format, partialIndex: data.partial_image_index ?? 0, imageIndex: ctx.indexBase + result.images.length };
    ctx.onStage?.({ stage: 'partial', imageIndex: partial.imageIndex, partialIndex: partial.partialIndex });
    ctx.onPartial?.(partial);
    return undefined;
  }
  if (type.endsWith('.completed') && typeof data.b64_json === 'string') {
    result.images.push(toImage(decodeImageData(data.b64_json), ctx.indexBase + result.images.length, data.output_format, undefined, ctx.requestId));
    if (data.usage) result.usage = data.usage;
    if (data.created_at !== undefined) result.created = data.created_at;
    for (const k of ['size', 'quality', 'background'] as const) if (data[k]) result[k] = data[k];
    if (data.output_format) result.outputFormat = data.output_format;
  }
  return undefined;
}
