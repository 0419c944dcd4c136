// Reads a JSON images answer as it arrives: the scanner finds each `data[i].b64_json`, its base64
// is decoded quad by quad straight into that image's assembler (memory, or the caller's temp
// file), and the small fields are parsed from the skeleton. The answer is never whole in memory,
// nor is any base64 string. The body limits still hold: the whole answer, and each image. A cut or
// garbled answer keeps the images that were whole before it and reports the rest.
import type { GeneratedImage, ImageProblem, ImageUsage } from '../types';
import { Base64StreamDecoder } from '../image/base64';
import { mb } from './bodyLimits';
import { ImageStudioError, isImageStudioError } from './errors';
import { ImageAssembler, type ImageSpool } from './imageSink';
import { ImagesJsonScanner, type ScanEvent } from './imagesJsonScanner';
import { echoed, imageBytes, problemFrom, shortfall, toImage, type DecodeContext, type DecodedResponse, type RawImage } from './responses';

/** What the reader needs beyond decoding: the limit, names for messages, where images go. */
export interface JsonReadContext extends DecodeContext {
  /** Most bytes the whole answer may have. */
  limit: number;
  /** "/images/generations", for messages. */
  what: string;
  status: number;
  /** Temp files for the images; none: they are held as decoded bytes. */
  spool?: ImageSpool;
}

interface Current {
  item: number;
  decoder: Base64StreamDecoder;
  assembler?: ImageAssembler;
  failed?: unknown;
}

/** Reads and decodes the whole answer; throws when nothing usable arrived. */
export async function readImagesJson(res: Response, ctx: JsonReadContext): Promise<DecodedResponse> {
  const rid = ctx.requestId ? { requestId: ctx.requestId } : {};
  const tooLarge = (): ImageStudioError =>
    new ImageStudioError(
      'invalid_response',
      `The server's answer to ${ctx.what} is larger than ${mb(ctx.limit)}, more than any image it could hold; it was not read further.`,
      { code: 'body_too_large', ...rid },
    );
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > ctx.limit) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const expected = ctx.expected ?? Number.POSITIVE_INFINITY;
  const slots: Array<GeneratedImage | ImageProblem> = [];
  const scanner = new ImagesJsonScanner();
  let current: Current | undefined;
  let failure: unknown;
  let outerText: string | undefined;

  const onEvent = async (ev: ScanEvent): Promise<void> => {
    if (ev.item >= expected) return; // surplus: scanned past, never decoded
    const index = ctx.indexBase + ev.item;
    if (ev.kind === 'b64Start') {
      current = { item: ev.item, decoder: new Base64StreamDecoder() };
      current.assembler = await ImageAssembler.open(index, ctx.requestId, ctx.spool);
      return;
    }
    if (!current || current.item !== ev.item) {
      if (ev.kind === 'itemEnd') slots[ev.item] = await plainItem(ev.skeleton, index, ctx);
      return;
    }
    const c = current;
    if (ev.kind === 'itemEnd') {
      current = undefined;
      if (c.failed) return void (slots[ev.item] = problemFrom(c.failed, index));
      // An empty b64_json: the item may still carry a url (as the whole-answer decoder allowed).
      if (c.assembler!.size === 0) {
        await c.assembler!.discard();
        return void (slots[ev.item] = await plainItem(ev.skeleton, index, ctx));
      }
      try {
        const raw = parseItem(ev.skeleton);
        slots[ev.item] = await c.assembler!.finish(typeof raw.revised_prompt === 'string' ? raw.revised_prompt : undefined);
      } catch (e) {
        await c.assembler!.discard();
        slots[ev.item] = problemFrom(e, index);
      }
      return;
    }
    if (c.failed) return;
    try {
      const parts = ev.kind === 'b64' ? c.decoder.push(ev.ascii) : c.decoder.end();
      for (const p of parts) await c.assembler!.write(p);
    } catch (e) {
      c.failed = isImageStudioError(e)
        ? e
        : new ImageStudioError('invalid_response', `The server's image ${index + 1} was not saved: its base64 data is garbled.`, {
            code: 'not_an_image',
            ...rid,
          });
      await c.assembler!.discard();
    }
  };

  const reader = res.body?.getReader();
  let total = 0;
  try {
    for (;;) {
      if (!reader) break;
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (e) {
        if (ctx.signal?.aborted) throw e;
        failure = e;
        break;
      }
      if (step.done) break;
      total += step.value.length;
      if (total > ctx.limit) {
        failure = tooLarge();
        await reader.cancel().catch(() => undefined);
        break;
      }
      let events: ScanEvent[];
      try {
        events = scanner.feed(step.value);
      } catch {
        failure = notJson(ctx, rid);
        await reader.cancel().catch(() => undefined);
        break;
      }
      for (const ev of events) await onEvent(ev);
    }
    if (!failure) {
      try {
        outerText = scanner.end();
      } catch {
        failure = notJson(ctx, rid, slots.length > 0);
      }
    }
  } finally {
    reader?.releaseLock();
    if (current?.assembler) await current.assembler.discard();
  }
  return assemble(slots, outerText, failure, expected, scanner.itemCount, ctx, rid);
}

