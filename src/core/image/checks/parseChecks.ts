// Reads a `checks` object as a manifest writes it, with a message for every mistake, and writes
// it back with defaults filled in (for the spec hash: the gates are part of what "up to date" means).
import { t } from '../../l10n';
import { formatColour, parseColour } from '../process/colour';
import type { Rgb } from '../process/processTypes';
import { DEFAULT_HALO_PERCENT, DEFAULT_MAX_SEAM, type AcceptanceChecks } from './checkTypes';

/** The gate names, in the README's order. */
export const GATE_NAMES = ['size', 'alpha', 'maxKB', 'maxColors', 'tileable', 'halo'] as const;

/** A mistake in one gate. */
export interface CheckProblem {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;

/** Parses a `checks` value; gates with problems are left out. */
export function parseChecks(value: unknown): { checks: AcceptanceChecks; problems: CheckProblem[] } {
  const checks: AcceptanceChecks = {};
  const problems: CheckProblem[] = [];
  const fail = (field: string, message: string): void => void problems.push({ field, message });
  if (!isObject(value)) {
    fail('', t('"checks" must be an object of gates: {names}.', { names: GATE_NAMES.join(', ') }));
    return { checks, problems };
  }
  for (const [name, v] of Object.entries(value)) {
    switch (name) {
      case 'size': {
        const m = typeof v === 'string' ? /^(\d+)x(\d+)$/.exec(v) : null;
        if (m && Number(m[1]) > 0 && Number(m[2]) > 0) checks.size = { width: Number(m[1]), height: Number(m[2]) };
        else fail(name, t('"size" must be "WIDTHxHEIGHT".'));
        break;
      }
      case 'alpha':
        if (typeof v === 'boolean') checks.alpha = v;
        else fail(name, t('"alpha" must be true (has transparent pixels) or false (fully opaque).'));
        break;
      case 'maxKB':
        if (isNumber(v, 0.001, 1e6)) checks.maxKB = v;
        else fail(name, t('"maxKB" must be a positive number of kilobytes.'));
        break;
      case 'maxColors':
        if (isNumber(v, 1, 1 << 24) && Number.isInteger(v)) checks.maxColors = v;
        else fail(name, t('"maxColors" must be a whole number of at least 1.'));
        break;
      case 'tileable': {
        const maxSeam = v === true ? DEFAULT_MAX_SEAM : isObject(v) ? (v.maxSeam ?? DEFAULT_MAX_SEAM) : undefined;
        if (isNumber(maxSeam, 0, 255) && (v === true || (isObject(v) && Object.keys(v).every((k) => k === 'maxSeam'))))
          checks.tileable = { maxSeam };
        else fail(name, t('"tileable" is true or {"maxSeam": 0–255} (default {value}).', { value: DEFAULT_MAX_SEAM }));
        break;
      }
      case 'halo': {
        const fields = v === true ? {} : isObject(v) ? v : undefined;
        const maxPercent = fields?.maxPercent ?? DEFAULT_HALO_PERCENT;
        const colour = typeof fields?.color === 'string' ? parseColour(fields.color) : undefined;
        const ok =
          fields &&
          isNumber(maxPercent, 0, 100) &&
          (fields.color === undefined || colour) &&
          Object.keys(fields).every((k) => k === 'maxPercent' || k === 'color');
        if (ok) checks.halo = { maxPercent, colors: colour ? [[colour[0], colour[1], colour[2]]] : [] };
        else
          fail(
            name,
            t('"halo" is true or {"maxPercent": 0–100, "color": "#rrggbb"} (default {value} %).', { value: DEFAULT_HALO_PERCENT }),
          );
        break;
      }
      default:
        fail(name, t('Unknown gate "{name}" ({names}).', { name, names: GATE_NAMES.join(', ') }));
    }
  }
  return { checks, problems };
}

/** The gates with every default written out, for hashing and the sidecar. */
export function describeChecks(checks: AcceptanceChecks): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (checks.size) out.size = `${checks.size.width}x${checks.size.height}`;
  if (checks.alpha !== undefined) out.alpha = checks.alpha;
  if (checks.maxKB !== undefined) out.maxKB = checks.maxKB;
  if (checks.maxColors !== undefined) out.maxColors = checks.maxColors;
  if (checks.tileable) out.tileable = { maxSeam: checks.tileable.maxSeam };
  if (checks.halo) out.halo = { maxPercent: checks.halo.maxPercent, colors: checks.halo.colors.map((c: Rgb) => formatColour(c)) };
  return out;
}
