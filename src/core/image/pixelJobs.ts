// The heavy pixel work done on results, as plain data in and out, so it can run in a worker
// thread (src/host/services/imageWorker.ts) or, when none can start, in-thread with the same code
// and byte-identical results. The engine's processing stage sends every step through a
// PixelRunner the adapter gives: the extension host's worker, or in-thread in the CLI.
import { checkImageBytes } from './checks/runChecks';
import type { AcceptanceChecks, CheckReport } from './checks/checkTypes';
import { compositeThroughMask } from './composite';
import { removeKeyColour, type KeyRemoval } from './keyColour';
import { countTransparentPixels, type AlphaCount } from './pngAlpha';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS, type RgbaImage } from './pngCodec';
import { resizeRgba, type Fit } from './resize';
import { inspectImage } from './imageHeader';
import { runChain, type ChainResult } from './process/chain';
import { isProcessError, type ProcessErrorCode, type RunnableStep } from './process/processTypes';
import { t } from '../l10n';

/** Lays each PNG result onto the original through the mask; `undefined` entries (not PNG) are skipped. */
export interface ProtectJob {
  kind: 'protect';
  original: Uint8Array;
  mask: Uint8Array;
  results: Array<Uint8Array | undefined>;
}

/** Counts the alpha-0 pixels of a result PNG (within the result limits). */
export interface AlphaJob {
  kind: 'alpha';
  png: Uint8Array;
}

/** Makes the key colour of a PNG transparent (the transparency fallback), counting what is left. */
export interface KeyOutJob {
  kind: 'keyOut';
  png: Uint8Array;
}

/** Resizes a PNG to an exact box. */
export interface ResizeJob {
  kind: 'resize';
  png: Uint8Array;
  width: number;
  height: number;
  fit: Fit;
}

/** Runs the processing chain on a PNG (palette files already read into the steps). */
export interface ProcessJob {
  kind: 'process';
  png: Uint8Array;
  steps: RunnableStep[];
}

/** Runs the acceptance gates on a file's bytes. */
export interface CheckJob {
  kind: 'check';
  bytes: Uint8Array;
  checks: AcceptanceChecks;
}

export type PixelJob = ProtectJob | AlphaJob | KeyOutJob | ResizeJob | ProcessJob | CheckJob;

/**
 * `readable: false` when the original or the mask cannot be decoded here; a composite is
 * undefined where that result could not be decoded.
 */
export interface ProtectOutcome {
  kind: 'protect';
  readable: boolean;
  composites: Array<Uint8Array | undefined>;
}

/** `count` undefined when the PNG needs a canvas; `failed` when it could not be read at all. */
export interface AlphaOutcome {
  kind: 'alpha';
  count?: AlphaCount;
  failed: boolean;
}

/** The keyed PNG and what the removal did; `png` undefined when the input could not be read. */
export interface KeyOutOutcome {
  kind: 'keyOut';
  png?: Uint8Array;
  removal?: KeyRemoval;
  /** Whether the keyed image has a transparent pixel. */
  transparent: boolean;
}

/** The resized PNG, or why it could not be made. */
export interface ResizeOutcome {
  kind: 'resize';
  png?: Uint8Array;
  problem?: string;
}

/** The chain's result, or why it stopped (a step's code and message; 'unreadable' for anything else). */
export interface ProcessOutcome {
  kind: 'process';
  result?: ChainResult;
  error?: { code: ProcessErrorCode; message: string };
}

/** The gates' report. */
export interface CheckOutcome {
  kind: 'check';
  report: CheckReport;
}

export type PixelJobOutcome = ProtectOutcome | AlphaOutcome | KeyOutOutcome | ResizeOutcome | ProcessOutcome | CheckOutcome;

/** Runs one pixel job; `runPixelJob` in-thread, or a worker in the extension host. */
export type PixelRunner = (job: PixelJob) => Promise<PixelJobOutcome>;

// Within the result limits: compositing needs the original and the result of the same size, and a
// larger decode would take seconds and gigabytes.
async function tryDecode(bytes: Uint8Array): Promise<RgbaImage | undefined> {
  try {
    return await decodePng(bytes, RESULT_DECODE_LIMITS);
  } catch {
    return undefined;
  }
}

