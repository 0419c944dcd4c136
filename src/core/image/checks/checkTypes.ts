// Acceptance gates as plain data: what a manifest's `checks` parses into, and the coded failures
// `assets check`, builds and the Image Assets view report (the codes are stable: CI reads them).
import type { Rgb } from '../process/processTypes';

/** The gates an asset must pass. */
export interface AcceptanceChecks {
  /** Exact pixel size. */
  size?: { width: number; height: number };
  /** true: at least one fully transparent pixel; false: every pixel fully opaque. */
  alpha?: boolean;
  /** Largest file size in KB (1024 bytes). */
  maxKB?: number;
  /** Most distinct colours among the visible pixels (RGBA). */
  maxColors?: number;
  /** Largest seam score: mean absolute RGB difference across the wrap-around edges. */
  tileable?: { maxSeam: number };
  /** Largest share (%) of edge pixels with a light or key-coloured fringe. */
  halo?: { maxPercent: number; colors: Rgb[] };
}

/** The failure codes, one per gate (and two for alpha). */
export type GateCode = 'size_mismatch' | 'alpha_missing' | 'alpha_present' | 'file_too_large' | 'too_many_colors' | 'seam_visible' | 'halo';

/** One failed gate: what was found and the limit it broke. */
export interface GateFailure {
  code: GateCode;
  actual: number | string;
  limit: number | string;
}

/** A gate that could not be run on this file (not a PNG this decoder reads), with why. */
export interface UncheckedGate {
  gate: keyof AcceptanceChecks;
  reason: string;
}

/** Every failure of one file, and the gates that could not run. */
export interface CheckReport {
  failures: GateFailure[];
  unchecked: UncheckedGate[];
}

/** Default seam score limit (the reference pipelines use about 12). */
export const DEFAULT_MAX_SEAM = 12;
/** Default halo limit: at most this share (%) of edge pixels may fringe. */
export const DEFAULT_HALO_PERCENT = 5;
