// The two framing steps: trim crops to what is visible, pad puts a margin back (a transparent one
// by default), so a sprite can be centred in its box after its background is gone.
import type { RgbaImage } from '../pngCodec';
import { formatColour } from './colour';
import { MAX_PROCESS_SIDE, ProcessError, type PadStep, type StepResult, type TrimStep } from './processTypes';
import { t } from '../../l10n';

/** The box of pixels whose alpha is above `threshold`, or undefined when there is none. */
export function visibleBox(image: RgbaImage, threshold: number): { x: number; y: number; width: number; height: number } | undefined {
  const { width: w, height: h, data } = image;
  let top = -1;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let y = 0; y < h; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0, o = y * w * 4 + 3; x < w; x++, o += 4)
      if ((data[o] ?? 0) > threshold) {
        if (first < 0) first = x;
        last = x;
      }
    if (first < 0) continue;
    if (top < 0) top = y;
    bottom = y;
    left = Math.min(left, first);
    right = Math.max(right, last);
  }
  return top < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** Crops to the visible box; an image with nothing above the threshold is left as it is (a PNG cannot be 0×0). */
export function trim(image: RgbaImage, step: TrimStep): StepResult {
  const from = `${image.width}x${image.height}`;
  const box = visibleBox(image, step.threshold);
  if (!box) return { image, record: { step: 'trim', threshold: step.threshold, from, to: from, skipped: 'nothing visible' } };
  const data = new Uint8Array(box.width * box.height * 4);
  for (let y = 0; y < box.height; y++) {
    const start = ((box.y + y) * image.width + box.x) * 4;
    data.set(image.data.subarray(start, start + box.width * 4), y * box.width * 4);
  }
  return {
    image: { width: box.width, height: box.height, data },
    record: { step: 'trim', threshold: step.threshold, from, to: `${box.width}x${box.height}`, x: box.x, y: box.y },
  };
}

/** Adds `px` on every side, filled with the step's colour. */
export function pad(image: RgbaImage, step: PadStep): StepResult {
  const width = image.width + 2 * step.px;
  const height = image.height + 2 * step.px;
  if (width > MAX_PROCESS_SIDE || height > MAX_PROCESS_SIDE)
    throw new ProcessError(
      'too_large',
      t('Padding makes the image {size}, larger than {max} px a side.', { size: `${width}x${height}`, max: MAX_PROCESS_SIDE }),
    );
  const data = new Uint8Array(width * height * 4);
  const [r, g, b, a] = step.color;
  if (a !== 0 || r !== 0 || g !== 0 || b !== 0)
    for (let o = 0; o < data.length; o += 4) {
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
      data[o + 3] = a;
    }
  for (let y = 0; y < image.height; y++)
    data.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), ((y + step.px) * width + step.px) * 4);
  return {
    image: { width, height, data },
    record: { step: 'pad', px: step.px, color: formatColour(step.color), to: `${width}x${height}` },
  };
}
