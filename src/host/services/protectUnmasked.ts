import * as vscode from 'vscode';
import type { BatchResult } from '../../core/client/batch';
import { protectUnmaskedPixels as protectInCore } from '../../core/save/resultChecks';
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
 * Core's protected pixels (the same step the CLI and the asset build take), with the compositing
 * in a worker thread; the raw result is written beside the image (`<name>.raw.png`) and named in
 * its sidecar.
 */
export async function protectUnmaskedPixels(original: LoadedInput, mask: InputImage, batch: BatchResult): Promise<ProtectedResult> {
  const done = await protectInCore(
    { original: { bytes: original.bytes, name: original.name }, mask: mask.bytes },
    batch.images,
    async (job) => (await runImageJobOffThread(job)).outcome,
  );
  const raws = done.raws;
  const options: SaveOptions = {
    async afterWrite(image: GeneratedImage, written: WrittenFile) {
      const raw = raws.get(image.index);
      if (!raw) return { protectedUnmaskedPixels: false };
      const stem = written.name.replace(/\.[^.]+$/, '');
      const rawFile = await writeNewFile(vscode.Uri.joinPath(written.uri, '..'), `${stem}.raw`, 'png', raw.bytes);
      return { protectedUnmaskedPixels: true, rawResult: rawFile.name };
    },
  };
  return { result: { ...batch, images: done.images }, options, ...(done.note ? { note: done.note } : {}) };
}
