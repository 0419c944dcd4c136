// The processing chain: PNG bytes and an ordered list of steps in, PNG bytes and a record of what
// each step did out (the sidecar keeps the records). One decode and one encode, whatever the
// number of steps; the steps work on the pixels in between.
import { inspectImage } from '../imageHeader';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS, type RgbaImage } from '../pngCodec';
import { t } from '../../l10n';
import { outline } from './outline';
import { ProcessError, type RunnableStep, type StepRecord, type StepResult } from './processTypes';
import { quantizeColours, snapToPalette } from './quantize';
import { removeBackground } from './removeBackground';
import { resizeStep } from './resizeStep';
import { pad, trim } from './trimAndPad';

/** The chain's result: the processed PNG, its size, and one record per step. */
export interface ChainResult {
  png: Uint8Array;
  width: number;
  height: number;
  records: StepRecord[];
}

/** Runs one step on pixels the chain owns (steps may change them in place). */
export function runStep(image: RgbaImage, step: RunnableStep): StepResult {
  switch (step.op) {
    case 'removeBackground':
      return removeBackground(image, step);
    case 'trim':
      return trim(image, step);
    case 'pad':
      return pad(image, step);
    case 'resize':
      return resizeStep(image, step);
    case 'quantize':
      return 'paletteColors' in step ? snapToPalette(image, step) : quantizeColours(image, step);
    case 'outline':
      return outline(image, step);
  }
}

/** Runs the steps in order on a copy of `image`; the input is left untouched. */
export function processRgba(image: RgbaImage, steps: readonly RunnableStep[]): { image: RgbaImage; records: StepRecord[] } {
  let current: RgbaImage = { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  const records: StepRecord[] = [];
  for (const step of steps) {
    const result = runStep(current, step);
    current = result.image;
    records.push(result.record);
  }
  return { image: current, records };
}

/** Decodes the PNG (within the result limits), runs the steps, encodes the result. Throws ProcessError. */
export async function runChain(png: Uint8Array, steps: readonly RunnableStep[]): Promise<ChainResult> {
  let format: string;
  try {
    format = inspectImage(png).format;
  } catch {
    format = 'unknown';
  }
  if (format !== 'png') throw new ProcessError('not_png', t('The processing steps need a PNG image; this one is {format}.', { format }));
  let image: RgbaImage;
  try {
    image = await decodePng(png, RESULT_DECODE_LIMITS);
  } catch (err) {
    throw new ProcessError(
      'unreadable',
      t('The image could not be read for processing: {reason}', { reason: err instanceof Error ? err.message : String(err) }),
    );
  }
  // The decoded pixels are this call's own: no copy needed.
  const records: StepRecord[] = [];
  for (const step of steps) {
    const result = runStep(image, step);
    image = result.image;
    records.push(result.record);
  }
  return { png: await encodeRgbaPng(image), width: image.width, height: image.height, records };
}
