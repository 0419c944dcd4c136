// Where an edit's mask comes from: painted over the first image (MaskPainter, on the image as it
// will be sent, so the mask leaves at exactly its dimensions), a mask file (chosen, or the
// `name.mask.png` the host found beside the image; offered a resize when its size differs), or
// none. Optionally the painted mask is saved next to the image by the host. Beside the mask
// painter, Annotate mode (MarkupPainter) draws notes instead, sent as a markup edit to the models
// that take one: never together with a mask, which the one choice here makes impossible. The
// choice and the painted strokes are kept in the webview state (see SavedMask): a panel hidden
// behind another tab, or a reloaded window, comes back with the mask the user painted.
import type { EditInputView } from '../../shared/protocol';
import { decodeBitmap } from '../image/canvasSurface';
import { resizeMaskPng, validateMaskFile } from '../image/maskExport';
import { MaskPainter } from '../image/maskPainter';
import type { MaskOperation } from '../image/maskStrokes';
import { MarkupPainter } from '../image/markupPainter';
import { h } from './dom';
import { t } from '../l10n';

type Source = 'paint' | 'annotate' | 'file' | 'none';

/** The mask as the webview state keeps it: for one target (image and prepared size), the choice and the strokes. */
export interface SavedMask {
  key: string;
  source: Source;
  operations: MaskOperation[];
}

/** Reads a saved mask defensively (the state may come from an older version). */
export function readSavedMask(raw: unknown): SavedMask | undefined {
  const r = raw as Partial<SavedMask> | undefined;
  if (!r || typeof r.key !== 'string' || !Array.isArray(r.operations)) return undefined;
  const source = (['paint', 'annotate', 'file', 'none'] as const).find((s) => s === r.source) ?? 'paint';
  return { key: r.key, source, operations: r.operations };
}

/** The image the mask belongs to, as it will be sent. */
export interface MaskTarget {
  key: string;
  bytes: Uint8Array;
  mimeType: string;
  width: number;
  height: number;
  original: { width: number; height: number; name: string };
  /** Cropped or padded: a mask at the original's size would not line up, so it is not saved. */
  reframed: boolean;
  detectedMask?: EditInputView;
}

/** What the mask (or the notes) add to an edit request. */
export interface MaskChoice {
  mask?: { bytes: Uint8Array; fileId?: string };
  saveMask?: Uint8Array;
  markup?: { bytes: Uint8Array };
}

/** The mask section of edit mode. */
export class MaskPanel {
  readonly element: HTMLElement;
  private source: Source = 'paint';
  private painter: MaskPainter | undefined;
  private annotator: MarkupPainter | undefined;
  private markupAvailable = false;
  private target: MaskTarget | undefined;
  private file: { view: EditInputView; bytes: Uint8Array } | undefined;
  private readonly fileName = h('span', { class: 'mask-file-name' }, t('No mask file chosen.'));
  private readonly problem = h('p', { class: 'mask-problem', role: 'alert', hidden: true });
  private readonly resize = h('button', { type: 'button', class: 'secondary', id: 'mask-resize', hidden: true }, t('Resize the mask'));
  private readonly save = h('input', { type: 'checkbox', id: 'save-mask' });
  private readonly saveNote = h('span', { class: 'note', id: 'save-mask-note' });
  private readonly painterHost = h('div', { class: 'painter-host', id: 'mask-painter-host' });
  private readonly annotateHost = h('div', { class: 'painter-host', id: 'markup-painter-host', hidden: true });
  private readonly fileRow: HTMLElement;
  private readonly saveRow: HTMLElement;
  private token = 0;
  /** The source asked for with the inputs ("Paint a mask in the Studio"), over a mask file found beside. */
  private preferred: Source | undefined;

