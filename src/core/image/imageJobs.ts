// The heavy pixel work the extension host does on results, as plain data in and out, so it can
// run in a worker thread (src/host/services/imageWorker.ts) or, when none can start, in-thread
// with the same code and byte-identical results.
import { compositeThroughMask } from './composite';
import { countTransparentPixels, type AlphaCount } from './pngAlpha';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS, type RgbaImage } from './pngCodec';

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

export type ImageJob = ProtectJob | AlphaJob;

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

export type ImageJobOutcome = ProtectOutcome | AlphaOutcome;

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

/** Runs a job; never throws for bad image bytes (the outcome says what could not be read). */
export function runImageJob(job: ImageJob): Promise<ImageJobOutcome> {
  return job.kind === 'protect' ? protect(job) : alpha(job);
}
