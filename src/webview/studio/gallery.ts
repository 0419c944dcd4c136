// The results gallery: one card per saved image, and for a running job one card per image whose
// streamed previews replace each other in place until the final image takes the same card. A job
// reserves its cards when it starts, so there is something to look at before the first preview.
import type { ImageSource, PartialImageMessage, ResultView } from '../../shared/protocol';
import { h } from './dom';
import { fillCard, type CardHost } from './resultCard';
import { t } from '../l10n';

/** What the gallery asks of the app (see CardHost). */
export type GalleryHost = CardHost;

/** What the filter bar narrows the gallery to. */
export interface GalleryFilter {
  text: string;
  model: string;
  kind: string;
}

/** Renders results and previews into the gallery list; owns the blob: URLs it creates. */
export class Gallery {
  private readonly cards = new Map<string, HTMLLIElement>();
  private readonly slots = new Map<string, HTMLLIElement>();
  private readonly blobs = new WeakMap<HTMLImageElement, string>();
  private readonly views = new Map<string, ResultView>();

  constructor(
    private readonly list: HTMLUListElement,
    private readonly empty: HTMLElement,
    private readonly host: GalleryHost,
  ) {}

  /** Ids of the saved results, newest first. */
  ids(): string[] {
    return [...this.list.querySelectorAll<HTMLLIElement>('li[data-result-id]')].map((li) => li.dataset.resultId ?? '');
  }

  /** Replaces the whole gallery (after init). */
  setResults(results: readonly ResultView[]): void {
    for (const img of this.list.querySelectorAll('img')) this.releaseBlob(img);
    this.list.replaceChildren();
    this.cards.clear();
    this.views.clear();
    this.slots.clear();
    for (const r of results) this.list.append(this.card(r));
    this.updateEmpty();
  }

  /** Puts results at the top, keeping their order; a result already shown moves up. */
  addResults(results: readonly ResultView[]): void {
    for (const r of [...results].reverse()) {
      const old = this.cards.get(r.id);
      if (old) this.removeCard(old);
      this.list.prepend(this.card(r));
    }
    this.updateEmpty();
  }

  /** Shows a streamed preview in its image's card, replacing the previous preview. */
  showPartial(msg: PartialImageMessage): void {
    const li = this.slot(msg.jobId, msg.imageIndex);
    const img = li.querySelector('img') ?? li.querySelector('figure')?.appendChild(h('img', { alt: '' }));
    if (!img) return;
    this.setImage(img, { kind: 'bytes', bytes: msg.bytes, mimeType: msg.mimeType });
    img.alt = t('Preview {preview} of image {image}', { preview: msg.partialIndex + 1, image: msg.imageIndex + 1 });
    li.dataset.partialIndex = String(msg.partialIndex);
    const caption = li.querySelector('figcaption');
    if (caption) caption.textContent = t('Preview {preview} · image {image}', { preview: msg.partialIndex + 1, image: msg.imageIndex + 1 });
  }

  /** The final image of a job: it takes over its preview card (same element, same place). */
  showSaved(jobId: string, result: ResultView): void {
    const key = `${jobId}:${result.index}`;
    const li = this.slots.get(key) ?? this.slot(jobId, result.index);
    this.slots.delete(key);
    const img = li.querySelector('img');
    if (img) this.releaseBlob(img);
    this.fill(li, result);
    this.updateEmpty();
  }

  /** Shows `count` waiting cards for a job that just started (before any preview or image). */
  reserve(jobId: string, count: number): void {
    for (let i = 0; i < count; i++) this.slot(jobId, i);
  }

  /** The first card of a job (to bring into view). */
  firstOfJob(jobId: string): HTMLLIElement | undefined {
    return [...this.slots.entries()].find(([k]) => k.startsWith(`${jobId}:`))?.[1];
  }

  /** Marks cards whose files are gone. */
  markMissing(ids: readonly string[]): void {
    for (const id of ids) {
      const li = this.cards.get(id);
      const r = this.views.get(id);
      if (li && r) this.fill(li, { ...r, missing: true });
    }
  }

