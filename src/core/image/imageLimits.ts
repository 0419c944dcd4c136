// Decompression-bomb guard from the header alone: a 100000x100000 PNG can be a few kilobytes and
// still ask the webview for 40 GB of RGBA. Refuse before createImageBitmap ever sees it.
import { ImageInputError } from './imageErrors';
import type { ImageInfo } from './imageHeaderTypes';

/** Upper bounds on what may be decoded. */
export interface ImageLimits {
  /** Longest accepted side in pixels. */
  maxSide: number;
  /** Most pixels (width x height) accepted. */
  maxPixels: number;
}

/**
 * Defaults. 16384 is Chromium's practical canvas side limit (and what the GPU path can texture);
 * 100 megapixels is 400 MB of RGBA, about the most a webview renderer can hold next to its own
 * state without crashing, while still taking 61 MP camera photos and 100 MP medium-format ones.
 */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxSide: 16384, maxPixels: 100_000_000 };

/** Throws a `tooLarge` ImageInputError when the header's dimensions exceed the limits. */
export function checkDimensions(info: Pick<ImageInfo, 'width' | 'height'>, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): void {
  const { width, height } = info;
  if (width > limits.maxSide || height > limits.maxSide) {
    throw new ImageInputError(
      'tooLarge',
      `The image is ${width}x${height} pixels; sides above ${limits.maxSide} pixels cannot be processed. Scale it down first.`,
    );
  }
  const pixels = width * height;
  if (pixels > limits.maxPixels) {
    const mp = (pixels / 1e6).toFixed(1);
    throw new ImageInputError(
      'tooLarge',
      `The image is ${width}x${height} (${mp} megapixels); at most ${limits.maxPixels / 1e6} megapixels can be processed. Scale it down first.`,
    );
  }
}

/**
 * Most bytes of one input image read from a file or stdin: the largest input any model of the table
 * takes (GPT image models, 50 MB). Reading stops there, before the rest is buffered.
 */
export const MAX_INPUT_FILE_BYTES = 50 * 1024 * 1024;