  constructor(
    private readonly chooseFile: () => Promise<EditInputView | undefined>,
    private readonly say: (text: string) => void,
    private readonly changed: () => void,
    private saved: SavedMask | undefined = undefined,
    private readonly store: (mask: SavedMask) => void = () => undefined,
  ) {
    const radios = (['paint', 'annotate', 'file', 'none'] as const).map((value) => {
      const label = {
        paint: t('Paint the area to change'),
        annotate: t('Draw notes on the image (markup)'),
        file: t('Use a mask file'),
        none: t('No mask (the prompt describes the whole image)'),
      }[value];
      const input = h('input', { type: 'radio', name: 'mask-source', value, id: `mask-source-${value}`, checked: value === this.source });
      input.addEventListener('change', () => {
        if (input.checked) this.setSource(value);
      });
      return h('label', { for: input.id, class: 'radio', id: `mask-source-${value}-label` }, input, label);
    });
    const choose = h('button', { type: 'button', class: 'secondary', id: 'mask-choose' }, t('Choose mask file…'));
    choose.addEventListener('click', () => void this.pickFile());
    this.resize.addEventListener('click', () => void this.resizeFile());
    this.fileRow = h('div', { class: 'mask-file', hidden: true }, this.fileName, choose, this.resize);
    this.saveRow = h(
      'div',
      { class: 'mask-save' },
      h('label', { for: 'save-mask', class: 'checkbox' }, this.save, t('Save the mask next to the image')),
      this.saveNote,
    );
    this.save.setAttribute('aria-describedby', this.saveNote.id);
    this.element = h(
      'div',
      { class: 'mask-panel' },
      h(
        'fieldset',
        { class: 'mask-source', role: 'radiogroup' },
        h('legend', {}, t('What to change')),
        ...radios,
        this.fileRow,
        this.saveRow,
        this.problem,
      ),
      this.painterHost,
      this.annotateHost,
    );
    this.syncMarkupChoice();
  }

  /** True when the edit will send a mask (it changes what dall-e-2 needs of the image). */
  get usesMask(): boolean {
    return this.source === 'paint' || this.source === 'file';
  }

  /** Offers Annotate only for models that take markup edits; leaving such a model drops back to painting. */
  setMarkupAvailable(available: boolean): void {
    if (available === this.markupAvailable) return;
    this.markupAvailable = available;
    this.syncMarkupChoice();
    if (available) void this.ensureAnnotator();
    if (!available && this.source === 'annotate') {
      this.setSource('paint');
      if (this.annotator?.hasNotes) this.say(t('This model takes no notes (markup): paint the area to change instead.'));
    }
  }

  /** True when the edit sends notes (a markup edit) instead of a mask. */
  get annotating(): boolean {
    return this.source === 'annotate';
  }

  /** New inputs: `source` (the Explorer's "Paint a mask") wins over a mask file found beside the image. */
  preferSource(source: 'paint' | undefined): void {
    this.preferred = source === 'paint' ? 'paint' : undefined;
  }

  /**
   * Shows the painter on the image as it will be sent; a new image (or new prepared size) starts a
   * new mask, while the same one (the page was hidden or reloaded) gets back its saved choice and strokes.
   */
  async setTarget(target: MaskTarget | undefined): Promise<void> {
    if (target?.key === this.target?.key) return;
    const hadPaint = this.painter?.hasPaint ?? false;
    const hadNotes = this.annotator?.hasNotes ?? false;
    this.painter?.dispose();
    this.painter = undefined;
    this.annotator?.dispose();
    this.annotator = undefined;
    this.target = target;
    const token = ++this.token;
    if (!target) return this.sync();
    const restore = this.saved?.key === target.key ? this.saved : undefined;
    if (target.detectedMask && !this.file) {
      this.file = { view: target.detectedMask, bytes: target.detectedMask.bytes };
      // Kept as "Use a mask file" either way; chosen only when nothing asked to paint.
      if (!restore && !this.preferred) this.setSource('file');
    }
    if (restore)
      this.setSource(
        (restore.source === 'file' && !this.file) || (restore.source === 'annotate' && !this.markupAvailable) ? 'paint' : restore.source,
      );
    else if (this.preferred) this.setSource(this.preferred);
    const bitmap = await decodeBitmap(target.bytes, target.mimeType);
    if (token !== this.token) return bitmap.close();
    this.painter = new MaskPainter(this.painterHost, bitmap);
    if (restore?.operations.length) this.painter.restore(restore.operations);
    this.painter.onDidChange(() => this.remember());
    this.remember();
    // Notes only where the model takes them: a second pair of full-size canvases is not free.
    if (this.markupAvailable) this.annotator = new MarkupPainter(this.annotateHost, bitmap);
    bitmap.close();
    if (hadPaint) this.say(t('The image to edit changed size, so the painted mask was cleared: paint it again.'));
    if (hadNotes) this.say(t('The image to edit changed size, so the notes were cleared: draw them again.'));
    this.sync();
    await this.checkFile();
  }