  /** Takes cards out of the gallery. */
  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const li = this.cards.get(id);
      if (li) this.removeCard(li);
    }
    this.updateEmpty();
  }

  /** The URL the card's image shows (for the lightbox). */
  imageSource(id: string): string | undefined {
    return this.cards.get(id)?.querySelector('img')?.src || undefined;
  }

  /** The result behind a card. */
  view(id: string): ResultView | undefined {
    return this.views.get(id);
  }

  /** Every result shown (for totals and the filter's choices). */
  allViews(): ResultView[] {
    return this.ids()
      .map((id) => this.views.get(id))
      .filter((r): r is ResultView => r !== undefined);
  }

  /** Hides the cards that do not match; returns the results still shown, in gallery order. */
  applyFilter(f: GalleryFilter): ResultView[] {
    const text = f.text.trim().toLowerCase();
    const matches = (r: ResultView): boolean =>
      (!text || `${r.prompt} ${r.revisedPrompt ?? ''} ${r.relativePath}`.toLowerCase().includes(text)) &&
      (!f.model || r.model === f.model) &&
      (!f.kind || (r.kind ?? 'generate') === f.kind);
    for (const [id, li] of this.cards) {
      const r = this.views.get(id);
      li.hidden = !!r && !matches(r);
    }
    return this.allViews().filter(matches);
  }

  /** Removes the previews of a job that never produced their final image (cancelled, failed). */
  endJob(jobId: string): void {
    for (const [key, li] of this.slots) {
      if (!key.startsWith(`${jobId}:`)) continue;
      this.removeCard(li);
      this.slots.delete(key);
    }
    this.updateEmpty();
  }

  private slot(jobId: string, imageIndex: number): HTMLLIElement {
    const key = `${jobId}:${imageIndex}`;
    const existing = this.slots.get(key);
    if (existing) return existing;
    const li = h(
      'li',
      { class: 'card pending', 'data-job': jobId, 'data-image-index': imageIndex, 'aria-busy': 'true' },
      h('figure', {}, h('div', { class: 'frame' }), h('figcaption', {}, t('Image {image}: waiting…', { image: imageIndex + 1 }))),
    );
    const frame = li.querySelector('.frame');
    frame?.append(h('img', { alt: '' }));
    // Keep a job's cards together and in index order, newest job first.
    const siblings = [...this.slots.entries()].filter(([k]) => k.startsWith(`${jobId}:`)).map(([, el]) => el);
    const after = siblings.filter((el) => Number(el.dataset.imageIndex) < imageIndex).pop();
    if (after) after.after(li);
    else if (siblings[0]) siblings[0].before(li);
    else this.list.prepend(li);
    this.slots.set(key, li);
    this.updateEmpty();
    return li;
  }

  private card(result: ResultView): HTMLLIElement {
    const li = h('li', { class: 'card' });
    this.fill(li, result);
    return li;
  }

  private fill(li: HTMLLIElement, r: ResultView): void {
    // No longer a preview slot: drop the job's bookkeeping.
    delete li.dataset.job;
    delete li.dataset.imageIndex;
    delete li.dataset.partialIndex;
    const img = li.querySelector('img') ?? h('img', {});
    if (r.missing) this.releaseBlob(img);
    else this.setImage(img, r.image);
    fillCard(li, r, img, this.host);
    this.cards.set(r.id, li);
    this.views.set(r.id, r);
  }

  private setImage(img: HTMLImageElement, source: ImageSource): void {
    const previous = this.blobs.get(img);
    if (source.kind === 'none') {
      img.removeAttribute('src');
      img.alt = source.note;
      img.title = source.note;
      this.blobs.delete(img);
    } else if (source.kind === 'uri') {
      img.src = source.uri;
      this.blobs.delete(img);
    } else {
      const url = URL.createObjectURL(new Blob([source.bytes as Uint8Array<ArrayBuffer>], { type: source.mimeType }));
      img.src = url;
      this.blobs.set(img, url);
    }
    // The previous preview is no longer shown: free its memory.
    if (previous) URL.revokeObjectURL(previous);
  }

  private releaseBlob(img: HTMLImageElement): void {
    const url = this.blobs.get(img);
    if (url) URL.revokeObjectURL(url);
    this.blobs.delete(img);
  }

  private removeCard(li: HTMLLIElement): void {
    for (const img of li.querySelectorAll('img')) this.releaseBlob(img);
    if (li.dataset.resultId) {
      this.cards.delete(li.dataset.resultId);
      this.views.delete(li.dataset.resultId);
    }
    li.remove();
  }

  private updateEmpty(): void {
    this.empty.hidden = this.list.children.length > 0;
  }
}
