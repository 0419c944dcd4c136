// The resize step: the project's resampler (src/core/image/resize.ts) with the step's record.
import { resizeRgba } from '../resize';
import type { RgbaImage } from '../pngCodec';
import type { ResizeStep, StepResult } from './processTypes';

/** Resamples to exactly the step's box. */
export function resizeStep(image: RgbaImage, step: ResizeStep): StepResult {
  const from = `${image.width}x${image.height}`;
  return {
    image: resizeRgba(image, step.width, step.height, step.fit, step.kernel),
    record: { step: 'resize', from, to: `${step.width}x${step.height}`, fit: step.fit, kernel: step.kernel },
  };
}
