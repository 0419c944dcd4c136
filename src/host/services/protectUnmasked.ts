import * as vscode from 'vscode';
import type { BatchResult } from '../../core/client/batch';
import type { GeneratedImage, InputImage } from '../../core/types';
import { writeNewFile, type WrittenFile } from './imageFileWriter';
import { runImageJobOffThread } from './imageWorkerClient';
import type { LoadedInput } from './inputImages';
import type { SaveOptions } from './resultWriter';

/** A result with protected pixels, the raw images to keep beside, and a note when protection was skipped. */
export interface ProtectedResult {
  result: BatchResult;
  options: SaveOptions;
  note?: string;
}

/**
 * GPT image models treat the mask as guidance and may repaint anything; this lays each result
 * back onto the original through the mask so unmasked pixels stay byte-identical. The raw
 * result is written beside the image (`<name>.raw.png`) and named in its sidecar. PNG in and PNG
 * out only: other formats are left as the model made them, with a note saying so.
 */
export async function protectUnmaskedPixels(original: LoadedInput, mask: InputImage, batch: BatchResult): Promise<ProtectedResult> {
  // Decoding and compositing a 3840x2160 result takes long enough to stall the extension host: a worker does it.
  const { outcome } = await runImageJobOffThread({
    kind: 'protect',
    original: original.info.format === 'png' ? original.bytes : new Uint8Array(),
    mask: mask.bytes,
    results: batch.images.map((image) => (image.format === 'png' ? image.bytes : undefined)),
  });
  if (outcome.kind !== 'protect' || !outcome.readable) {
    return { result: batch, options: {}, note: vscode.l10n.t("Pixels outside the mask were not protected: {name} is not a PNG this step can read, so the model's result is kept as it is.", { name: original.name }) };
  }
  const raws = new Map<number, GeneratedImage>();
  const images: GeneratedImage[] = [];
  let skipped = 0;
  batch.images.forEach((image, i) => {
    const composite = outcome.composites[i];
    if (!composite) {
      skipped++;
      images.push(image);
      return;
    }
    raws.set(image.index, image);
    images.push({ ...image, bytes: composite });
  });
  const options: SaveOptions = {
    async afterWrite(image: GeneratedImage, written: WrittenFile) {
      const raw = raws.get(image.index);
      if (!raw) return { protectedUnmaskedPixels: false };
      const stem = written.name.replace(/\.[^.]+$/, '');
      const rawFile = await writeNewFile(vscode.Uri.joinPath(written.uri, '..'), `${stem}.raw`, 'png', raw.bytes);
      return { protectedUnmaskedPixels: true, rawResult: rawFile.name };
    },
  };
  const note = skipped ? vscode.l10n.t('Pixels outside the mask were not protected in {skipped} image(s) returned as JPEG or WebP.', { skipped }) : undefined;
  return { result: { ...batch, images }, options, note };
}
