// Placement that hands the images back instead of writing them: a sprite sheet's generation is
// cut before anything is written, and its caller keeps the raw image (with this provenance) under
// .image-studio/raw/ itself. Streamed images are read back from their temp files and removed.
import type { SaveFileSystem } from '../save/fileSystem';
import { holdInMemory } from '../save/tempSpool';
import type { PlaceOutcome, Placement } from './placement';
import { sidecarContent } from './sidecar';

/** One image handed back, with the sidecar it would have had. */
export interface HeldImage {
  index: number;
  bytes: Uint8Array;
  sidecar: Record<string, unknown>;
}

/** A placement that collects the job's images in `held`; `spoolDir` is where streamed images wait. */
export function placeInMemory(fs: SaveFileSystem, spoolDir: string, label: string): Placement & { held: HeldImage[] } {
  const held: HeldImage[] = [];
  return {
    held,
    spoolDir,
    label: () => label,
    isFinal: () => true,
    async place(processed, source, record): Promise<PlaceOutcome> {
      const image = await holdInMemory(fs, processed.image);
      held.push({ index: image.index, bytes: image.bytes, sidecar: await sidecarContent(source, processed.record, record) });
      return {
        warnings: processed.problem ? [processed.problem] : [...processed.warnings],
        placed: {
          path: label,
          name: label.slice(label.lastIndexOf('/') + 1),
          index: image.index,
          format: image.format,
          model: source.result.model,
          route: source.route,
          ...(image.revisedPrompt ? { revisedPrompt: image.revisedPrompt } : {}),
          ...(image.requestId ? { requestId: image.requestId } : {}),
        },
      };
    },
  };
}
