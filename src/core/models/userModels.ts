// Model knowledge a user adds without waiting for a release: declarations in the same shape as a
// table row (any field may be left out), on top of a row they name in `extends` (default: the row of
// the same id, else gpt-image-2). The extension reads them from `imageStudio.models`, the CLI from a
// file; both go through parseModelDeclarations, which refuses anything malformed with its path, and
// put the rows in their own catalogue (modelCatalogue.ts).
import type { Endpoint } from '../types';
import type { EnumParam, ModelCapabilities, ModelStatus, OutputFormatRule, ProviderKind } from './capabilityTypes';
import { MODEL_TABLE } from './modelTable';
import { DEFAULT_MODEL } from './defaultModel';

const ENDPOINTS: Endpoint[] = ['generations', 'edits', 'variations'];
const PROVIDERS: ProviderKind[] = ['openai', 'azure', 'compatible'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A declaration could not be used: `path` says where (`imageStudio.models[1].quality`). */
export class ModelDeclarationError extends Error {
  override readonly name = 'ModelDeclarationError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Parses and checks declarations (a list, or an object keyed by id); `where` names their origin in errors. */
export function parseModelDeclarations(value: unknown, where: string): ModelCapabilities[] {
  const list = Array.isArray(value)
    ? value
    : isObject(value)
      ? Object.entries(value).map(([id, v]) => (isObject(v) ? { id, ...v } : v))
      : undefined;
  if (!list) throw new ModelDeclarationError(where, 'expected a list of model declarations (or an object keyed by model id)');
  const rows: ModelCapabilities[] = [];
  list.forEach((decl, i) => {
    const path = Array.isArray(value) ? `${where}[${i}]` : `${where}.${String((decl as { id?: unknown })?.id)}`;
    const row = parseOne(decl, path, rows);
    if (rows.some((r) => r.id === row.id)) throw new ModelDeclarationError(`${path}.id`, `"${row.id}" is declared twice`);
    rows.push(row);
  });
  return rows;
}

const ENUM_FIELDS = ['quality', 'style', 'background', 'outputFormat', 'moderation', 'inputFidelity', 'complexity'] as const;
const KNOWN_FIELDS = new Set<string>([
  'id',
  'extends',
  'label',
  'endpoints',
  'sizes',
  'variationSizes',
  'maxN',
  ...ENUM_FIELDS,
  'compressionFormats',
  'responseFormats',
  'maxPromptChars',
  'transparentFormats',
  'transparency',
  'endUserParam',
  'formatRules',
  'streaming',
  'returnsRevisedPrompt',
  'markup',
  'batch',
  'status',
  'shutdown',
  'replacement',
  'maxInputImages',
]);

function parseOne(decl: unknown, path: string, earlier: ModelCapabilities[]): ModelCapabilities {
  if (!isObject(decl)) throw new ModelDeclarationError(path, 'expected an object with at least an "id"');
  const id = decl.id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/.test(id))
    throw new ModelDeclarationError(`${path}.id`, 'expected a model id (letters, digits, . _ : / -)');
  for (const key of Object.keys(decl))
    if (!KNOWN_FIELDS.has(key)) throw new ModelDeclarationError(`${path}.${key}`, `unknown field (known: ${[...KNOWN_FIELDS].join(', ')})`);
  const baseId = decl.extends ?? id;
  if (typeof baseId !== 'string') throw new ModelDeclarationError(`${path}.extends`, 'expected the id of a known model');
  const base =
    earlier.find((r) => r.id === baseId) ??
    MODEL_TABLE.find((r) => r.id === baseId) ??
    (decl.extends === undefined ? MODEL_TABLE.find((r) => r.id === DEFAULT_MODEL) : undefined);
  if (!base)
    throw new ModelDeclarationError(
      `${path}.extends`,
      `"${baseId}" is not a known model (known: ${MODEL_TABLE.map((r) => r.id).join(', ')})`,
    );
  const row: ModelCapabilities = { ...base, id, label: base.id === id ? base.label : id, status: { state: 'current' }, source: 'user' };
  if (base.id === id) row.status = base.status;
  if (decl.label !== undefined) row.label = str(decl.label, `${path}.label`);
  if (decl.endpoints !== undefined) row.endpoints = oneOfList(decl.endpoints, ENDPOINTS, `${path}.endpoints`);
  if (decl.sizes !== undefined) row.sizes = sizes(decl.sizes, `${path}.sizes`);
  if (decl.variationSizes !== undefined) row.variationSizes = strings(decl.variationSizes, `${path}.variationSizes`);
  if (decl.maxN !== undefined) row.maxN = int(decl.maxN, `${path}.maxN`, 1, 100);
  if (decl.maxPromptChars !== undefined) row.maxPromptChars = int(decl.maxPromptChars, `${path}.maxPromptChars`, 1, 1_000_000);
  if (decl.maxInputImages !== undefined) row.input = { ...row.input, maxImages: int(decl.maxInputImages, `${path}.maxInputImages`, 0, 64) };
  for (const f of ENUM_FIELDS)
    if (decl[f] !== undefined) row[f] = enumParam(decl[f], row.endpoints, `${path}.${f}`) as EnumParam & { default?: string };
  if (decl.complexity !== undefined && isObject(decl.complexity) && decl.complexity.default !== undefined)
    row.complexity = { ...row.complexity!, default: str(decl.complexity.default, `${path}.complexity.default`) };
  if (decl.compressionFormats !== undefined)
    row.compressionFormats = oneOfList(decl.compressionFormats, ['png', 'jpeg', 'webp'], `${path}.compressionFormats`);
  if (decl.transparentFormats !== undefined)
    row.transparentFormats = oneOfList(decl.transparentFormats, ['png', 'jpeg', 'webp'], `${path}.transparentFormats`);
  if (decl.responseFormats !== undefined)
    row.responseFormats = oneOfList(decl.responseFormats, ['url', 'b64_json'], `${path}.responseFormats`);
  if (decl.transparency !== undefined)
    row.transparency = oneOf(decl.transparency, ['supported', 'preview'] as const, `${path}.transparency`);
  if (decl.endUserParam !== undefined)
    row.endUserParam = oneOf(decl.endUserParam, ['user', 'safety_identifier'] as const, `${path}.endUserParam`);
  if (decl.returnsRevisedPrompt !== undefined) row.returnsRevisedPrompt = bool(decl.returnsRevisedPrompt, `${path}.returnsRevisedPrompt`);
  // Model facts as data: a declared model may take markup edits, or be kept out of batches.
  if (decl.markup !== undefined) row.markup = bool(decl.markup, `${path}.markup`);
  if (decl.batch !== undefined) row.batch = bool(decl.batch, `${path}.batch`);
  if (decl.streaming !== undefined) {
    const on = bool(decl.streaming, `${path}.streaming`);
    row.streaming = on
      ? { supported: true, maxPartialImages: 3, endpoints: row.endpoints.filter((e) => e !== 'variations') }
      : { supported: false, maxPartialImages: 0, endpoints: [] };
  }
  if (decl.formatRules !== undefined) row.formatRules = formatRules(decl.formatRules, `${path}.formatRules`);
  if (decl.shutdown !== undefined || decl.replacement !== undefined) row.status = status(decl, path);
  return row;
}

function status(decl: Record<string, unknown>, path: string): ModelStatus {
  const shutdown = str(decl.shutdown, `${path}.shutdown`);
  if (!DATE.test(shutdown)) throw new ModelDeclarationError(`${path}.shutdown`, 'expected a date YYYY-MM-DD');
  const replacement = str(decl.replacement ?? 'gpt-image-2.6-sunburst', `${path}.replacement`);
  return { state: 'deprecated', shutdown, replacement, deprecatedOn: PROVIDERS };
}

function sizes(v: unknown, path: string): ModelCapabilities['sizes'] {
  if (Array.isArray(v)) {
    const list = strings(v, path);
    const bad = list.find((s) => s !== 'auto' && !/^\d{1,5}x\d{1,5}$/.test(s));
    if (bad !== undefined) throw new ModelDeclarationError(path, `"${bad}" is not WIDTHxHEIGHT or auto`);
    return { kind: 'list', sizes: list };
  }
  if (!isObject(v))
    throw new ModelDeclarationError(path, 'expected a list of sizes or a free-size rule {multipleOf, minPixels, maxPixels, maxEdge, ...}');
  const n = (k: string, min: number, max: number, dflt: number): number =>
    v[k] === undefined ? dflt : num(v[k], `${path}.${k}`, min, max);
  const maxEdge = n('maxEdge', 16, 100_000, 3840);
  const minPixels = n('minPixels', 1, 1e10, 655_360);
  const maxPixels = n('maxPixels', minPixels, 1e10, 3840 * 2160);
  return {
    kind: 'free',
    multipleOf: n('multipleOf', 1, 1024, 16),
    minAspect: n('minAspect', 0, 1, 1 / 3),
    maxAspect: n('maxAspect', 1, 1000, 3),
    minPixels,
    maxPixels,
    maxEdge,
    ...(v.experimentalAbovePixels !== undefined ? { experimentalAbovePixels: n('experimentalAbovePixels', 1, 1e10, 0) } : {}),
    allowAuto: v.allowAuto === undefined ? true : bool(v.allowAuto, `${path}.allowAuto`),
    presets: v.presets === undefined ? ['auto', '1024x1024', '1536x1024', '1024x1536'] : strings(v.presets, `${path}.presets`),
  };
}

function formatRules(v: unknown, path: string): ModelCapabilities['formatRules'] {
  if (!isObject(v)) throw new ModelDeclarationError(path, 'expected an object keyed by output format (gif, svg, ...)');
  const out: Record<string, OutputFormatRule> = {};
  for (const [fmt, r] of Object.entries(v)) {
    const p = `${path}.${fmt}`;
    oneOf(fmt, ['png', 'jpeg', 'webp', 'gif', 'svg'], p);
    if (!isObject(r)) throw new ModelDeclarationError(p, 'expected {endpoints, maxN?, animation?}');
    const rule: OutputFormatRule = {
      endpoints: r.endpoints === undefined ? ['generations', 'edits'] : oneOfList(r.endpoints, ENDPOINTS, `${p}.endpoints`),
    };
    if (r.maxN !== undefined) rule.maxN = int(r.maxN, `${p}.maxN`, 1, 100);
    if (r.animation !== undefined) {
      const a = r.animation;
      if (!isObject(a))
        throw new ModelDeclarationError(`${p}.animation`, 'expected {minFrames, maxFrames, defaultFrames, defaultFrameMs, maxSheetEdge}');
      const f = (k: string, d: number): number => (a[k] === undefined ? d : int(a[k], `${p}.animation.${k}`, 1, 100_000));
      rule.animation = {
        minFrames: f('minFrames', 2),
        maxFrames: f('maxFrames', 16),
        defaultFrames: f('defaultFrames', 9),
        defaultFrameMs: f('defaultFrameMs', 200),
        maxSheetEdge: f('maxSheetEdge', 3840),
      };
    }
    out[fmt] = rule;
  }
  return out;
}

/** An enum parameter: a list of values (on every endpoint of the model but variations) or {values, endpoints}. */
function enumParam(v: unknown, endpoints: Endpoint[], path: string): EnumParam {
  if (Array.isArray(v)) return { values: strings(v, path), endpoints: endpoints.filter((e) => e !== 'variations') };
  if (!isObject(v)) throw new ModelDeclarationError(path, 'expected a list of values or {values, endpoints}');
  return {
    values: strings(v.values, `${path}.values`),
    endpoints:
      v.endpoints === undefined ? endpoints.filter((e) => e !== 'variations') : oneOfList(v.endpoints, ENDPOINTS, `${path}.endpoints`),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || !v.trim() || v.length > 200) throw new ModelDeclarationError(path, 'expected a non-empty string');
  return v;
}
function strings(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new ModelDeclarationError(path, 'expected a list of strings');
  return v.map((x, i) => str(x, `${path}[${i}]`));
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new ModelDeclarationError(path, `expected one of ${allowed.join(', ')}`);
  return v as T;
}
function oneOfList<T extends string>(v: unknown, allowed: readonly T[], path: string): T[] {
  if (!Array.isArray(v)) throw new ModelDeclarationError(path, `expected a list of ${allowed.join(', ')}`);
  return v.map((x, i) => oneOf(x, allowed, `${path}[${i}]`));
}
function num(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new ModelDeclarationError(path, `expected a number from ${min} to ${max}`);
  return v;
}
function int(v: unknown, path: string, min: number, max: number): number {
  const n = num(v, path, min, max);
  if (!Number.isInteger(n)) throw new ModelDeclarationError(path, `expected a whole number from ${min} to ${max}`);
  return n;
}
function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ModelDeclarationError(path, 'expected true or false');
  return v;
}
