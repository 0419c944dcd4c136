// The processing stage, between the API's images and the files: every step that needs the pixels,
// in one order for every way in. Protected pixels first (an edit's mask laid back over the input),
// then the key-colour fallback (the flat colour made transparent), then an asset's chain of steps
// (or its plain exact size), then the transparency check and the asset's gates on what will be
// written, and an asset's other sizes from the same image. Each step runs through the adapter's PixelRunner (a worker thread in the extension host);
// images that need no step stay in their temp files and are never read into memory.
import { fallbackRecord } from '../image/keyColour';
import type { PixelRunner } from '../image/pixelJobs';
import type { ResizeBox } from '../assets/manifestRules';
import type { AcceptanceChecks, GateFailure } from '../image/checks/checkTypes';
import { parseColour } from '../image/process/colour';
import type { Rgb, RunnableStep, StepRecord } from '../image/process/processTypes';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import type { SaveFileSystem } from '../save/fileSystem';
import {
  protectUnmaskedPixels,
  TRANSPARENCY_FAILED,
  TRANSPARENCY_PASSED,
  transparencyProblem,
  type ProtectionSource,
} from '../save/resultChecks';
import { holdAllInMemory, holdInMemory, withBytes } from '../save/tempSpool';
import type { GeneratedImage } from '../types';

/** Which steps a job's images go through. */
export interface ProcessPlan {
  protect?: ProtectionSource;
  /** Set while the key-colour fallback runs: the model's refusal, recorded in the sidecar. */
  fallbackReason?: string;
  /** The job asked for a transparent background (checked unless the fallback made it). */
  checkTransparency: boolean;
  /** An asset's exact size. */
  resize?: ResizeBox;
  /** An asset's chain of steps (core/image/process), run instead of `resize`. */
  steps?: readonly RunnableStep[];
  /** An asset's other outputs from the same image (each with its own chain, or a plain resize). */
  sizes?: ReadonlyArray<{ path: string; resize: ResizeBox; steps?: readonly RunnableStep[] }>;
  /** An asset's gates, run on what will be written. */
  checks?: AcceptanceChecks;
  /** Names image `index` in a warning ("Image 2", "assets/coin.png"). */
  label(index: number): string;
  /**
   * Whether image `index` is written as a final output (checked, sized): every image of a job in
   * a folder, an asset's chosen image; an asset's other candidates are kept as made, to pick later.
   */
  isFinal(index: number): boolean;
}

/** One image ready to place, with what its steps did. */
export interface ProcessedImage {
  /** What is written at the image's place (still in its temp file when no step needed the pixels). */
  image: GeneratedImage;
  /** The model's own result, kept beside when protected pixels changed it. */
  raw?: GeneratedImage;
  /** An asset's other sizes. */
  sizes: Array<{ path: string; resize: ResizeBox; bytes: Uint8Array }>;
  /** Sidecar fields the steps add. */
  record: Record<string, unknown>;
  /** Said to the user: an opaque "transparent" result, a size that could not be made. */
  warnings: string[];
  /** A step failed: the image is as the model made it (it is kept, never thrown away). */
  problem?: string;
  /** The image before the asset's own steps (after protected pixels and the fallback): the raw image kept. */
  preChain?: Uint8Array;
  /** The gates the written image failed (empty when it passed every one; absent without gates). */
  failures?: GateFailure[];
}

/** Runs the plan's steps over one request's images; `notes` are said once for the request. */
export async function processImages(
  fs: SaveFileSystem,
  pixels: PixelRunner,
  images: readonly GeneratedImage[],
  plan: ProcessPlan,
): Promise<{ images: ProcessedImage[]; notes: string[] }> {
  const notes: string[] = [];
  const needsPixels = (image: GeneratedImage): boolean =>
    !!plan.protect ||
    plan.fallbackReason !== undefined ||
    (plan.isFinal(image.index) &&
      (plan.checkTransparency || !!plan.resize || !!plan.steps?.length || !!plan.sizes?.length || !!plan.checks));
  if (!images.some(needsPixels)) return { images: images.map((image) => ({ image, sizes: [], record: {}, warnings: [] })), notes };
  // The composite needs a request's images together; every other step reads one image at a time.
  let listed: GeneratedImage[] = [...images];
  let raws = new Map<number, GeneratedImage>();
  if (plan.protect) {
    const done = await protectUnmaskedPixels(plan.protect, await holdAllInMemory(fs, images), pixels);
    if (done.note) notes.push(done.note);
    listed = done.images;
    raws = done.raws;
  }
  const out: ProcessedImage[] = [];
  for (const image of listed) {
    if (!needsPixels(image)) {
      out.push({ image, sizes: [], record: {}, warnings: [] });
      continue;
    }
    const held = await holdInMemory(fs, image);
    try {
      out.push(await processOne(held, raws.get(image.index), plan, pixels));
    } catch (e) {
      out.push({ image: held, sizes: [], record: {}, warnings: [], problem: errorMessage(e) });
    }
  }
  return { images: out, notes };
}

