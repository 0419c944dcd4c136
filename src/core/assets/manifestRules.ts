// The rules of one manifest entry that need no file: where its path may point, which output
// format its extension means, the resize box, and the request options checked against the model
// table exactly as every other request is.
import { isImageStudioError } from '../client/errors';
import { parseSize } from '../models/capabilities';
import type { ModelCapabilities } from '../models/capabilityTypes';
import type { ModelCatalogue } from '../models/modelCatalogue';
import { validateGenerate } from '../models/validate';
import type { ImageFormat } from '../types';
import type { AssetSpec, ResizeFit } from './manifestTypes';
import { DEFAULT_MODEL } from '../models/defaultModel';

/** The model an asset uses when neither it nor `defaults` names one (settings never change a manifest's meaning). */
export const DEFAULT_ASSET_MODEL = DEFAULT_MODEL;
/** Folder (next to the manifest) that keeps replaced versions. */
export const HISTORY_FOLDER = '.image-studio/history';
const FITS: readonly ResizeFit[] = ['cover', 'contain', 'fill'];
/** Most candidates an asset may ask for (split into requests of the model's limit). */
export const MAX_ASSET_N = 100;
/** Largest `resize` side: the pure-JS resampler holds whole images in memory. */
export const MAX_RESIZE_SIDE = 4096;

/**
 * Longest name of one path segment, in UTF-8 bytes: file systems take 255, and the output's sidecar
 * (`.json`) and history names (a date prefix) are built from it.
 */
export const MAX_SEGMENT_BYTES = 200;

/** Why a manifest-relative path is refused, or undefined when it is fine. */
export function checkAssetPath(path: string, role: 'asset' | 'input' | 'mask' | 'markup' = 'asset'): string | undefined {
  const what = role === 'asset' ? 'Asset path' : role === 'input' ? 'Input path' : role === 'mask' ? 'Mask path' : 'Markup path';
  if (!path.trim()) return `${what} is empty.`;
  // A NUL or an escape sequence in a name breaks every file call (or the terminal that prints it).
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return `${what} ${JSON.stringify(path)} contains control characters.`;
  if (path.includes('\\')) return `${what} "${path}" uses backslashes: write it with forward slashes.`;
  if (path.startsWith('/') || /^[a-z]:/i.test(path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(path))
    return `${what} "${path}" must be relative to the manifest's folder.`;
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return `${what} "${path}" leaves the manifest's folder: paths must stay inside it.`;
  if (parts.some((p) => p === '' || p === '.')) return `${what} "${path}" has an empty or "." segment.`;
  const long = parts.find((p) => new TextEncoder().encode(p).length > MAX_SEGMENT_BYTES);
  if (long !== undefined)
    return `${what} "${path}" has a name longer than ${MAX_SEGMENT_BYTES} bytes (${long.slice(0, 20)}…); file systems refuse it (their history and sidecar names need room too).`;
  if (role === 'asset' && (path === '.image-studio' || path.startsWith('.image-studio/')))
    return `${what} "${path}" is inside .image-studio/, which Image Studio keeps for itself.`;
  if (role === 'asset' && !formatForPath(path))
    return `${what} "${path}" must end in .png, .jpg, .jpeg or .webp (its extension sets the output format).`;
  return undefined;
}

/** Output format meant by a path's extension. */
export function formatForPath(path: string): ImageFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext === 'png' ? 'png' : ext === 'jpg' || ext === 'jpeg' ? 'jpeg' : ext === 'webp' ? 'webp' : undefined;
}

/** The exact output box of `resize`. */
export interface ResizeBox {
  width: number;
  height: number;
  fit: ResizeFit;
}

/** Parses `resize` and `fit`; a string is the problem. */
export function parseResize(resize: string | undefined, fit: string | undefined): ResizeBox | string | undefined {
  if (resize === undefined) return fit === undefined ? undefined : '"fit" only applies together with "resize".';
  const size = /^\d+x\d+$/.test(resize) ? parseSize(resize) : undefined;
  if (!size || size.width < 1 || size.height < 1 || size.width > MAX_RESIZE_SIDE || size.height > MAX_RESIZE_SIDE) {
    return `"resize" must be WIDTHxHEIGHT with sides from 1 to ${MAX_RESIZE_SIDE} (got "${resize}").`;
  }
  if (fit !== undefined && !FITS.includes(fit as ResizeFit)) return `"fit" must be one of ${FITS.join(', ')} (got "${fit}").`;
  return { ...size, fit: (fit as ResizeFit | undefined) ?? 'cover' };
}

