// The vocabulary of the processing chain: the steps as plain data (what a manifest's `process`
// list parses into, what a worker job carries, what the sidecar records), and the error a step
// raises when it cannot do its work. Plain objects and arrays only, so every value survives
// structured cloning into the host's image worker.
import type { RgbaImage } from '../pngCodec';

/** Straight RGBA, each 0–255. */
export type Rgba = [number, number, number, number];
/** RGB, each 0–255. */
export type Rgb = [number, number, number];

/** How a resize fits the source into the box (the same words as the manifest's `fit`). */
export type ProcessFit = 'cover' | 'contain' | 'fill';
/** Resampling kernel: lanczos3 (smooth), nearest (pixel art), box (area average). */
export type ProcessKernel = 'lanczos3' | 'nearest' | 'box';

/** Makes a flat background colour transparent, with a soft, decontaminated edge. */
export interface RemoveBackgroundStep {
  op: 'removeBackground';
  /** The key colour, or 'auto': the flat colour found at the corners. */
  color: Rgb | 'auto';
  /** RMS colour distance (0–255) under which a pixel is background. */
  tolerance: number;
}

/** Crops to the bounding box of pixels whose alpha is above `threshold`. */
export interface TrimStep {
  op: 'trim';
  threshold: number;
}

/** Adds `px` pixels of `color` on every side. */
export interface PadStep {
  op: 'pad';
  px: number;
  color: Rgba;
}

/** Resamples to exactly `width`×`height`. */
export interface ResizeStep {
  op: 'resize';
  width: number;
  height: number;
  fit: ProcessFit;
  kernel: ProcessKernel;
}

/** Reduces to at most `colors` colours (median cut, no dithering). */
export interface QuantizeColorsStep {
  op: 'quantize';
  colors: number;
}

/** Snaps every visible pixel to the nearest colour of a palette file (a `.hex` list). */
export interface QuantizePaletteStep {
  op: 'quantize';
  /** The palette file, relative to the manifest. */
  palette: string;
}

/** A palette step whose file has been read: the colours it snaps to. */
export interface LoadedPaletteStep extends QuantizePaletteStep {
  paletteColors: Rgb[];
}

/** Draws an outline `px` wide in `color` around the visible shape, outside it. */
export interface OutlineStep {
  op: 'outline';
  px: number;
  color: Rgba;
}

/** One step as parsed from a manifest (a palette step still names its file). */
export type ProcessStep = RemoveBackgroundStep | TrimStep | PadStep | ResizeStep | QuantizeColorsStep | QuantizePaletteStep | OutlineStep;

/** One step ready to run: palette files read. */
export type RunnableStep = Exclude<ProcessStep, QuantizePaletteStep> | LoadedPaletteStep;

/** The names of the steps, in the order the README lists them. */
export const STEP_NAMES = ['removeBackground', 'trim', 'pad', 'resize', 'quantize', 'outline'] as const;
/** A step's name. */
export type StepName = (typeof STEP_NAMES)[number];

/** What one step did, for the sidecar: its name and a few plain facts. */
export interface StepRecord {
  step: StepName;
  [fact: string]: string | number | boolean;
}

/** A step's output image (a new one, or its input changed in place) and its record. */
export interface StepResult {
  image: RgbaImage;
  record: StepRecord;
}

/** Why a step could not run; `code` is stable for callers, `message` is for people. */
export type ProcessErrorCode = 'no_background' | 'too_large' | 'palette_missing' | 'palette_invalid' | 'not_png' | 'unreadable';

/** A step that could not do its work (a chain stops at the first one). */
export class ProcessError extends Error {
  override readonly name = 'ProcessError';

  constructor(
    readonly code: ProcessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is a ProcessError (also across bundles, where instanceof can fail). */
export function isProcessError(error: unknown): error is ProcessError {
  return error instanceof ProcessError || (error instanceof Error && error.name === 'ProcessError' && 'code' in error);
}

/** The largest side a step may produce: the chain holds whole images in memory. */
export const MAX_PROCESS_SIDE = 8192;
