// The markup file the API takes: only the notes, on transparent pixels, at exactly the size of the
// image that is sent (drawn by the same routine as the overlay, at that size).
import { createSurface, encodePng } from './canvasSurface';
import { drawMarkup, type MarkupOperation } from './markupShapes';

/** Draws `ops` (image coordinates of an imageWidth x imageHeight image) at width x height on transparency and encodes a PNG. */
export async function exportMarkupPng(
  ops: readonly MarkupOperation[],
  imageWidth: number,
  imageHeight: number,
  width = imageWidth,
  height = imageHeight,
): Promise<Uint8Array> {
  const { canvas, ctx } = createSurface(width, height);
  ctx.clearRect(0, 0, width, height);
  drawMarkup(ctx, ops, width / imageWidth, height / imageHeight);
  return encodePng(canvas);
}
