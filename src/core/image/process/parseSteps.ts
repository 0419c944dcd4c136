// Reads a `process` list as a manifest writes it (each step an object with one key) into the
// chain's steps, with a message for every mistake; and writes steps back in that form with every
// default filled in (what the spec hash and the sidecar see, so a default spelled out or left out
// is the same chain).
import { t } from '../../l10n';
import { formatColour, parseColour } from './colour';
import { STEP_NAMES, type ProcessFit, type ProcessKernel, type ProcessStep, type Rgba } from './processTypes';

/** Tolerance of `removeBackground` when none is given: a flat backdrop with mild compression noise. */
export const DEFAULT_TOLERANCE = 48;
/** Largest `resize` side and `pad`/`outline` widths a step may ask for. */
export const STEP_LIMITS = { maxSide: 4096, maxPad: 1024, maxOutline: 64, minColors: 2, maxColors: 256 } as const;
const FITS: readonly ProcessFit[] = ['cover', 'contain', 'fill'];
const KERNELS: readonly ProcessKernel[] = ['lanczos3', 'nearest', 'box'];
const TRANSPARENT: Rgba = [0, 0, 0, 0];
const BLACK: Rgba = [0, 0, 0, 255];

/** A mistake in one step: its index in the list, the field (when one is at fault) and what to do. */
export interface StepProblem {
  index: number;
  field?: string;
  message: string;
}

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => !!v && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** Parses a `process` value; steps with problems are left out of `steps`. */
export function parseProcessSteps(value: unknown): { steps: ProcessStep[]; problems: StepProblem[] } {
  const steps: ProcessStep[] = [];
  const problems: StepProblem[] = [];
  if (!Array.isArray(value)) {
    problems.push({ index: -1, message: t('"process" must be a list of steps, e.g. [{"trim": {}}, {"resize": {"size": "64x64"}}].') });
    return { steps, problems };
  }
  value.forEach((entry, index) => {
    const keys = isObject(entry) ? Object.keys(entry) : [];
    const name = keys[0];
    if (!isObject(entry) || keys.length !== 1 || !name || !(STEP_NAMES as readonly string[]).includes(name)) {
      problems.push({ index, message: t('Each step is an object with one key: {names}.', { names: STEP_NAMES.join(', ') }) });
      return;
    }
    const before = problems.length;
    const fail = (message: string, field?: string): void => void problems.push({ index, message, ...(field ? { field } : {}) });
    const step = parseStep(name, entry[name], fail);
    if (step && problems.length === before) steps.push(step);
  });
  return { steps, problems };
}

type Fail = (message: string, field?: string) => void;

function colourField(v: unknown, fallback: Rgba, fail: Fail): Rgba {
  if (v === undefined) return fallback;
  const c = typeof v === 'string' ? parseColour(v) : undefined;
  if (!c) fail(t('"color" must be "#rrggbb", "#rrggbbaa" or "transparent".'), 'color');
  return c ?? fallback;
}

function unknownFields(fields: Fields, allowed: string[], step: string, fail: Fail): void {
  for (const k of Object.keys(fields))
    if (!allowed.includes(k))
      fail(t('Unknown field "{field}" in "{step}" ({allowed}).', { field: k, step, allowed: allowed.join(', ') }), k);
}

