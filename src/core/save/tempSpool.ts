// Streamed images go straight to temp files in the output folder: the client decodes each
// `b64_json` into its own file as the answer arrives, so a job never holds an image it does not
// need in memory, and saving one is a rename. A step that needs the pixels (the edit composite, the
// transparency check, the key-colour fallback) reads that one image back with holdInMemory.
import type { ImageSpool } from '../client/imageSink';
import { ImageStudioError } from '../client/errors';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import type { GeneratedImage } from '../types';
import { deleteQuietly, type SaveFileSystem } from './fileSystem';
import { moveToNewFile, tempName, writeNewFile, type NewFile } from './writeFiles';

/** Temp files for one job's streamed images. */
export interface TempSpool extends ImageSpool {
  /**
   * Removes every temp file that was not moved into place: an image whose save failed, or one
   * that was whole when its request was cancelled or cut. Call once the job's requests are done.
   */
  removeLeftovers(): Promise<void>;
}

/** A spool of temp files in `dir`; undefined when `fs` cannot write a file in pieces. */
export function tempSpool(fs: SaveFileSystem, dir: string): TempSpool | undefined {
  if (!fs.createStream) return undefined;
  const createStream = fs.createStream.bind(fs);
  const created: string[] = [];
  let folderMade: Promise<void> | undefined;
  return {
    async create(index) {
      await (folderMade ??= fs.mkdir(dir));
      const path = fs.join(dir, tempName());
      created.push(path);
      const stream = await createStream(path);
      return {
        path,
        async write(bytes) {
          try {
            await stream.write(bytes);
          } catch (e) {
            // A full disk or a refused write is ours, not a garbled answer: say so.
            throw new ImageStudioError(
              'output',
              t('Image {index} arrived but could not be written to {folder}: {problem}', {
                index: index + 1,
                folder: dir,
                problem: errorMessage(e),
              }),
              { cause: e },
            );
          }
        },
        close: () => stream.close(),
        async readBack() {
          await stream.close().catch(() => undefined);
          return fs.readFile(path);
        },
        async discard() {
          await stream.close().catch(() => undefined);
          await deleteQuietly(fs, path);
        },
      };
    },
    removeLeftovers: () => deleteQuietly(fs, ...created.splice(0)),
  };
}

/** The image with its bytes in memory: a streamed one is read back and its temp file removed. */
export async function holdInMemory(fs: SaveFileSystem, image: GeneratedImage): Promise<GeneratedImage> {
  if (!image.file) return image;
  const bytes = await fs.readFile(image.file);
  await deleteQuietly(fs, image.file);
  return withBytes(image, bytes);
}

/** The image as one held in memory, with these bytes (no temp file any more). */
export function withBytes(image: GeneratedImage, bytes: Uint8Array): GeneratedImage {
  const { file: _file, byteLength: _byteLength, ...rest } = image;
  return { ...rest, bytes };
}

/**
 * Saves an image under `base.ext` in `dir` or the first free variant, never replacing anything:
 * a streamed image's temp file is moved into place, an image in memory is written.
 */
export function saveNewImage(
  fs: SaveFileSystem,
  dir: string,
  base: string,
  ext: string,
  image: GeneratedImage,
  options: { sidecar?: boolean } = {},
): Promise<NewFile> {
  return image.file ? moveToNewFile(fs, image.file, dir, base, ext, options) : writeNewFile(fs, dir, base, ext, image.bytes, options);
}
