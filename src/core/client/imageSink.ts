// Where a streamed image's decoded bytes go as they arrive. By default they are held (as decoded
// bytes only, never as base64 text); a caller that passes a spool gets each image written to its
// own temp file instead, so an answer of ten images never has ten in memory. The image's header
// is checked on its first bytes: an answer that is not an image stops being written at once.
import type { GeneratedImage } from '../types';
import { detectFormat } from '../image/imageHeader';
import { MAX_IMAGE_BYTES, mb } from './bodyLimits';
import { ImageStudioError } from './errors';
import { toImage } from './responses';
import { concatBytes } from '../concatBytes';

/** One temp file being written (the caller's file system; core has none of its own). */
export interface SpoolFile {
  /** Where the bytes are, for the caller to rename into place. */
  readonly path: string;
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and closes; the file stays. */
  close(): Promise<void>;
  /** Closes and removes the file (a bad or unfinished image). */
  discard(): Promise<void>;
  /**
   * After a failed write or close: closes the file and returns every byte given to `write`, the
   * failed write's included (the image goes on in memory).
   */
  readBack(): Promise<Uint8Array>;
}

/** Opens one temp file per streamed image. */
export interface ImageSpool {
  create(index: number): Promise<SpoolFile>;
  /**
   * Told of each image whose file is whole and closed, before its answer ends: if the request is
   * then cancelled or cut, the image (made and billed) can still be placed.
   */
  finished?(image: GeneratedImage): void;
}

/** Bytes the header check waits for: enough for every signature (WebP's is 12). */
const HEADER_BYTES = 16;
/** Bytes kept from the end of a spooled image for its completeness check. */
const TAIL_BYTES = 64;

/** Collects one image's decoded bytes, checking its header first and its size throughout. */
export class ImageAssembler {
  private chunks: Uint8Array[] = [];
  private head: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);
  private length = 0;
  /** Decoded bytes so far. */
  get size(): number {
    return this.length;
  }
  private checked = false;
  private file: SpoolFile | undefined;
  private spool: ImageSpool | undefined;

  private constructor(
    private index: number,
    private readonly requestId: string | undefined,
  ) {}

  static async open(index: number, requestId: string | undefined, spool: ImageSpool | undefined): Promise<ImageAssembler> {
    const a = new ImageAssembler(index, requestId);
    // A temp file that cannot be made (a folder that refuses it) must not cost the image: it is
    // held in memory instead, and the save that follows reports the folder's own error.
    if (spool) a.file = await spool.create(index).catch(() => undefined);
    a.spool = spool;
    return a;
  }

  /** Adds decoded bytes; throws (an image problem) when they cannot be an image or are too many. */
  async write(bytes: Uint8Array): Promise<void> {
    if (!bytes.length) return;
    this.length += bytes.length;
    if (this.length > MAX_IMAGE_BYTES)
      throw this.problem(
        'too_large',
        `An image in the answer is larger than ${mb(MAX_IMAGE_BYTES)}, more than any real image; it was not decoded.`,
      );
    if (!this.checked) {
      this.head = concatBytes([this.head, bytes.subarray(0, HEADER_BYTES - this.head.length)]);
      if (this.head.length >= HEADER_BYTES) this.checkHeader();
    }
    if (this.file) {
      this.tail = concatBytes([this.tail, bytes]).slice(-TAIL_BYTES);
      try {
        await this.file.write(bytes);
        return;
      } catch (e) {
        return this.spill(e);
      }
    }
    this.chunks.push(bytes);
  }

  /**
   * A full disk must not cost an image still arriving: it goes on in memory with what the file was
   * given, and the save that follows reports the folder's own error (or succeeds once there is room).
   */
  private async spill(cause: unknown): Promise<void> {
    const file = this.file!;
    this.file = undefined;
    const given = await file.readBack().catch(() => {
      throw cause;
    });
    await file.discard();
    this.chunks = [given];
  }

  /** The finished image (whole-image checks run here), or an image problem. */
  async finish(revisedPrompt: string | undefined, index = this.index): Promise<GeneratedImage> {
    this.index = index;
    if (!this.checked) this.checkHeader();
    if (this.file) {
      const spooled = await this.finishFile(revisedPrompt);
      if (spooled) return spooled;
    }
    const bytes = concatBytes(this.chunks);
    this.chunks = [];
    return toImage(bytes, this.index, revisedPrompt, this.requestId);
  }

  /** The spooled image once its file is closed; undefined when closing failed and it went on in memory. */
  private async finishFile(revisedPrompt: string | undefined): Promise<GeneratedImage | undefined> {
    const file = this.file!;
    const format = detectFormat(this.head);
    const complete =
      format === 'png'
        ? endsWith(this.tail, [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
        : format === 'jpeg'
          ? hasJpegEnd(this.tail)
          : format === 'gif'
            ? this.tail[this.tail.length - 1] === 0x3b
            : format === 'webp'
              ? new DataView(this.head.buffer, this.head.byteOffset).getUint32(4, true) + 8 <= this.length
              : false;
    if (!complete)
      throw this.problem(
        'not_an_image',
        `The server's image ${this.index + 1} was not saved: the ${format === 'unknown' ? 'image' : format.toUpperCase()} data is cut short or malformed.`,
      );
    try {
      await file.close();
    } catch (e) {
      await this.spill(e);
      return undefined;
    }
    const mimeType = format === 'png' ? 'image/png' : format === 'jpeg' ? 'image/jpeg' : format === 'gif' ? 'image/gif' : 'image/webp';
    const image: GeneratedImage = {
      bytes: new Uint8Array(0),
      file: file.path,
      byteLength: this.length,
      format: format as GeneratedImage['format'],
      mimeType,
      index: this.index,
      ...(revisedPrompt ? { revisedPrompt } : {}),
      ...(this.requestId ? { requestId: this.requestId } : {}),
    };
    this.spool?.finished?.(image);
    return image;
  }

  /** Drops what was written (a bad image, a cut answer). */
  async discard(): Promise<void> {
    this.chunks = [];
    await this.file?.discard().catch(() => undefined);
    this.file = undefined;
  }

  private checkHeader(): void {
    this.checked = true;
    if (detectFormat(this.head) !== 'unknown') return;
    // SVG (the 2.6 models) is text: only the whole document says; spooled answers must be raster.
    const text = String.fromCharCode(...this.head)
      .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
      .trimStart();
    if (!this.file && (text === '' || text.startsWith('<'))) return;
    throw this.problem(
      'not_an_image',
      `The server's image ${this.index + 1} was not saved: it is not a PNG, JPEG, WebP or GIF image (its first bytes match none of them).`,
    );
  }

  private problem(code: 'too_large' | 'not_an_image', message: string): ImageStudioError {
    return new ImageStudioError('invalid_response', message, { code, ...(this.requestId ? { requestId: this.requestId } : {}) });
  }
}

function endsWith(b: Uint8Array, suffix: number[]): boolean {
  return b.length >= suffix.length && suffix.every((v, i) => b[b.length - suffix.length + i] === v);
}

function hasJpegEnd(b: Uint8Array): boolean {
  for (let i = b.length - 2; i >= 0; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}
