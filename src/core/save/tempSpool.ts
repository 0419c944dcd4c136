// Streamed images go straight to temp files in the output folder: the client decodes each
// `b64_json` into its own file as the answer arrives, so a job never holds an image it does not
// need in memory, and saving one is a rename. A step that needs the pixels (the edit composite, the
// transparency check, the key-colour fallback) reads that one image back with holdInMemory.
import type { ImageSpool, SpoolFile } from '../client/imageSink';
import { concatBytes } from '../concatBytes';
import { ImageStudioError } from '../client/errors';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import type { GeneratedImage } from '../types';
import { deleteQuietly, type FileStream, type SaveFileSystem } from './fileSystem';
import { moveToNewFile, tempName, writeNewFile, type NewFile } from './writeFiles';

/** Temp files for one job's streamed images. */
export interface TempSpool extends ImageSpool {
  /** Images whose files were whole and closed, whether or not their answers ended (see ImageSpool.finished). */
  readonly whole: readonly GeneratedImage[];
  /**
   * Removes every temp file that was not moved into place: an image whose save failed, or one
   * that was still arriving when its request was cancelled or cut. Call once the job's requests
   * are done (and the whole images of a cancelled request were placed).
   */
  removeLeftovers(): Promise<void>;
}

/** A spool of temp files in `dir`; undefined when `fs` cannot write a file in pieces. */
export function tempSpool(fs: SaveFileSystem, dir: string): TempSpool | undefined {
  if (!fs.createStream) return undefined;
  const createStream = fs.createStream.bind(fs);
  const created: string[] = [];
  const whole: GeneratedImage[] = [];
  let folderMade: Promise<void> | undefined;
  return {
    whole,
    finished: (image) => void whole.push(image),
    async create(index) {
      await (folderMade ??= fs.mkdir(dir));
      const path = fs.join(dir, tempName());
      created.push(path);
      // A full disk or a refused write is ours, not a garbled answer: say so.
      const failure = (e: unknown): ImageStudioError =>
        new ImageStudioError(
          'output',
          t('Image {index} arrived but could not be written to {folder}: {problem}', {
            index: index + 1,
            folder: dir,
            problem: errorMessage(e),
          }),
          { cause: e },
        );
      return new TempFile(fs, path, await createStream(path), failure);
    },
    removeLeftovers: () => deleteQuietly(fs, ...created.splice(0)),
  };
}

/**
 * Decoded pieces are gathered up to this many bytes per write: a system call for each network
 * chunk (48 KB decoded) made saving a 3 MB image a third slower than one whole write (`npm run
 * bench client`), and a megabyte per image in flight is still far from holding the image.
 */
const WRITE_BYTES = 1 << 20;

/** One streamed image's temp file. */
class TempFile implements SpoolFile {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Bytes known to be in the file. */
  private flushed = 0;

  constructor(
    private readonly fs: SaveFileSystem,
    readonly path: string,
    private readonly stream: FileStream,
    private readonly failure: (e: unknown) => Error,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WRITE_BYTES) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.stream.close();
  }

  /** Every byte given to write, a failed write's included: what is in the file, then what is not yet. */
  async readBack(): Promise<Uint8Array> {
    await this.stream.close().catch(() => undefined);
    const inFile = (await this.fs.readFile(this.path)).subarray(0, this.flushed);
    return concatBytes([inFile, ...this.pending]);
  }

  async discard(): Promise<void> {
    this.pending = [];
    await this.stream.close().catch(() => undefined);
    await deleteQuietly(this.fs, this.path);
  }

  private async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const bytes = concatBytes(this.pending);
    try {
      await this.stream.write(bytes);
    } catch (e) {
      throw this.failure(e);
    }
    this.flushed += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** The image with its bytes in memory: a streamed one is read back and its temp file removed. */
export async function holdInMemory(fs: SaveFileSystem, image: GeneratedImage): Promise<GeneratedImage> {
  if (!image.file) return image;
  const bytes = await fs.readFile(image.file);
  await deleteQuietly(fs, image.file);
  return withBytes(image, bytes);
}

/** Every image in memory, read back one after another (a step that needs them together: the edit composite). */
export async function holdAllInMemory(fs: SaveFileSystem, images: readonly GeneratedImage[]): Promise<GeneratedImage[]> {
  const held: GeneratedImage[] = [];
  for (const image of images) held.push(await holdInMemory(fs, image));
  return held;
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
