// The contract between the image lab test page (pageScripts/imageLab.ts, browser) and the tests
// (Node). Plain data and runtime-neutral code only, so both tsconfigs can check it.
/** prepareImage's target, as plain data. */
export interface LabPrepareTarget {
  square?: 'crop' | 'pad';
  sizes?: number[];
  maxSide?: number;
  maxBytes: number;
  minSide?: number;
}

/** prepareImage's result, as plain data. */
export interface LabPrepared {
  bytes: Uint8Array;
  width: number;
  height: number;
  steps: Array<{ code: string; message: string }>;
  timing: { decodeMs: number; drawMs: number; encodeMs: number; totalMs: number; attempts: number };
}

/** A mask operation as recorded by the painter (image coordinates). */
export type LabMaskOperation =
  | { kind: 'stroke'; tool: 'brush' | 'eraser'; radius: number; points: Array<{ x: number; y: number }> }
  | { kind: 'invert' }
  | { kind: 'clear' };

/** A note as the Annotate mode records it (image coordinates). */
export type LabMarkupOperation =
  | { kind: 'stroke'; tool: 'pen' | 'highlighter'; color: string; width: number; points: Array<{ x: number; y: number }> }
  | { kind: 'arrow'; color: string; width: number; from: { x: number; y: number }; to: { x: number; y: number } }
  | { kind: 'text'; color: string; size: number; at: { x: number; y: number }; text: string }
  | { kind: 'clear' };

/** What the page exposes as globalThis.imageLab. */
export interface ImageLabApi {
  prepare(bytes: Uint8Array, mime: string, target: LabPrepareTarget): Promise<LabPrepared>;
  /** Shows a painter for the image at `cssWidth` CSS pixels wide; returns the canvas's page rect. */
  openPainter(
    bytes: Uint8Array,
    mime: string,
    cssWidth: number,
    radius: number,
  ): Promise<{ left: number; top: number; width: number; height: number }>;
  painterState(): {
    operations: LabMaskOperation[];
    tool: string;
    radius: number;
    hasPaint: boolean;
    undoDisabled: boolean;
    redoDisabled: boolean;
  };
  /** Clicks the toolbar button with this aria-label prefix (e.g. 'Undo'). */
  clickButton(labelPrefix: string): void;
  exportMask(width?: number, height?: number): Promise<{ bytes: Uint8Array; ms: number }>;
  composite(original: Uint8Array, result: Uint8Array, mask: Uint8Array): Promise<Uint8Array>;
  verifyTransparency(
    bytes: Uint8Array,
  ): Promise<{ hasAlphaChannel: boolean; transparentPixelRatio: number; translucentPixelRatio: number; looksLikeCheckerboard: boolean }>;
  validateMaskFile(bytes: Uint8Array, width: number, height: number): Promise<{ kind: string; message: string } | undefined>;
  resizeMask(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array>;
  /** Shows the Annotate mode for the image at `cssWidth` CSS pixels wide; returns the drawing canvas's page rect. */
  openMarkup(bytes: Uint8Array, mime: string, cssWidth: number): Promise<{ left: number; top: number; width: number; height: number }>;
  markupState(): {
    operations: LabMarkupOperation[];
    tool: string;
    colour: string;
    hasNotes: boolean;
    cursor: { x: number; y: number };
    changes: number;
  };
  exportMarkup(width?: number, height?: number): Promise<Uint8Array>;
}

/** How bytes cross the Playwright boundary: a base64 string is ~3x faster than a Uint8Array, and a Node Buffer does not survive at all. */
export interface PackedBytes {
  __bytes: string;
}

/** Replaces every Uint8Array inside `value` (deeply) with PackedBytes, using `toBase64`. */
export function packBytes(value: unknown, toBase64: (b: Uint8Array) => string): unknown {
  if (value instanceof Uint8Array) return { __bytes: toBase64(value) } satisfies PackedBytes;
  if (Array.isArray(value)) return value.map((v) => packBytes(v, toBase64));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, packBytes(v, toBase64)]));
  return value;
}

/** Reverses packBytes. */
export function unpackBytes(value: unknown, fromBase64: (s: string) => Uint8Array): unknown {
  if (value && typeof value === 'object' && '__bytes' in value) return fromBase64((value as PackedBytes).__bytes);
  if (Array.isArray(value)) return value.map((v) => unpackBytes(v, fromBase64));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unpackBytes(v, fromBase64)]));
  return value;
}