/** Whether the model takes `output_format` (GPT image models do; dall-e returns PNG only). */
export function modelTakesOutputFormat(caps: ModelCapabilities): boolean {
  return caps.unknown === true || caps.outputFormat.values.length > 0;
}

// Parsing is pure and has no calendar: the day only changes validation's lifecycle warnings, which
// are dropped here; an asset's model lifecycle is reported by its status, on the caller's day.
const LIFECYCLE_NEUTRAL_DAY = '2000-01-01';

/** A problem with one field of an asset. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Checks an asset's options (defaults merged in) against its model and its path's format. */
export function checkOptionValues(models: ModelCatalogue, path: string, spec: AssetSpec, isEdit: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const model = spec.model ?? DEFAULT_ASSET_MODEL;
  const caps = models.capabilities(model);
  const format = formatForPath(path);
  // "fit" also says how the "sizes" are cut, so it may stand without "resize" there.
  const resize = parseResize(spec.resize, spec.resize === undefined && spec.sizes ? undefined : spec.fit);
  if (typeof resize === 'string')
    problems.push({ field: spec.resize === undefined || resize.startsWith('"fit"') ? 'fit' : 'resize', message: resize });
  // Resizing decodes and re-encodes in plain JS, which this project does for PNG only.
  if (spec.sizes && Object.keys(spec.sizes).length && format !== 'png')
    problems.push({
      field: 'sizes',
      message: `"sizes" needs a .png asset path (the resampler reads and writes PNG); "${path}" is ${format ?? 'not an image'}.`,
    });
  if (resize && typeof resize !== 'string' && format !== 'png')
    problems.push({
      field: 'resize',
      message: `"resize" needs a .png asset path (the resampler writes PNG); "${path}" is ${format ?? 'not an image'}.`,
    });
  if (format && format !== 'png' && !modelTakesOutputFormat(caps))
    problems.push({ field: 'model', message: `${model} returns PNG only; give "${path}" a .png extension or use a GPT image model.` });
  // Above the model's per-request limit, `n` is split into parallel requests (fan-out).
  if (spec.n !== undefined && (!Number.isInteger(spec.n) || spec.n < 1 || spec.n > MAX_ASSET_N))
    problems.push({ field: 'n', message: `"n" must be a whole number from 1 to ${MAX_ASSET_N} (got ${spec.n}).` });
  if (isEdit || typeof spec.prompt !== 'string') return problems;
  try {
    validateGenerate(
      {
        model,
        prompt: spec.prompt,
        ...(spec.n !== undefined && Number.isInteger(spec.n) && spec.n <= caps.maxN ? { n: spec.n } : {}),
        ...requestOptions(spec),
        ...(format && modelTakesOutputFormat(caps) ? { outputFormat: format } : {}),
      },
      { provider: 'openai', today: LIFECYCLE_NEUTRAL_DAY, models },
      caps,
    );
  } catch (e) {
    if (!isImageStudioError(e)) throw e;
    // Retirement depends on where the request goes and on the day: a compatible server may still
    // serve a model OpenAI retired. The asset's status reports it for the caller's provider and day.
    if (e.kind !== 'model_retired') problems.push({ field: fieldForParam(e.param), message: e.message });
  }
  return problems;
}

/** The request options of a spec, without the manifest-only fields. */
export function requestOptions(spec: AssetSpec): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k of ['size', 'quality', 'background', 'moderation', 'outputCompression', 'inputFidelity', 'complexity'] as const) {
    const v = spec[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function fieldForParam(param: string | undefined): string {
  const map: Record<string, string> = {
    n: 'n',
    output_compression: 'outputCompression',
    input_fidelity: 'inputFidelity',
    output_format: 'model',
  };
  return param ? (map[param] ?? param) : 'prompt';
}
