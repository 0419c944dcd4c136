// Runs the acceptance gates on one file's bytes: size and alpha from the header when the pixels
// cannot be read here, the pixel gates on the decoded PNG. Pure: the caller reads the file.
import { inspectImage } from '../imageHeader';
import { decodePng, RESULT_DECODE_LIMITS, type RgbaImage } from '../pngCodec';
import { countColours } from '../process/quantize';
import { t } from '../../l10n';
import type { AcceptanceChecks, CheckReport, GateFailure, UncheckedGate } from './checkTypes';
import { countHalo } from './halo';
import { seamScore } from './seam';

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** The gates that need the pixels, not just the header. */
const PIXEL_GATES = ['maxColors', 'tileable', 'halo'] as const;

/** Runs the pixel gates (and alpha, size) on decoded pixels. */
export function checkPixels(image: RgbaImage, checks: AcceptanceChecks): GateFailure[] {
  const failures: GateFailure[] = [];
  if (checks.size && (image.width !== checks.size.width || image.height !== checks.size.height))
    failures.push({ code: 'size_mismatch', actual: `${image.width}x${image.height}`, limit: `${checks.size.width}x${checks.size.height}` });
  if (checks.alpha !== undefined) {
    let transparent = 0;
    let notOpaque = 0;
    for (let o = 3; o < image.data.length; o += 4) {
      const a = image.data[o] ?? 0;
      if (a === 0) transparent++;
      if (a !== 255) notOpaque++;
    }
    if (checks.alpha && transparent === 0) failures.push({ code: 'alpha_missing', actual: 0, limit: 1 });
    if (!checks.alpha && notOpaque > 0) failures.push({ code: 'alpha_present', actual: notOpaque, limit: 0 });
  }
  if (checks.maxColors !== undefined) {
    const colours = countColours(image, checks.maxColors);
    // Counting stops one past the limit: "more than N" is all a failure needs to say.
    if (colours > checks.maxColors) failures.push({ code: 'too_many_colors', actual: countColours(image), limit: checks.maxColors });
  }
  if (checks.tileable) {
    const seam = round1(seamScore(image));
    if (seam > checks.tileable.maxSeam) failures.push({ code: 'seam_visible', actual: seam, limit: checks.tileable.maxSeam });
  }
  if (checks.halo) {
    const { edge, fringe } = countHalo(image, checks.halo.colors);
    const percent = edge ? round1((fringe * 100) / edge) : 0;
    if (percent > checks.halo.maxPercent) failures.push({ code: 'halo', actual: percent, limit: checks.halo.maxPercent });
  }
  return failures;
}

/** Runs every gate on a file's bytes. Never throws: what cannot be checked is listed as unchecked. */
export async function checkImageBytes(bytes: Uint8Array, checks: AcceptanceChecks): Promise<CheckReport> {
  const failures: GateFailure[] = [];
  const unchecked: UncheckedGate[] = [];
  if (checks.maxKB !== undefined && bytes.length / 1024 > checks.maxKB)
    failures.push({ code: 'file_too_large', actual: round1(bytes.length / 1024), limit: checks.maxKB });
  let header;
  try {
    header = inspectImage(bytes);
  } catch (err) {
    const reason = t('The file is not an image this tool can read: {reason}', { reason: err instanceof Error ? err.message : String(err) });
    for (const gate of ['size', 'alpha', ...PIXEL_GATES] as const) if (checks[gate] !== undefined) unchecked.push({ gate, reason });
    return { failures, unchecked };
  }
  const needsPixels = checks.alpha !== undefined || PIXEL_GATES.some((g) => checks[g] !== undefined);
  let image: RgbaImage | undefined;
  let why = t('Only PNG images are decoded for these checks; this one is {format}.', { format: header.format });
  if (needsPixels && header.format === 'png') {
    try {
      image = await decodePng(bytes, RESULT_DECODE_LIMITS);
    } catch (err) {
      why = err instanceof Error ? err.message : String(err);
    }
  }
  if (image) return { failures: [...failures, ...checkPixels(image, checks)], unchecked };
  // Without pixels: the header still knows the size, and a JPEG (or a WebP without alpha) has no transparency.
  failures.push(...checkPixels({ width: header.width, height: header.height, data: new Uint8Array() }, { size: checks.size }));
  if (checks.alpha !== undefined) {
    // A header without transparency settles it; one with it says only that some pixels may be transparent.
    if (header.hasAlpha) unchecked.push({ gate: 'alpha', reason: why });
    else if (checks.alpha) failures.push({ code: 'alpha_missing', actual: 0, limit: 1 });
  }
  for (const gate of PIXEL_GATES) if (checks[gate] !== undefined) unchecked.push({ gate, reason: why });
  return { failures, unchecked };
}
