// The heavy pixel work the extension host does on results, as plain data in and out, so it can
// run in a worker thread (src/host/services/imageWorker.ts) or, when none can start, in-thread
// with the same code and byte-identical results.
import { checkImageBytes } from './checks/runChecks';
import type { AcceptanceChecks, CheckReport } from './checks/checkTypes';
import { compositeThroughMask } from './composite';
import { t } from '../l10n';
import { countTransparentPixels, type AlphaCount } from './pngAlpha';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS, type RgbaImage } from './pngCodec';
import { runChain, type ChainResult } from './process/chain';
import { isProcessError, type ProcessErrorCode, type RunnableStep } from './process/processTypes';

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

export type ImageJob = ProtectJob | AlphaJob | ProcessJob | CheckJob;

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

/** The chain's result, or why it stopped (a step's code and message, 'unreadable' for anything else). */
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

export type ImageJobOutcome = ProtectOutcome | AlphaOutcome | ProcessOutcome | CheckOutcome;

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

async function process(job: ProcessJob): Promise<ProcessOutcome> {
  try {
    return { kind: 'process', result: await runChain(job.png, job.steps) };
  } catch (err) {
    if (isProcessError(err)) return { kind: 'process', error: { code: err.code, message: err.message } };
    return { kind: 'process', error: { code: 'unreadable', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Runs a job; never throws for bad image bytes (the outcome says what could not be read). */
export async function runImageJob(job: ImageJob): Promise<ImageJobOutcome> {
  switch (job.kind) {
    case 'protect':
      return protect(job);
    case 'alpha':
      return alpha(job);
    case 'process':
      return process(job);
    case 'check':
      return { kind: 'check', report: await checkImageBytes(job.bytes, job.checks) };
  }
}

/** The buffers of an outcome that can move to another thread instead of being copied. */
export function transferablesOf(outcome: ImageJobOutcome): ArrayBuffer[] {
  const buffers =
    outcome.kind === 'protect'
      ? outcome.composites.filter((c): c is Uint8Array => !!c)
      : outcome.kind === 'process' && outcome.result
        ? [outcome.result.png]
        : [];
  return buffers.map((b) => b.buffer as ArrayBuffer);
}

/** The outcome of a job whose worker died: nothing could be read. */
export function unreadableOutcome(job: ImageJob): ImageJobOutcome {
  switch (job.kind) {
    case 'protect':
      return { kind: 'protect', readable: false, composites: job.results.map(() => undefined) };
    case 'alpha':
      return { kind: 'alpha', failed: true };
    case 'process':
      return { kind: 'process', error: { code: 'unreadable', message: t('The image worker stopped before the processing finished.') } };
    case 'check':
      return {
        kind: 'check',
        report: { failures: [], unchecked: [{ gate: 'size', reason: t('The image worker stopped before the checks finished.') }] },
      };
  }
}