async function processOne(
  held: GeneratedImage,
  raw: GeneratedImage | undefined,
  plan: ProcessPlan,
  pixels: PixelRunner,
): Promise<ProcessedImage> {
  const record: Record<string, unknown> = {};
  const warnings: string[] = [];
  if (plan.protect) record.protectedUnmaskedPixels = !!raw;
  let image = held;
  if (plan.fallbackReason !== undefined) {
    const keyed = image.format === 'png' ? await pixels({ kind: 'keyOut', png: image.bytes }) : undefined;
    if (keyed?.kind === 'keyOut' && keyed.png) {
      image = withBytes(image, keyed.png);
      Object.assign(record, fallbackRecord(plan.fallbackReason, keyed.removal, keyed.transparent));
    } else Object.assign(record, fallbackRecord(plan.fallbackReason, undefined, await hasTransparency(image, pixels)));
  }
  if (!plan.isFinal(image.index)) return { image, ...(raw ? { raw } : {}), sizes: [], record, warnings };
  const source = image;
  let stepRecords: StepRecord[] = [];
  if (plan.steps?.length) {
    const done = await chain(image.bytes, plan.steps, pixels);
    image = withBytes(image, done.png);
    stepRecords = done.records;
    record.process = done.records;
  } else if (plan.resize) {
    image = withBytes(image, await resized(image.bytes, plan.resize, pixels));
    record.postProcess = { resize: plan.resize };
  }
  if (plan.checkTransparency && plan.fallbackReason === undefined) {
    const problem = await transparencyProblem(image, plan.label(image.index), pixels);
    if (problem) warnings.push(problem);
    record.transparencyCheck = problem ? TRANSPARENCY_FAILED : TRANSPARENCY_PASSED;
  }
  let failures: GateFailure[] | undefined;
  if (plan.checks) {
    failures = await gateFailures(image.bytes, withKeyColours(plan.checks, stepRecords), pixels);
    record.checks = { passed: failures.length === 0, failures };
  }
  const sizes: ProcessedImage['sizes'] = [];
  for (const size of plan.sizes ?? [])
    sizes.push({
      path: size.path,
      resize: size.resize,
      bytes: size.steps ? (await chain(source.bytes, size.steps, pixels)).png : await resized(source.bytes, size.resize, pixels),
    });
  const changed = plan.steps?.length || plan.resize;
  return {
    image,
    ...(raw ? { raw } : {}),
    sizes,
    record,
    warnings,
    ...(changed ? { preChain: source.bytes } : {}),
    ...(failures ? { failures } : {}),
  };
}

/** Runs a chain of steps through the pixel runner; a step that cannot run is this image's problem. */
async function chain(
  png: Uint8Array,
  steps: readonly RunnableStep[],
  pixels: PixelRunner,
): Promise<{ png: Uint8Array; records: StepRecord[] }> {
  const outcome = await pixels({ kind: 'process', png, steps: [...steps] });
  if (outcome.kind === 'process' && outcome.result) return { png: outcome.result.png, records: outcome.result.records };
  throw new Error(
    t('The processing steps could not run: {problem}', { problem: outcome.kind === 'process' ? (outcome.error?.message ?? '') : '' }),
  );
}

/** The gates' failures for the bytes to be written. */
async function gateFailures(bytes: Uint8Array, checks: AcceptanceChecks, pixels: PixelRunner): Promise<GateFailure[]> {
  const outcome = await pixels({ kind: 'check', bytes, checks });
  return outcome.kind === 'check' ? outcome.report.failures : [];
}

/** The halo gate also looks for the colours the chain keyed out (an "auto" key is known only once it ran). */
export function withKeyColours(checks: AcceptanceChecks, records: readonly StepRecord[]): AcceptanceChecks {
  if (!checks.halo) return checks;
  const keyed = records.flatMap((r): Rgb[] => {
    const c = r.step === 'removeBackground' && typeof r.color === 'string' ? parseColour(r.color) : undefined;
    return c ? [[c[0], c[1], c[2]]] : [];
  });
  return keyed.length ? { ...checks, halo: { ...checks.halo, colors: [...checks.halo.colors, ...keyed] } } : checks;
}

async function resized(png: Uint8Array, box: ResizeBox, pixels: PixelRunner): Promise<Uint8Array> {
  const outcome = await pixels({ kind: 'resize', png, width: box.width, height: box.height, fit: box.fit });
  if (outcome.kind === 'resize' && outcome.png) return outcome.png;
  throw new Error(
    t('The image could not be resized to {width}x{height}: {problem}', {
      width: box.width,
      height: box.height,
      problem: outcome.kind === 'resize' ? (outcome.problem ?? '') : '',
    }),
  );
}

async function hasTransparency(image: GeneratedImage, pixels: PixelRunner): Promise<boolean> {
  if (image.format !== 'png') return false;
  const outcome = await pixels({ kind: 'alpha', png: image.bytes });
  return outcome.kind === 'alpha' && (outcome.count?.transparent ?? 0) > 0;
}
