// Wire bodies of the three endpoints: JSON for generations, multipart for edits and variations.
// Absent options are not sent; `model` always is (the spec's default is a model that no longer exists).
import type { CommonImageOptions, EditRequest, GenerateRequest, InputImage, VariationRequest } from '../types';
import { MIME_TYPES, sniffFormat } from '../image/imageInfo';
import { encodeMultipart, type MultipartPart } from './multipart';

/** A body ready for fetch. */
export interface WireBody {
  body: Uint8Array | string;
  contentType: string;
}

/** JSON body of /images/generations. */
export function generateBody(req: GenerateRequest, wireModel: string): WireBody {
  const json: Record<string, unknown> = { model: wireModel, ...commonFields(req) };
  if (req.style !== undefined) json.style = req.style;
  const gif = gifOptions(req);
  if (gif) json.gif = gif;
  return { body: JSON.stringify(json), contentType: 'application/json' };
}

/** Multipart body of /images/edits: `image` for one input, repeated `image[]` for several, then `mask` or `markup`. */
export function editBody(req: EditRequest, wireModel: string): WireBody {
  const parts: MultipartPart[] = [{ name: 'model', value: wireModel }];
  for (const [k, v] of Object.entries(commonFields(req))) parts.push({ name: k, value: String(v) });
  if (req.inputFidelity !== undefined) parts.push({ name: 'input_fidelity', value: req.inputFidelity });
  // Nested objects in form data use bracket names, as the SDKs' multipart encoders do.
  for (const [k, v] of Object.entries(gifOptions(req) ?? {})) parts.push({ name: `gif[${k}]`, value: String(v) });
  const field = req.images.length === 1 ? 'image' : 'image[]';
  for (const img of req.images) parts.push(filePart(field, img));
  if (req.mask) parts.push(filePart('mask', req.mask));
  if (req.markup) parts.push(filePart('markup', req.markup));
  return encodeMultipart(parts);
}

/** Multipart body of /images/variations. */
export function variationBody(req: VariationRequest, wireModel: string): WireBody {
  const parts: MultipartPart[] = [{ name: 'model', value: wireModel }];
  if (req.n !== undefined) parts.push({ name: 'n', value: String(req.n) });
  if (req.size !== undefined) parts.push({ name: 'size', value: req.size });
  if (req.responseFormat !== undefined) parts.push({ name: 'response_format', value: req.responseFormat });
  if (req.user !== undefined) parts.push({ name: 'user', value: req.user });
  parts.push(filePart('image', req.image));
  return encodeMultipart(parts);
}

/** Content type of an input: declared, else from the magic number, else from the file name. */
export function contentTypeOf(img: InputImage): string {
  if (img.mimeType) return img.mimeType;
  const sniffed = sniffFormat(img.bytes);
  if (sniffed) return MIME_TYPES[sniffed];
  const ext = /\.([a-z0-9]+)$/i.exec(img.filename)?.[1]?.toLowerCase();
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'webp' ? 'image/webp' : 'image/png';
}

/**
 * GIF frame options as `gif: {frame_count, frame_duration_ms}` (S: openai/codex imagegen_gif_description.md
 * and docs.apiyi.com name these fields; the guide's wire shape is not in the stored spec, see the overlay).
 */
export function gifOptions(req: CommonImageOptions): Record<string, number> | undefined {
  if (req.outputFormat !== 'gif' || (req.gifFrames === undefined && req.gifFrameMs === undefined)) return undefined;
  return {
    ...(req.gifFrames !== undefined ? { frame_count: req.gifFrames } : {}),
    ...(req.gifFrameMs !== undefined ? { frame_duration_ms: req.gifFrameMs } : {}),
  };
}

function filePart(name: string, img: InputImage): MultipartPart {
  return { name, filename: img.filename || 'image.png', contentType: contentTypeOf(img), data: img.bytes };
}

function commonFields(req: CommonImageOptions): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { prompt: req.prompt };
  const map: Array<[keyof CommonImageOptions, string]> = [
    ['n', 'n'],
    ['size', 'size'],
    ['quality', 'quality'],
    ['background', 'background'],
    ['outputFormat', 'output_format'],
    ['outputCompression', 'output_compression'],
    ['moderation', 'moderation'],
    ['responseFormat', 'response_format'],
    ['stream', 'stream'],
    ['partialImages', 'partial_images'],
    ['user', 'user'],
    ['complexity', 'complexity'],
    ['safetyIdentifier', 'safety_identifier'],
  ];
  for (const [key, wire] of map) {
    const v = req[key];
    if (v !== undefined) out[wire] = v as string | number | boolean;
  }
  return out;
}

/**
 * JSON body of /images/edits (P spec: `images: [{image_url} | {file_id}]`, `mask` likewise, and
 * `moderation`, which multipart lacks). Inputs go as data URLs; each is bounded by the spec's
 * 20,971,520 characters, which validation checks before this is built.
 */
export function editJsonBody(req: EditRequest, wireModel: string): WireBody {
  const json: Record<string, unknown> = { model: wireModel, ...commonFields(req) };
  if (req.inputFidelity !== undefined) json.input_fidelity = req.inputFidelity;
  const gif = gifOptions(req);
  if (gif) json.gif = gif;
  json.images = req.images.map((img) => imageRef(img));
  if (req.mask) json.mask = imageRef(req.mask);
  return { body: JSON.stringify(json), contentType: 'application/json' };
}

/** The longest data URL the spec allows for one JSON edit input. */
export const MAX_IMAGE_URL_CHARS = 20_971_520;

function imageRef(img: InputImage): { image_url: string } | { file_id: string } {
  if (img.fileId) return { file_id: img.fileId };
  return { image_url: `data:${contentTypeOf(img)};base64,${Buffer.from(img.bytes).toString('base64')}` };
}
