// Validators for every message the webview may send. The webview is untrusted input (a script
// injected through a rendered prompt, a compromised bundle): each message must have exactly the
// fields of its type, with bounded strings and integers, and results are named only by ids.
import type { Parsed } from './messageHandler';
import {
  LIMITS,
  type CancelMessage,
  type ChooseInputMessage,
  type DetailsRequestMessage,
  type EditMessage,
  type FromWebview,
  type GenerateMessage,
  type PreparedInputRef,
  type ReadyMessage,
  type ResultActionMessage,
  type StudioEditOptions,
  type StudioEditParams,
  type StudioGenerateParams,
  type ToWebview,
} from './protocol';

type Fields = Record<string, unknown>;

/** Ids the host issues and the webview echoes: letters, digits, `-` and `_` only (no path can pass). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const SIZE_PATTERN = /^(auto|\d{1,5}x\d{1,5})$/;
const WORD_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const FORMATS = ['png', 'jpeg', 'webp', 'gif', 'svg'] as const;

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

const GENERATE_FIELDS = [
  'prompt',
  'model',
  'size',
  'quality',
  'n',
  'background',
  'outputFormat',
  'outputCompression',
  'moderation',
  'style',
  'stream',
  'partialImages',
  'complexity',
  'gifFrames',
  'gifFrameMs',
];

/** Validates generation parameters field by field; absent optional fields stay absent. */
export function parseGenerateParams(v: unknown): StudioGenerateParams {
  return parseOptions(v, GENERATE_FIELDS);
}

/** Validates options against `allowed` (an edit's add `inputFidelity`, an /edits-only field); absent ones stay absent. */
function parseOptions(v: unknown, allowed: readonly string[]): StudioEditOptions {
  const r = record(v, 'params', allowed);
  const word = (what: string) => (x: unknown) => text(x, what, LIMITS.wordChars, WORD_PATTERN);
  const params: StudioEditOptions = {
    prompt: text(r.prompt, 'prompt', LIMITS.promptChars),
    model: text(r.model, 'model', 100, MODEL_PATTERN),
    size: optional(r.size, (x) => text(x, 'size', 11, SIZE_PATTERN)),
    quality: optional(r.quality, word('quality')),
    n: optional(r.n, (x) => integer(x, 'n', 1, LIMITS.maxN)),
    background: optional(r.background, word('background')),
    outputFormat: optional(r.outputFormat, (x) =>
      (FORMATS as readonly unknown[]).includes(x)
        ? (x as StudioGenerateParams['outputFormat'])
        : fail('outputFormat must be png, jpeg, webp, gif or svg'),
    ),
    outputCompression: optional(r.outputCompression, (x) => integer(x, 'outputCompression', 0, 100)),
    moderation: optional(r.moderation, word('moderation')),
    style: optional(r.style, word('style')),
    stream: optional(r.stream, (x) => (typeof x === 'boolean' ? x : fail('stream must be true or false'))),
    partialImages: optional(r.partialImages, (x) => integer(x, 'partialImages', 0, LIMITS.maxPartialImages)),
    inputFidelity: optional(r.inputFidelity, word('inputFidelity')),
    complexity: optional(r.complexity, word('complexity')),
    gifFrames: optional(r.gifFrames, (x) => integer(x, 'gifFrames', 1, 64)),
    gifFrameMs: optional(r.gifFrameMs, (x) => integer(x, 'gifFrameMs', 1, 60_000)),
  };
  return Object.fromEntries(Object.entries(params).filter(([, x]) => x !== undefined)) as unknown as StudioEditOptions;
}

/** Bytes as the webview posts them: a Uint8Array (never a plain array or string), non-empty and bounded. */
function bytes(v: unknown, what: string, max: number): Uint8Array {
  if (!(v instanceof Uint8Array)) fail(`${what} must be bytes (Uint8Array)`);
  if (v.byteLength === 0) fail(`${what} is empty`);
  if (v.byteLength > max) fail(`${what} is larger than ${Math.round(max / 1048576)} MB`);
  return v;
}

function array(v: unknown, what: string, min: number, max: number): unknown[] {
  if (!Array.isArray(v)) fail(`${what} must be an array`);
  if (v.length < min || v.length > max) fail(`${what} must have ${min} to ${max} entries`);
  return v;
}

function parseInputRef(v: unknown, i: number): PreparedInputRef {
  const r = record(v, `inputs[${i}]`, ['inputId', 'bytes', 'steps']);
  const ref: PreparedInputRef = { inputId: id(r.inputId, `inputs[${i}].inputId`) };
  if (r.bytes !== undefined) ref.bytes = bytes(r.bytes, `inputs[${i}].bytes`, LIMITS.maxInputBytes);
  if (r.steps !== undefined)
    ref.steps = array(r.steps, `inputs[${i}].steps`, 0, LIMITS.preparationSteps).map((x) =>
      text(x, 'a preparation step', LIMITS.stepChars),
    );
  return ref;
}

