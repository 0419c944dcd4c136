// The checks of a markup file that need its pixels (the header checks are core's, in validation).
import { countTransparentPixels } from '../core/image/pngAlpha';
import type { InputImage } from '../core/types';
import { UsageError } from './usage';

/**
 * What the header cannot tell about a markup file: with no transparent pixel it would cover the
 * whole image (refused), with no opaque one it holds no note (a warning).
 */
export async function markupWarnings(markup: InputImage): Promise<string[]> {
  let count;
  try {
    count = await countTransparentPixels(markup.bytes);
  } catch {
    return [];
  }
  if (!count) return [];
  if (count.transparent === 0)
    throw new UsageError(
      `${markup.filename} has no transparent pixel, so it would cover the whole image: markup holds only the notes, drawn over transparency.`,
    );
  return count.transparent === count.total
    ? [`${markup.filename} is fully transparent: it holds no note, so the edit follows the prompt alone.`]
    : [];
}
