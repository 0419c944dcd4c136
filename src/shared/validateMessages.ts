// Validators for every message the webview may send. The webview is untrusted input (a script
// injected through a rendered prompt, a compromised bundle): each message must have exactly the
// fields of its type, with bounded strings and integers, and results are named only by ids.
import type { Parsed } from './messageHandler';
import {
  LIMITS,
  type CancelMessage, type DetailsRequestMessage, type FromWebview, type GenerateMessage, type ReadyMessage,
  type ResultActionMessage, type StudioGenerateParams, type ToWebview,
} from './protocol';

type Fields = Record<string, unknown>;

/** Ids the host issues and the webview echoes: letters, digits, `-` and `_` only (no path can pass). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const SIZE_PATTERN = /^(auto|\d{1,5}x\d{1,5})$/;
const WORD_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const FORMATS = ['png', 'jpeg', 'webp'] as const;

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

/** An object with no other keys than `allowed` (extra fields are refused, not ignored). */
function record(v: unknown, what: string, allowed: readonly string[]): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be an object`);
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) fail(`${what} must be a plain object`);
  for (const key of Object.keys(v)) if (!allowed.includes(key)) fail(`${what} has an unexpected field "${key.slice(0, 40)}"`);
  return v as Fields;
}

function text(v: unknown, what: string, max: number, pattern?: RegExp): string {
  if (typeof v !== 'string') fail(`${what} must be a string`);
  if (v.length > max) fail(`${what} is longer than ${max} characters`);
  if (pattern && !pattern.test(v)) fail(`${what} has an invalid value`);
  return v;
}

function integer(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${what} must be an integer from ${min} to ${max}`);
  return v;
}

function optional<T>(v: unknown, check: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : check(v);
}

function id(v: unknown, what: string): string {
  return text(v, what, LIMITS.idChars, ID_PATTERN);
}

/** Validates generation parameters field by field; absent optional fields stay absent. */
export function parseGenerateParams(v: unknown): StudioGenerateParams {
  const r = record(v, 'params', ['prompt', 'model', 'size', 'quality', 'n', 'background', 'outputFormat', 'outputCompression', 'moderation', 'style', 'stream', 'partialImages']);
  const word = (what: string) => (x: unknown) => text(x, what, LIMITS.wordChars, WORD_PATTERN);
  const params: StudioGenerateParams = {
    prompt: text(r.prompt, 'prompt', LIMITS.promptChars),
    model: text(r.model, 'model', 100, MODEL_PATTERN),
    size: optional(r.size, (x) => text(x, 'size', 11, SIZE_PATTERN)),
    quality: optional(r.quality, word('quality')),
    n: optional(r.n, (x) => integer(x, 'n', 1, LIMITS.maxN)),
    background: optional(r.background, word('background')),
    outputFormat: optional(r.outputFormat, (x) => (FORMATS as readonly unknown[]).includes(x) ? (x as StudioGenerateParams['outputFormat']) : fail('outputFormat must be png, jpeg or webp')),
    outputCompression: optional(r.outputCompression, (x) => integer(x, 'outputCompression', 0, 100)),
    moderation: optional(r.moderation, word('moderation')),
    style: optional(r.style, word('style')),
    stream: optional(r.stream, (x) => (typeof x === 'boolean' ? x : fail('stream must be true or false'))),
    partialImages: optional(r.partialImages, (x) => integer(x, 'partialImages', 0, LIMITS.maxPartialImages)),
  };
  return Object.fromEntries(Object.entries(params).filter(([, x]) => x !== undefined)) as unknown as StudioGenerateParams;
}

function parseReady(r: Fields): ReadyMessage {
  record(r, 'ready', ['type']);
  return { type: 'ready' };
}

function parseGenerate(r: Fields): GenerateMessage {
  record(r, 'generate', ['type', 'jobId', 'params']);
  return { type: 'generate', jobId: id(r.jobId, 'jobId'), params: parseGenerateParams(r.params) };
}

function parseCancel(r: Fields): CancelMessage {
  record(r, 'cancel', ['type', 'jobId']);
  return { type: 'cancel', jobId: id(r.jobId, 'jobId') };
}

function parseDetails(r: Fields): DetailsRequestMessage {
  record(r, 'details', ['type', 'resultId']);
  return { type: 'details', resultId: id(r.resultId, 'resultId') };
}

function parseResultAction(type: Exclude<ResultActionMessage['type'], 'useAsInput'>, r: Fields): ResultActionMessage {
  record(r, type, ['type', 'resultId']);
  return { type, resultId: id(r.resultId, 'resultId') };
}

function parseUseAsInput(r: Fields): ResultActionMessage {
  record(r, 'useAsInput', ['type', 'resultId', 'purpose']);
  const purpose = r.purpose === 'edit' || r.purpose === 'variation' ? r.purpose : fail('purpose must be edit or variation');
  return { type: 'useAsInput', resultId: id(r.resultId, 'resultId'), purpose };
}

const FROM_WEBVIEW: Record<FromWebview['type'], (r: Fields) => FromWebview> = {
  ready: parseReady,
  generate: parseGenerate,
  cancel: parseCancel,
  details: parseDetails,
  openImage: (r) => parseResultAction('openImage', r),
  revealImage: (r) => parseResultAction('revealImage', r),
  copyPath: (r) => parseResultAction('copyPath', r),
  insertImage: (r) => parseResultAction('insertImage', r),
  useAsInput: parseUseAsInput,
};

/** Validates one message from the webview: known type, exactly its fields, bounded values. */
export function parseFromWebview(body: unknown): Parsed<FromWebview> {
  try {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('message body must be an object');
    const type = (body as Fields).type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FROM_WEBVIEW, type)) {
      fail(`unknown message type ${typeof type === 'string' ? `"${type.slice(0, 40)}"` : `(${typeof type})`}`);
    }
    return { ok: true, value: FROM_WEBVIEW[type as FromWebview['type']](body as Fields) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    throw err;
  }
}

const TO_WEBVIEW_TYPES: ReadonlySet<string> = new Set<ToWebview['type']>([
  'init', 'progress', 'partialImage', 'imageSaved', 'jobFinished', 'showResults', 'actionResult', 'details', 'setPrompt', 'requestFailed',
]);

/**
 * Checks a message from the host. The host is trusted, so this only guards the webview against
 * messages it would misrender (unknown type, previews that are not bytes).
 */
export function parseToWebview(body: unknown): Parsed<ToWebview> {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'message body must be an object' };
  const r = body as Fields;
  if (typeof r.type !== 'string' || !TO_WEBVIEW_TYPES.has(r.type)) return { ok: false, error: 'unknown message type' };
  if (r.type === 'partialImage' && !(r.bytes instanceof Uint8Array)) return { ok: false, error: 'partial image without bytes' };
  return { ok: true, value: body as ToWebview };
}
