// Placement under a free name in a folder: the name comes from the template (the prompt, or the
// input a variation was made from), never replaces anything (a numbered variant is taken instead),
// and leaves its sidecar name free too. A protected edit keeps the model's own result beside the
// image as `<name>.raw.png`.
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import { extensionFor } from '../naming';
import { resultBaseName } from '../save/fileNames';
import type { SaveFileSystem } from '../save/fileSystem';
import { saveNewImage } from '../save/tempSpool';
import { writeNewFile, writeSidecar } from '../save/writeFiles';
import type { EngineRequest } from './engineTypes';
import type { PlaceOutcome, Placement } from './placement';
import { sidecarContent } from './sidecar';

/** Where and how a job's images are named. */
export interface FolderTarget {
  fs: SaveFileSystem;
  dir: string;
  /** File name template (`{slug}-{date}-{index}`). */
  template: string;
  /** Write a provenance sidecar beside each image. */
  sidecar: boolean;
  /** One date for every file of the job, so its names sort together. */
  date: Date;
  /** The request as the user asked it (the key-colour fallback's instruction is not in a name). */
  named: EngineRequest;
}

/** Images under free names in `target.dir`. */
export function placeInFolder(target: FolderTarget): Placement {
  const { fs, dir, named } = target;
  const isVariation = named.route === 'variations' || named.route === 'edits-as-variation';
  return {
    spoolDir: dir,
    label: (index) => t('Image {index}', { index: index + 1 }),
    isFinal: () => true,
    async place(processed, source, record): Promise<PlaceOutcome> {
      const { image } = processed;
      // A step that failed leaves the image as the model made it: saved, and said.
      const warnings: string[] = processed.problem ? [processed.problem] : [];
      const base = resultBaseName(target.template, named.request, isVariation, source.result.model, image.index, target.date);
      let written;
      try {
        written = await saveNewImage(fs, dir, base, extensionFor(image.format), image, { sidecar: true });
      } catch (e) {
        return {
          warnings,
          failure: {
            kind: 'write',
            message: t(
              'Image {index} arrived but could not be written to {folder} ({problem}); it is not saved. Check the folder’s permissions and free space.',
              {
                index: image.index + 1,
                folder: dir,
                problem: errorMessage(e),
              },
            ),
            firstIndex: image.index,
            count: 1,
          },
        };
      }
      const extra: Record<string, unknown> = {};
      let raw: string | undefined;
      if (processed.raw) {
        // The model's own result is kept beside the file, so nothing it made is lost.
        try {
          raw = (await writeNewFile(fs, dir, `${written.name.replace(/\.[^.]+$/, '')}.raw`, 'png', processed.raw.bytes)).path;
          extra.rawResult = raw.split(/[\\/]/).pop();
        } catch (e) {
          warnings.push(
            t("The model's raw result of image {index} could not be written ({problem}).", {
              index: image.index + 1,
              problem: errorMessage(e),
            }),
          );
        }
      }
      const placed = {
        path: written.path,
        name: written.name,
        index: image.index,
        format: image.format,
        model: source.result.model,
        route: source.route,
        ...(raw ? { raw } : {}),
        ...(image.revisedPrompt ? { revisedPrompt: image.revisedPrompt } : {}),
        ...((image.requestId ?? source.result.requestIds[0]) ? { requestId: image.requestId ?? source.result.requestIds[0] } : {}),
        ...(source.result.usage ? { usage: source.result.usage } : {}),
      };
      if (!target.sidecar) return { placed, warnings };
      try {
        const sidecar = await writeSidecar(fs, written.path, await sidecarContent(source, processed.record, record, extra));
        return { placed: { ...placed, sidecar }, warnings };
      } catch (e) {
        return {
          placed,
          warnings,
          failure: {
            kind: 'write',
            message: t('Image {index} was saved as {path}, but its provenance sidecar could not be written ({problem}).', {
              index: image.index + 1,
              path: written.path,
              problem: errorMessage(e),
            }),
            firstIndex: image.index,
            count: 1,
          },
        };
      }
    },
  };
}
