import * as vscode from 'vscode';
import type { BatchResult } from '../../core/client/batch';
import { compositeThroughMask } from '../../core/image/composite';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS, type RgbaImage } from '../../core/image/pngCodec';
import type { GeneratedImage, InputImage } from '../../core/types';
import { writeNewFile, type WrittenFile } from './imageFileWriter';
import type { LoadedInput } from './inputImages';
import type { SaveOptions } from './resultWriter';

/** A result with protected pixels, the raw images to keep beside, and a note when protection was skipped. */
export interface ProtectedResult {
  result: BatchResult;
  options: SaveOptions;
  note?: string;
}

// Within the result limits: compositing needs the original and the result of the same size, and a
// larger decode would block the extension host for seconds.
async function tryDecode(bytes: Uint8Array): Promise<RgbaImage | undefined> {
  try {
    return await decodePng(bytes, RESULT_DECODE_LIMITS);
  } catch {
    return undefined;
  }
}

/**
 * GPT image models treat the mask as guidance and may repaint anything; this lays each result
 * back onto the original through the mask so unmasked pixels stay byte-identical. The raw
 * result is written beside the image (`<name>.raw.png`) and named in its sidecar. PNG in and PNG
 * out only: other formats are left as the model made them, with a note saying so.
 */
export async function protectUnmaskedPixels(original: LoadedInput, mask: InputImage, batch: BatchResult): Promise<ProtectedResult> {
  const source = original.info.format === 'png' ? await tryDecode(original.bytes) : undefined;
  const maskPixels = await tryDecode(mask.bytes);
  if (!source || !maskPixels) {
    return { result: batch, options: {}, note: `Pixels outside the mask were not protected: ${original.name} is not a PNG this step can read, so the model's result is kept as it is.` };
  }
  const raws = new Map<number, GeneratedImage>();
  const images: GeneratedImage[] = [];
  let skipped = 0;
  for (const image of batch.images) {
    const pixels = image.format === 'png' ? await tryDecode(image.bytes) : undefined;
    if (!pixels) {
      skipped++;
      images.push(image);
      continue;
    }
    const composite = await encodeRgbaPng(compositeThroughMask(source, pixels, maskPixels));
    raws.set(image.index, image);
    images.push({ ...image, bytes: composite });
  }
  const options: SaveOptions = {
    async afterWrite(image: GeneratedImage, written: WrittenFile) {
      const raw = raws.get(image.index);
      if (!raw) return { protectedUnmaskedPixels: false };
      const stem = written.name.replace(/\.[^.]+$/, '');
      const rawFile = await writeNewFile(vscode.Uri.joinPath(written.uri, '..'), `${stem}.raw`, 'png', raw.bytes);
      return { protectedUnmaskedPixels: true, rawResult: rawFile.name };
    },
  };
  const note = skipped ? `Pixels outside the mask were not protected in ${skipped} image(s) returned as JPEG or WebP.` : undefined;
  return { result: { ...batch, images }, options, note };
}
