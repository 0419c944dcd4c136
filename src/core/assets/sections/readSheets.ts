// Reading the `sheets` section from its JSON value: every problem reported with its JSON path (the
// manifest reader turns paths into positions), a bad sheet never hiding the good ones.
import { ATLAS_FORMATS, type AtlasFormat } from '../../atlas/atlasData';
import { parseHexColour } from '../../image/raster';
import { t } from '../../l10n';
import { parseCellSize, parseGrid } from '../../sheets/gridCut';
import { frameNames, resolveAnimations, type SheetAnimationSpec } from '../../sheets/sheetFrames';
import { checkAssetPath } from '../manifestRules';
import type { SheetBackground, SheetSpec } from './sectionTypes';

/** The prefix of a sheet's default frame names: its file name without extension. */
export function sheetBase(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
}

/** Reports a problem at a JSON path of the manifest. */
export type SectionReport = (path: Array<string | number>, message: string) => void;

const SHEET_FIELDS = new Set([
  'prompt',
  'style',
  'model',
  'size',
  'quality',
  'inputs',
  'grid',
  'frames',
  'cell',
  'background',
  'names',
  'animations',
  'pivot',
  'spacing',
  'formats',
]);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);

/** Reads `formats`: a list of ATLAS_FORMATS, JSON Hash when absent. */
export function readFormats(value: unknown, at: Array<string | number>, report: SectionReport): AtlasFormat[] {
  if (value === undefined) return ['json-hash'];
  if (!Array.isArray(value) || value.length === 0 || !value.every((f) => (ATLAS_FORMATS as readonly unknown[]).includes(f))) {
    report(at, t('"formats" must be a list of {formats}.', { formats: ATLAS_FORMATS.join(', ') }));
    return ['json-hash'];
  }
  return [...new Set(value as AtlasFormat[])];
}

/** Checks an output path that must be a PNG; returns the problem. */
export function pngOutputProblem(path: string): string | undefined {
  return checkAssetPath(path) ?? (/\.png$/i.test(path) ? undefined : t('"{path}" must be a .png path.', { path }));
}

function readBackground(value: unknown, at: Array<string | number>, report: SectionReport): SheetBackground {
  if (value === undefined) return { kind: 'colour', hex: '#00ff00' };
  if (value === 'auto') return { kind: 'auto' };
  if (value === 'transparent') return { kind: 'transparent' };
  if (typeof value === 'string' && parseHexColour(value)) return { kind: 'colour', hex: value };
  report(at, t('"background" must be a colour such as "#00ff00", "auto" (the corners\' colour) or "transparent".'));
  return { kind: 'colour', hex: '#00ff00' };
}

function readAnimations(value: unknown, at: Array<string | number>, report: SectionReport): Record<string, SheetAnimationSpec> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    report(at, t('"animations" must be an object of name → { "frames", "fps", "loop" }.'));
    return undefined;
  }
  const out: Record<string, SheetAnimationSpec> = {};
  for (const [name, spec] of Object.entries(value)) {
    const frames = isObject(spec) ? spec.frames : undefined;
    const fps = isObject(spec) ? spec.fps : undefined;
    const loop = isObject(spec) ? spec.loop : undefined;
    if (!isObject(spec) || !(frames === 'all' || isTextList(frames))) {
      report([...at, name], t('Animation "{name}" needs "frames": a list of frame names, or "all".', { name }));
      continue;
    }
    if (fps !== undefined && !(typeof fps === 'number' && fps > 0 && fps <= 120)) {
      report([...at, name, 'fps'], t('"fps" must be a number from 0 to 120.'));
      continue;
    }
    if (loop !== undefined && typeof loop !== 'boolean') {
      report([...at, name, 'loop'], t('"loop" must be true or false.'));
      continue;
    }
    out[name] = { frames, ...(fps !== undefined ? { fps } : {}), ...(loop !== undefined ? { loop } : {}) };
  }
  return out;
}