async function protect(job: ProtectJob): Promise<ProtectOutcome> {
  const source = await tryDecode(job.original);
  const mask = source && (await tryDecode(job.mask));
  if (!source || !mask) return { kind: 'protect', readable: false, composites: job.results.map(() => undefined) };
  const composites: Array<Uint8Array | undefined> = [];
  for (const bytes of job.results) {
    const pixels = bytes && (await tryDecode(bytes));
    composites.push(pixels ? await encodeRgbaPng(compositeThroughMask(source, pixels, mask)) : undefined);
  }
  return { kind: 'protect', readable: true, composites };
}

async function alpha(job: AlphaJob): Promise<AlphaOutcome> {
  try {
    const count = await countTransparentPixels(job.png, RESULT_DECODE_LIMITS);
    return count ? { kind: 'alpha', count, failed: false } : { kind: 'alpha', failed: false };
  } catch {
    return { kind: 'alpha', failed: true };
  }
}

async function keyOut(job: KeyOutJob): Promise<KeyOutOutcome> {
  try {
    const keyed = await removeKeyColour(job.png);
    const count = await countTransparentPixels(keyed.png, RESULT_DECODE_LIMITS);
    return { kind: 'keyOut', png: keyed.png, removal: keyed.removal, transparent: (count?.transparent ?? 0) > 0 };
  } catch {
    return { kind: 'keyOut', transparent: false };
  }
}

async function resize(job: ResizeJob): Promise<ResizeOutcome> {
  try {
    const info = inspectImage(job.png);
    if (info.format !== 'png') return { kind: 'resize', problem: `Resizing needs a PNG image; this one is ${info.format}.` };
    if (info.width === job.width && info.height === job.height) return { kind: 'resize', png: job.png };
    const pixels = await decodePng(job.png, RESULT_DECODE_LIMITS);
    return { kind: 'resize', png: await encodeRgbaPng(resizeRgba(pixels, job.width, job.height, job.fit)) };
  } catch (e) {
    return { kind: 'resize', problem: (e as Error).message };
  }
}

async function process(job: ProcessJob): Promise<ProcessOutcome> {
  try {
    return { kind: 'process', result: await runChain(job.png, job.steps) };
  } catch (err) {
    if (isProcessError(err)) return { kind: 'process', error: { code: err.code, message: err.message } };
    return { kind: 'process', error: { code: 'unreadable', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Runs a job in this thread; never throws for bad image bytes (the outcome says what could not be read). */
export function runPixelJob(job: PixelJob): Promise<PixelJobOutcome> {
  switch (job.kind) {
    case 'protect':
      return protect(job);
    case 'alpha':
      return alpha(job);
    case 'keyOut':
      return keyOut(job);
    case 'resize':
      return resize(job);
    case 'process':
      return process(job);
    case 'check':
      return checkImageBytes(job.bytes, job.checks).then((report) => ({ kind: 'check', report }));
  }
}

/** The outcome of a job whose runner was lost (a worker that died): nothing could be read. */
export function unreadableOutcome(job: PixelJob): PixelJobOutcome {
  switch (job.kind) {
    case 'protect':
      return { kind: 'protect', readable: false, composites: job.results.map(() => undefined) };
    case 'alpha':
      return { kind: 'alpha', failed: true };
    case 'keyOut':
      return { kind: 'keyOut', transparent: false };
    case 'resize':
      return { kind: 'resize', problem: 'The image worker stopped before it answered.' };
    case 'process':
      return { kind: 'process', error: { code: 'unreadable', message: t('The image worker stopped before the processing finished.') } };
    case 'check':
      return {
        kind: 'check',
        report: { failures: [], unchecked: [{ gate: 'size', reason: t('The image worker stopped before the checks finished.') }] },
      };
  }
}

/** Buffers an outcome can move to another thread instead of being copied. */
export function outcomeBuffers(outcome: PixelJobOutcome): ArrayBuffer[] {
  const bytes =
    outcome.kind === 'protect'
      ? outcome.composites
      : outcome.kind === 'keyOut' || outcome.kind === 'resize'
        ? [outcome.png]
        : outcome.kind === 'process'
          ? [outcome.result?.png]
          : [];
  return bytes.filter((b): b is Uint8Array => !!b).map((b) => b.buffer as ArrayBuffer);
}