function parseStep(name: string, v: unknown, fail: Fail): ProcessStep | undefined {
  switch (name) {
    case 'removeBackground': {
      const fields: Fields = v === 'auto' ? { color: 'auto' } : isObject(v) ? v : {};
      if (v !== 'auto' && !isObject(v)) return void fail(t('"removeBackground" is "auto" or {"color": "#rrggbb", "tolerance": 0–255}.'));
      unknownFields(fields, ['color', 'tolerance'], name, fail);
      const tolerance = fields.tolerance ?? DEFAULT_TOLERANCE;
      if (!isInt(tolerance, 0, 255)) fail(t('"tolerance" must be a whole number from 0 to 255.'), 'tolerance');
      if (fields.color === 'auto' || fields.color === undefined)
        return { op: 'removeBackground', color: 'auto', tolerance: Number(tolerance) };
      const c = typeof fields.color === 'string' ? parseColour(fields.color) : undefined;
      if (!c || c[3] !== 255) return void fail(t('"color" must be "auto" or an opaque "#rrggbb".'), 'color');
      return { op: 'removeBackground', color: [c[0], c[1], c[2]], tolerance: Number(tolerance) };
    }
    case 'trim': {
      const fields: Fields = v === true ? {} : isObject(v) ? v : { threshold: v };
      if (!isObject(v) && v !== true) return void fail(t('"trim" is {} or {"threshold": 0–254}.'));
      unknownFields(fields, ['threshold'], name, fail);
      const threshold = fields.threshold ?? 0;
      if (!isInt(threshold, 0, 254)) return void fail(t('"threshold" must be a whole number from 0 to 254.'), 'threshold');
      return { op: 'trim', threshold };
    }
    case 'pad': {
      const fields: Fields = typeof v === 'number' ? { px: v } : isObject(v) ? v : {};
      if (typeof v !== 'number' && !isObject(v)) return void fail(t('"pad" is a number of pixels or {"px": N, "color": "#rrggbbaa"}.'));
      unknownFields(fields, ['px', 'color'], name, fail);
      if (!isInt(fields.px, 0, STEP_LIMITS.maxPad))
        return void fail(t('"px" must be a whole number from 0 to {max}.', { max: STEP_LIMITS.maxPad }), 'px');
      return { op: 'pad', px: fields.px, color: colourField(fields.color, TRANSPARENT, fail) };
    }
    case 'resize': {
      if (!isObject(v))
        return void fail(t('"resize" is {"size": "WIDTHxHEIGHT", "fit": "cover|contain|fill", "kernel": "lanczos3|nearest|box"}.'));
      unknownFields(v, ['size', 'fit', 'kernel'], name, fail);
      const m = typeof v.size === 'string' ? /^(\d+)x(\d+)$/.exec(v.size) : null;
      const width = Number(m?.[1]);
      const height = Number(m?.[2]);
      const fit = v.fit ?? 'cover';
      const kernel = v.kernel ?? 'lanczos3';
      if (!FITS.includes(fit as ProcessFit)) fail(t('"fit" must be one of {values}.', { values: FITS.join(', ') }), 'fit');
      if (!KERNELS.includes(kernel as ProcessKernel))
        fail(t('"kernel" must be one of {values}.', { values: KERNELS.join(', ') }), 'kernel');
      if (!m || !isInt(width, 1, STEP_LIMITS.maxSide) || !isInt(height, 1, STEP_LIMITS.maxSide))
        return void fail(t('"size" must be WIDTHxHEIGHT with sides from 1 to {max}.', { max: STEP_LIMITS.maxSide }), 'size');
      return { op: 'resize', width, height, fit: fit as ProcessFit, kernel: kernel as ProcessKernel };
    }
    case 'quantize': {
      if (!isObject(v) || (v.colors === undefined) === (v.palette === undefined))
        return void fail(t('"quantize" is {"colors": N} or {"palette": "path/to/palette.hex"}.'));
      unknownFields(v, ['colors', 'palette'], name, fail);
      if (v.palette !== undefined) {
        if (typeof v.palette !== 'string' || !/\.hex$/i.test(v.palette.trim()))
          return void fail(t('"palette" must be the path of a .hex file (one RRGGBB colour a line).'), 'palette');
        return { op: 'quantize', palette: v.palette };
      }
      if (!isInt(v.colors, STEP_LIMITS.minColors, STEP_LIMITS.maxColors))
        return void fail(
          t('"colors" must be a whole number from {min} to {max}.', { min: STEP_LIMITS.minColors, max: STEP_LIMITS.maxColors }),
          'colors',
        );
      return { op: 'quantize', colors: v.colors };
    }
    case 'outline': {
      const fields: Fields = typeof v === 'number' ? { px: v } : isObject(v) ? v : {};
      if (typeof v !== 'number' && !isObject(v)) return void fail(t('"outline" is a number of pixels or {"px": N, "color": "#rrggbb"}.'));
      unknownFields(fields, ['px', 'color'], name, fail);
      if (!isInt(fields.px, 1, STEP_LIMITS.maxOutline))
        return void fail(t('"px" must be a whole number from 1 to {max}.', { max: STEP_LIMITS.maxOutline }), 'px');
      return { op: 'outline', px: fields.px, color: colourField(fields.color, BLACK, fail) };
    }
  }
  return undefined;
}

/** A step in the manifest's form with every default written out (stable: same chain, same JSON). */
export function describeStep(step: ProcessStep): Record<string, Record<string, string | number>> {
  switch (step.op) {
    case 'removeBackground':
      return { removeBackground: { color: step.color === 'auto' ? 'auto' : formatColour(step.color), tolerance: step.tolerance } };
    case 'trim':
      return { trim: { threshold: step.threshold } };
    case 'pad':
      return { pad: { px: step.px, color: formatColour(step.color) } };
    case 'resize':
      return { resize: { size: `${step.width}x${step.height}`, fit: step.fit, kernel: step.kernel } };
    case 'quantize':
      return 'palette' in step ? { quantize: { palette: step.palette } } : { quantize: { colors: step.colors } };
    case 'outline':
      return { outline: { px: step.px, color: formatColour(step.color) } };
  }
}