/** Validates an edit/variation: options like `generate`, 1–16 inputs by id, bounded bytes; images only ever travel as bytes. */
export function parseEditParams(v: unknown): StudioEditParams {
  const r = record(v, 'params', ['mode', 'options', 'inputs', 'mask', 'saveMask', 'markup']);
  const mode = r.mode === 'edit' || r.mode === 'variation' ? r.mode : fail('mode must be edit or variation');
  const inputs = array(r.inputs, 'inputs', 1, mode === 'variation' ? 1 : LIMITS.maxInputImages).map(parseInputRef);
  // A variation sends n and size only: an input fidelity there is refused as an unexpected field.
  const options = parseOptions(r.options, mode === 'edit' ? [...GENERATE_FIELDS, 'inputFidelity'] : GENERATE_FIELDS);
  const params: StudioEditParams = { mode, options, inputs };
  if (r.mask !== undefined) {
    if (mode === 'variation') fail('a variation takes no mask');
    const m = record(r.mask, 'mask', ['bytes', 'fileId']);
    params.mask = { bytes: bytes(m.bytes, 'mask.bytes', LIMITS.maxMaskBytes) };
    if (m.fileId !== undefined) params.mask.fileId = id(m.fileId, 'mask.fileId');
  }
  if (r.saveMask !== undefined) {
    if (!params.mask) fail('saveMask needs a mask');
    params.saveMask = bytes(r.saveMask, 'saveMask', LIMITS.maxMaskBytes);
  }
  if (r.markup !== undefined) {
    if (mode === 'variation') fail('a variation takes no markup');
    if (params.mask) fail('markup and a mask cannot be combined');
    const m = record(r.markup, 'markup', ['bytes']);
    params.markup = { bytes: bytes(m.bytes, 'markup.bytes', LIMITS.maxMarkupBytes) };
  }
  return params;
}

function parseEdit(r: Fields): EditMessage {
  record(r, 'edit', ['type', 'jobId', 'params']);
  return { type: 'edit', jobId: id(r.jobId, 'jobId'), params: parseEditParams(r.params) };
}

function parseChooseInput(r: Fields): ChooseInputMessage {
  record(r, 'chooseInput', ['type', 'purpose']);
  const purpose = r.purpose === 'image' || r.purpose === 'mask' ? r.purpose : fail('purpose must be image or mask');
  return { type: 'chooseInput', purpose };
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

/** Requests that name one result and nothing else (`imageBytes`, `reuse`). */
function parseResultRequest<T extends 'imageBytes' | 'reuse'>(type: T, r: Fields): { type: T; resultId: string } {
  record(r, type, ['type', 'resultId']);
  return { type, resultId: id(r.resultId, 'resultId') };
}

/** A URI with a scheme and no control characters; the host still checks it lies in the workspace. */
const URI_PATTERN = /^[a-z][a-z0-9+.-]*:[^\u0000-\u001f\u007f]+$/i;

function parseDropInput(r: Fields): { type: 'dropInput'; uri: string } {
  record(r, 'dropInput', ['type', 'uri']);
  return { type: 'dropInput', uri: text(r.uri, 'uri', LIMITS.uriChars, URI_PATTERN) };
}

/** Requests without fields (`chooseOutputFolder`, `history`). */
function parseBare<T extends 'chooseOutputFolder' | 'history'>(type: T, r: Fields): { type: T } {
  record(r, type, ['type']);
  return { type };
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
  chooseInput: parseChooseInput,
  edit: parseEdit,
  removeResult: (r) => parseResultAction('removeResult', r),
  deleteResult: (r) => parseResultAction('deleteResult', r),
  addToAssets: (r) => parseResultAction('addToAssets', r),
  imageBytes: (r) => parseResultRequest('imageBytes', r),
  reuse: (r) => parseResultRequest('reuse', r),
  chooseOutputFolder: (r) => parseBare('chooseOutputFolder', r),
  history: (r) => parseBare('history', r),
  dropInput: parseDropInput,
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
  'init',
  'progress',
  'partialImage',
  'imageSaved',
  'jobFinished',
  'showResults',
  'actionResult',
  'details',
  'setPrompt',
  'requestFailed',
  'editInputs',
  'inputChosen',
  'imageBytes',
  'reuseSettings',
  'resultsMissing',
  'resultsRemoved',
  'outputFolder',
  'externalJob',
  'history',
  'showFrames',
]);

/**
 * Checks a message from the host. The host is trusted, so this only guards the webview against
 * messages it would misrender (unknown type, previews that are not bytes).
 */
export function parseToWebview(body: unknown): Parsed<ToWebview> {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'message body must be an object' };
  const r = body as Fields;
  if (typeof r.type !== 'string' || !TO_WEBVIEW_TYPES.has(r.type)) return { ok: false, error: 'unknown message type' };
  if ((r.type === 'partialImage' || r.type === 'imageBytes') && !(r.bytes instanceof Uint8Array))
    return { ok: false, error: `${r.type} without bytes` };
  if (r.type === 'editInputs' && !(Array.isArray(r.inputs) && r.inputs.every((i) => (i as Fields | null)?.bytes instanceof Uint8Array)))
    return { ok: false, error: 'edit inputs without bytes' };
  const framesWithBytes = (list: unknown) => Array.isArray(list) && list.every((f) => (f as Fields | null)?.bytes instanceof Uint8Array);
  if (
    r.type === 'showFrames' &&
    !(framesWithBytes(r.frames) && (r.previous === undefined || framesWithBytes(r.previous)) && Array.isArray(r.animations))
  )
    return { ok: false, error: 'frames without bytes' };
  return { ok: true, value: body as ToWebview };
}
