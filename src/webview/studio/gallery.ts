// The results gallery: one card per saved image, and for a running job one card per image whose
// streamed previews replace each other in place until the final image takes the same card.
import type { ImageSource, PartialImageMessage, ResultActionMessage, ResultView } from '../../shared/protocol';
import { h } from './dom';

/** What the gallery asks of the app: run a result action, fetch a sidecar. */
export interface GalleryHost {
  action(message: ResultActionMessage): void;
  details(resultId: string): Promise<string | undefined>;
}

const ACTIONS: Array<{ label: string; aria: string; message: (id: string) => ResultActionMessage }> = [
  { label: 'Open', aria: 'Open in editor', message: (id) => ({ type: 'openImage', resultId: id }) },
  { label: 'Reveal', aria: 'Reveal in Explorer', message: (id) => ({ type: 'revealImage', resultId: id }) },
  { label: 'Copy path', aria: 'Copy relative path of', message: (id) => ({ type: 'copyPath', resultId: id }) },
  { label: 'Insert', aria: 'Insert into the active document', message: (id) => ({ type: 'insertImage', resultId: id }) },
  { label: 'Edit…', aria: 'Use as input for an edit:', message: (id) => ({ type: 'useAsInput', resultId: id, purpose: 'edit' }) },
  { label: 'Variation…', aria: 'Use as input for a variation:', message: (id) => ({ type: 'useAsInput', resultId: id, purpose: 'variation' }) },
];

function shortAlt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat || 'Generated image';
}

/** Renders results and previews into the gallery list; owns the blob: URLs it creates. */
export class Gallery {
  private readonly cards = new Map<string, HTMLLIElement>();
  private readonly slots = new Map<string, HTMLLIElement>();
  private readonly blobs = new WeakMap<HTMLImageElement, string>();

  constructor(private readonly list: HTMLUListElement, private readonly empty: HTMLElement, private readonly host: GalleryHost) {}

  /** Ids of the saved results, newest first. */
  ids(): string[] {
    return [...this.list.querySelectorAll<HTMLLIElement>('li[data-result-id]')].map((li) => li.dataset.resultId ?? '');
  }

  /** Replaces the whole gallery (after init). */
  setResults(results: readonly ResultView[]): void {
    for (const img of this.list.querySelectorAll('img')) this.releaseBlob(img);
    this.list.replaceChildren();
    this.cards.clear();
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
    img.alt = `Preview ${msg.partialIndex + 1} of image ${msg.imageIndex + 1}`;
    li.dataset.partialIndex = String(msg.partialIndex);
    const caption = li.querySelector('figcaption');
    if (caption) caption.textContent = `Preview ${msg.partialIndex + 1} · image ${msg.imageIndex + 1}`;
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
    const li = h('li', { class: 'card pending', 'data-job': jobId, 'data-image-index': imageIndex, 'aria-busy': 'true' },
      h('figure', {}, h('div', { class: 'frame' }), h('figcaption', {}, `Image ${imageIndex + 1}: waiting…`)));
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
    li.className = 'card';
    li.removeAttribute('aria-busy');
    li.dataset.resultId = r.id;
    // No longer a preview slot: drop the job's bookkeeping.
    delete li.dataset.job;
    delete li.dataset.imageIndex;
    delete li.dataset.partialIndex;
    let img = li.querySelector('img');
    if (!img) img = h('img', {});
    img.alt = shortAlt(r.prompt);
    this.setImage(img, r.image);
    const frame = h('div', { class: 'frame' }, img);
    const caption = h('figcaption', {}, h('span', { class: 'path', title: r.relativePath }, r.relativePath), h('span', { class: 'model' }, r.model));
    const actions = h('div', { class: 'card-actions', role: 'group', 'aria-label': `Actions for ${r.fileName}` });
    for (const a of ACTIONS) {
      const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `${a.aria} ${r.fileName}`, 'data-action': a.message(r.id).type }, a.label);
      button.addEventListener('click', () => this.host.action(a.message(r.id)));
      actions.append(button);
    }
    const detailsId = `details-${r.id}`;
    const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': detailsId, 'aria-label': `Details of ${r.fileName}`, 'data-action': 'details' }, 'Details');
    const details = this.detailsPanel(detailsId, r);
    toggle.addEventListener('click', () => void this.toggleDetails(toggle, details, r));
    actions.append(toggle);
    li.replaceChildren(h('figure', {}, frame, caption), actions, details);
    this.cards.set(r.id, li);
  }

  private detailsPanel(id: string, r: ResultView): HTMLElement {
    const dl = h('dl', {});
    const add = (term: string, value: string | undefined) => { if (value) dl.append(h('dt', {}, term), h('dd', {}, value)); };
    add('Prompt', r.prompt);
    add('Revised prompt', r.revisedPrompt);
    add('Model', r.model);
    add('Route', r.route);
    add('Usage', r.usage);
    add('Request id', r.requestId);
    add('File', r.relativePath);
    return h('div', { class: 'details', id, hidden: true }, dl);
  }

  private async toggleDetails(toggle: HTMLButtonElement, panel: HTMLElement, r: ResultView): Promise<void> {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (!open || !r.hasSidecar || panel.querySelector('pre')) return;
    const json = await this.host.details(r.id).catch((err: unknown) => `Could not read the sidecar: ${err instanceof Error ? err.message : String(err)}`);
    if (json && !panel.querySelector('pre')) panel.append(h('p', { class: 'note' }, 'Sidecar'), h('pre', { tabindex: 0, 'aria-label': `Sidecar of ${r.fileName}` }, json));
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
    if (li.dataset.resultId) this.cards.delete(li.dataset.resultId);
    li.remove();
  }

  private updateEmpty(): void {
    this.empty.hidden = this.list.children.length > 0;
  }
}