  /** The mask for the request; throws an Error whose message tells the user what to do. */
  async build(): Promise<MaskChoice> {
    const target = this.target;
    if (!target || this.source === 'none') return {};
    if (this.source === 'annotate') {
      if (!this.annotator?.hasNotes)
        throw new Error(t('Draw a note on the image first (a circle, an arrow, a short label), or choose another way to mark the change.'));
      return { markup: { bytes: await this.annotator.exportMarkup(target.width, target.height) } };
    }
    if (this.source === 'paint') {
      if (!this.painter?.hasPaint)
        throw new Error(t('Paint the area to change first (or choose “No mask”): an empty mask would edit nothing.'));
      const mask = await this.painter.exportMask(target.width, target.height);
      const saveMask =
        this.save.checked && !target.reframed ? await this.painter.exportMask(target.original.width, target.original.height) : undefined;
      return { mask: { bytes: mask }, ...(saveMask ? { saveMask } : {}) };
    }
    if (!this.file) throw new Error(t('Choose a mask file first (or paint the area to change).'));
    const problem = await validateMaskFile(this.file.bytes, target);
    if (problem) throw new Error(`${this.file.view.name}: ${problem.message}`);
    return { mask: { bytes: this.file.bytes, fileId: this.file.view.id } };
  }

  private async ensureAnnotator(): Promise<void> {
    const target = this.target;
    if (!target || this.annotator) return;
    const token = this.token;
    const bitmap = await decodeBitmap(target.bytes, target.mimeType);
    if (token === this.token && !this.annotator) this.annotator = new MarkupPainter(this.annotateHost, bitmap);
    bitmap.close();
    this.sync();
  }

  private syncMarkupChoice(): void {
    const label = this.element.querySelector<HTMLElement>('#mask-source-annotate-label');
    if (label) label.hidden = !this.markupAvailable;
  }

  private setSource(source: Source): void {
    this.source = source;
    const radio = this.element.querySelector<HTMLInputElement>(`#mask-source-${source}`);
    if (radio) radio.checked = true;
    this.sync();
    void this.checkFile();
    this.remember();
    this.changed();
  }

  // Into the webview state: the choice and the strokes of the painter on screen.
  private remember(): void {
    if (!this.target || !this.painter) return;
    this.saved = { key: this.target.key, source: this.source, operations: [...this.painter.operations] };
    this.store(this.saved);
  }

  private async pickFile(): Promise<void> {
    const view = await this.chooseFile();
    if (!view) return;
    this.file = { view, bytes: view.bytes };
    this.setSource('file');
  }

  private async checkFile(): Promise<void> {
    const target = this.target;
    this.problem.hidden = true;
    this.resize.hidden = true;
    if (this.source !== 'file' || !this.file || !target) return;
    const problem = await validateMaskFile(this.file.bytes, target);
    if (!problem) return;
    this.problem.textContent = problem.message;
    this.problem.hidden = false;
    if (problem.kind === 'dimensionMismatch') {
      this.resize.textContent = t('Resize the mask to {width}x{height}', { width: target.width, height: target.height });
      this.resize.hidden = false;
    }
  }

  private async resizeFile(): Promise<void> {
    if (!this.file || !this.target) return;
    this.file = { ...this.file, bytes: await resizeMaskPng(this.file.bytes, this.target.width, this.target.height) };
    this.say(
      t('{name} resized to {width}x{height} for this edit (the file itself is unchanged).', {
        name: this.file.view.name,
        width: this.target.width,
        height: this.target.height,
      }),
    );
    await this.checkFile();
    this.sync();
  }

  private sync(): void {
    const target = this.target;
    this.painterHost.hidden = this.source !== 'paint' || !target;
    this.annotateHost.hidden = this.source !== 'annotate' || !target;
    this.fileRow.hidden = this.source !== 'file';
    this.saveRow.hidden = this.source !== 'paint';
    this.fileName.textContent = this.file
      ? `${this.file.view.name} (${this.file.view.info.width}x${this.file.view.info.height})`
      : t('No mask file chosen.');
    const stem = target?.original.name.replace(/\.[^.]*$/, '') ?? t('image');
    this.save.disabled = !target || target.reframed;
    this.saveNote.textContent = target?.reframed
      ? t('Not available: the image is cropped for this model, so the mask would not fit the original.')
      : t('As {stem}.mask.png at {width}x{height} (never over an existing file).', {
          stem,
          width: target?.original.width ?? 0,
          height: target?.original.height ?? 0,
        });
  }
}