function assemble(
  slots: Array<GeneratedImage | ImageProblem>,
  outerText: string | undefined,
  failure: unknown,
  expected: number,
  seen: number,
  ctx: JsonReadContext,
  rid: { requestId?: string },
): DecodedResponse {
  const images = slots.filter((s): s is GeneratedImage => !!s && 'mimeType' in s);
  const problems = slots.filter((s): s is ImageProblem => !!s && !('mimeType' in s));
  if (failure !== undefined) {
    // What arrived whole was made (and billed): it is kept; the failure stands for the rest.
    // Nothing whole: the raw failure goes up, so the client words it as for any other request.
    if (images.length + problems.length === 0) throw failure;
    const err = isImageStudioError(failure)
      ? failure
      : new ImageStudioError('network', `The answer from ${ctx.what} was cut off while it was read.`, { cause: failure, ...rid });
    const done = slots.length;
    if (Number.isFinite(expected) && done < expected)
      problems.push({
        index: ctx.indexBase + done,
        count: expected - done,
        code: 'missing',
        message: `${err.message} ${done} of ${expected} image(s) arrived before that; the rest did not (they may still have been billed).`,
      });
    return { images, problems };
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(outerText ?? '') as Record<string, unknown>;
  } catch {
    if (images.length + problems.length === 0) throw notJson(ctx, rid);
    return { images, problems };
  }
  if (!Array.isArray(body.data))
    throw new ImageStudioError('invalid_response', 'The server answered without a `data` list of images.', rid);
  const want = Number.isFinite(expected) ? expected : seen;
  const arrived = Math.min(seen, want);
  if (arrived < want) problems.push(shortfall(ctx.indexBase + arrived, want - arrived, want));
  return {
    images,
    problems,
    ...(seen > want ? { surplus: seen - want } : {}),
    ...(typeof body.created === 'number' ? { created: body.created } : {}),
    ...(body.usage && typeof body.usage === 'object' ? { usage: body.usage as ImageUsage } : {}),
    ...echoed(body),
  };
}

function notJson(ctx: JsonReadContext, rid: { requestId?: string }, cut = false): ImageStudioError {
  return new ImageStudioError(
    'invalid_response',
    cut ? `The server's answer to ${ctx.what} was cut short.` : `The server's answer to ${ctx.what} is not valid JSON.`,
    { ...rid, status: ctx.status },
  );
}

function parseItem(skeleton: string): RawImage {
  const raw = JSON.parse(skeleton) as unknown;
  return (raw && typeof raw === 'object' ? raw : {}) as RawImage;
}

/** An item without streamed base64: a url (downloaded now), a data: URL, or nothing usable. */
async function plainItem(skeleton: string, index: number, ctx: JsonReadContext): Promise<GeneratedImage | ImageProblem> {
  try {
    const raw = parseItem(skeleton);
    const bytes = await imageBytes(raw, ctx);
    return toImage(bytes, index, typeof raw.revised_prompt === 'string' ? raw.revised_prompt : undefined, ctx.requestId);
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    return problemFrom(e, index);
  }
}