/** Reads one sheet; undefined when it has an error. */
export function readSheet(path: string, value: unknown, report: SectionReport): SheetSpec | undefined {
  const at = ['sheets', path];
  let errors = 0;
  const fail: SectionReport = (p, m) => {
    errors++;
    report(p, m);
  };
  const pathProblem = pngOutputProblem(path);
  if (pathProblem) fail(at, pathProblem);
  if (!isObject(value)) {
    fail(at, t('Sheet "{path}" must be an object.', { path }));
    return undefined;
  }
  for (const key of Object.keys(value))
    if (!SHEET_FIELDS.has(key)) fail([...at, key], t('Unknown field "{name}" of a sheet.', { name: key }));
  for (const key of ['prompt', 'style', 'model', 'size', 'quality'] as const)
    if (value[key] !== undefined && !isText(value[key])) fail([...at, key], t('"{name}" must be a non-empty string.', { name: key }));
  for (const key of ['inputs', 'names'] as const)
    if (value[key] !== undefined && !isTextList(value[key]))
      fail([...at, key], t('"{name}" must be a list of non-empty strings.', { name: key }));
  const frames = value.frames;
  let framesMode: SheetSpec['frames'];
  if (frames !== undefined) {
    if (!isObject(frames) || !isText(frames.anchor) || !isTextList(frames.prompts) || frames.prompts.length === 0)
      fail([...at, 'frames'], t('"frames" must be { "anchor": an asset or file, "prompts": [one prompt per frame] }.'));
    else framesMode = { anchor: frames.anchor, prompts: frames.prompts };
    if (value.grid !== undefined)
      fail([...at, 'grid'], t('A sheet has either "grid" (one generation cut into cells) or "frames" (one edit per frame), not both.'));
  } else {
    if (!isText(value.prompt)) fail(at, t('Sheet "{path}" needs a "prompt" (or "frames").', { path }));
    if (!(typeof value.grid === 'string' && parseGrid(value.grid)))
      fail([...at, 'grid'], t('"grid" must be COLUMNSxROWS, such as "4x2" (at most 256 cells).'));
  }
  if (!(typeof value.cell === 'string' && parseCellSize(value.cell)))
    fail([...at, 'cell'], t('"cell" must be WIDTHxHEIGHT with sides up to 4096, such as "128x128".'));
  const pivot = value.pivot;
  if (pivot !== undefined && !(Array.isArray(pivot) && pivot.length === 2 && pivot.every((v) => typeof v === 'number' && v >= 0 && v <= 1)))
    fail([...at, 'pivot'], t('"pivot" must be [x, y] with each from 0 to 1.'));
  const spacing = value.spacing;
  if (spacing !== undefined && !(Number.isInteger(spacing) && (spacing as number) >= 0 && (spacing as number) <= 64))
    fail([...at, 'spacing'], t('"spacing" must be a whole number of pixels from 0 to 64.'));
  const background = readBackground(value.background, [...at, 'background'], fail);
  const animations = readAnimations(value.animations, [...at, 'animations'], fail);
  const formats = readFormats(value.formats, [...at, 'formats'], fail);
  if (errors > 0) return undefined;
  const count = framesMode
    ? framesMode.prompts.length
    : (parseGrid(value.grid as string)?.columns ?? 0) * (parseGrid(value.grid as string)?.rows ?? 0);
  const names = isTextList(value.names) ? value.names : [];
  if (names.length > count) {
    report([...at, 'names'], t('"names" has {names} names for {count} frames.', { names: names.length, count }));
    return undefined;
  }
  let all: string[];
  try {
    all = frameNames(count, sheetBase(path), names);
  } catch (e) {
    report([...at, 'names'], (e as Error).message);
    return undefined;
  }
  try {
    resolveAnimations(all, animations);
  } catch (e) {
    report([...at, 'animations'], (e as Error).message);
    return undefined;
  }
  const spec: SheetSpec = { cell: value.cell as string, background, formats };
  for (const key of ['prompt', 'style', 'model', 'size', 'quality', 'grid'] as const)
    if (typeof value[key] === 'string') spec[key] = value[key];
  if (isTextList(value.inputs)) spec.inputs = value.inputs;
  if (isTextList(value.names)) spec.names = value.names;
  if (framesMode) spec.frames = framesMode;
  if (animations) spec.animations = animations;
  if (Array.isArray(pivot)) spec.pivot = [pivot[0] as number, pivot[1] as number];
  if (typeof spacing === 'number') spec.spacing = spacing;
  return spec;
}
