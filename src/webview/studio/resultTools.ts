// What the webview does with a result by itself: copy the image to the clipboard, show it at full
// size, and compare an edit with its original. The originals of edits made in this page are kept
// (prepared bytes and mask, as sent) so Compare shows exactly what the model was given.
import type { ImageBytesMessage, ResultView } from '../../shared/protocol';
import { decodeBitmap } from '../image/canvasSurface';
import { openCompare, openLightbox, type ImageBytes } from './overlays';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../l10n';

/** What the tools ask of the app. */
export interface ResultToolsHost {
  imageBytes(resultId: string): Promise<ImageBytesMessage | undefined>;
  say(text: string, kind?: 'info' | 'ok' | 'error'): void;
}

interface EditSource {
  original: ImageBytes;
  mask?: ImageBytes;
  /** The notes of a markup edit, shown in Compare. */
  markup?: ImageBytes;
}

/** How many edits' originals are kept (each holds an image and a mask in memory). */
const MAX_SOURCES = 12;

/** Copy, lightbox and Compare for the gallery's cards. */
export class ResultTools {
  private readonly byJob = new Map<string, EditSource>();
  private readonly byResult = new Map<string, EditSource>();

  constructor(private readonly host: ResultToolsHost) {}

  /** Remembers what an edit job sent, so its results can be compared with it. */
  rememberEdit(jobId: string, source: EditSource): void {
    this.byJob.set(jobId, source);
    while (this.byJob.size > MAX_SOURCES) this.byJob.delete(this.byJob.keys().next().value as string);
  }

  /** A job's result arrived: it inherits the job's original. */
  resultOfJob(jobId: string, resultId: string): void {
    const source = this.byJob.get(jobId);
    if (!source) return;
    this.byResult.set(resultId, source);
    while (this.byResult.size > MAX_SOURCES * 4) this.byResult.delete(this.byResult.keys().next().value as string);
  }

  canCompare(resultId: string): boolean {
    return this.byResult.has(resultId);
  }

  /** Puts the image itself on the clipboard (as PNG, the type every clipboard takes). */
  async copyImage(r: ResultView): Promise<void> {
    try {
      const reply = await this.host.imageBytes(r.id);
      if (!reply) throw new Error('the image could not be read');
      const png =
        reply.mimeType === 'image/png' ? new Blob([reply.bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }) : await toPng(reply);
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
      this.host.say(t('Copied the image {fileName} to the clipboard.', { fileName: r.fileName }), 'ok');
    } catch (err) {
      this.host.say(t('Could not copy the image: {problem}', { problem: errorMessage(err) }), 'error');
    }
  }

  /** Shows the card's image at full size. */
  lightbox(r: ResultView, src: string): void {
    openLightbox(src, r.prompt ? `${r.fileName}: ${r.prompt.slice(0, 200)}` : r.fileName, r.relativePath);
  }

  /** Opens Compare for an edit result. */
  async compare(r: ResultView): Promise<void> {
    const source = this.byResult.get(r.id);
    if (!source)
      return this.host.say(t('The original of this edit is not known here: Compare works for edits made in this Studio session.'), 'error');
    const reply = await this.host.imageBytes(r.id);
    if (!reply) return this.host.say(t('The result could not be read.'), 'error');
    await openCompare(r.fileName, source.original, { bytes: reply.bytes, mimeType: reply.mimeType }, source.mask, source.markup);
  }
}

async function toPng(image: ImageBytes): Promise<Blob> {
  const bitmap = await decodeBitmap(image.bytes, image.mimeType);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('PNG encoding failed')))), 'image/png'),
  );
}
