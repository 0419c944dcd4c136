// Full-size views over the Studio, as modal <dialog>s (Escape closes, focus returns): the
// lightbox for one result, and Compare for an edit: original and result with a slider or side by
// side (with the notes of a markup edit over the original between them), and a heat map of what
// changed outside the mask.
import { changeHeatMap, rgbaAt } from '../image/changeHeatMap';
import { h } from './dom';
import { t } from '../l10n';

/** An image as bytes (a blob: URL is made and freed here). */
export interface ImageBytes {
  bytes: Uint8Array;
  mimeType: string;
}

/** A modal dialog with a title bar and Close; removed from the page when closed. */
export function dialog(label: string, ...content: Array<Node | undefined>): HTMLDialogElement {
  const close = h(
    'button',
    { type: 'button', class: 'secondary dialog-close', 'aria-label': t('Close'), 'data-action': 'close' },
    t('Close'),
  );
  const d = h(
    'dialog',
    { class: 'overlay', 'aria-label': label },
    h('div', { class: 'overlay-bar' }, h('h2', {}, label), close),
    ...content,
  );
  close.addEventListener('click', () => d.close());
  d.addEventListener('click', (e) => {
    if (e.target === d) d.close();
  });
  d.addEventListener('close', () => d.remove());
  // Escape closes the dialog, not the running job.
  d.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') e.stopPropagation();
  });
  document.body.append(d);
  d.showModal();
  return d;
}

/** A blob: URL for `image`, revoked when `owner` closes. */
export function blobUrl(image: ImageBytes, owner: HTMLDialogElement): string {
  const url = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mimeType }));
  owner.addEventListener('close', () => URL.revokeObjectURL(url));
  return url;
}

/** Shows one image at its full size (scrollable when larger than the panel). */
export function openLightbox(src: string, alt: string, title: string): HTMLDialogElement {
  const d = dialog(title, h('div', { class: 'lightbox-stage' }, h('img', { src, alt })));
  d.id = 'lightbox';
  return d;
}

/** Original and result of an edit; `mask` (alpha 0 = asked to change) enables the heat map; `markup` shows the notes. */
export async function openCompare(
  name: string,
  original: ImageBytes,
  result: ImageBytes,
  mask: ImageBytes | undefined,
  markup?: ImageBytes,
): Promise<HTMLDialogElement> {
  const views = h('div', { class: 'compare-modes', role: 'radiogroup', 'aria-label': t('Compare view') });
  const stage = h('div', { class: 'compare-stage' });
  const summary = h('p', { class: 'note', id: 'compare-summary', role: 'status' });
  const d = dialog(t('Compare: {name}', { name }), views, stage, summary);
  d.id = 'compare';
  const originalUrl = blobUrl(original, d);
  const resultUrl = blobUrl(result, d);
  const markupUrl = markup && blobUrl(markup, d);

  const slider = () => {
    const top = h('img', { src: originalUrl, alt: t('Original'), class: 'compare-top' });
    const divider = h('div', { class: 'compare-divider', 'aria-hidden': 'true' });
    const range = h('input', {
      type: 'range',
      min: 0,
      max: 100,
      value: 50,
      id: 'compare-position',
      'aria-label': t('Divider position: original on the left, result on the right'),
    });
    const place = () => {
      top.style.clipPath = `inset(0 ${100 - Number(range.value)}% 0 0)`;
      divider.style.left = `${range.value}%`;
    };
    range.addEventListener('input', place);
    place();
    stage.replaceChildren(compareFrame(resultUrl, [top, divider], range));
    summary.textContent = t('Left of the divider: the original; right: the result.');
  };
  const sideBySide = () => {
    // A markup edit: the notes as sent, drawn over the original, between the original and the result.
    const notes =
      markupUrl &&
      h(
        'figure',
        { class: 'compare-notes' },
        h(
          'div',
          { class: 'compare-notes-stack' },
          h('img', { src: originalUrl, alt: '' }),
          h('img', { src: markupUrl, alt: t('Your notes over the original'), class: 'compare-notes-layer' }),
        ),
        h('figcaption', {}, t('Your notes')),
      );
    stage.replaceChildren(
      h(
        'div',
        { class: markupUrl ? 'compare-side compare-side--three' : 'compare-side' },
        h('figure', {}, h('img', { src: originalUrl, alt: t('Original') }), h('figcaption', {}, t('Original'))),
        ...(notes ? [notes] : []),
        h('figure', {}, h('img', { src: resultUrl, alt: t('Result') }), h('figcaption', {}, t('Result'))),
      ),
    );
    summary.textContent = markupUrl ? t('The original, the notes sent with it (markup), and the result.') : '';
  };
  const heat = async () => {
    summary.textContent = t('Comparing pixels…');
    const bitmap = await createImageBitmap(new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: result.mimeType }));
    const { width, height } = bitmap;
    bitmap.close();
    const [o, r, m] = await Promise.all([
      rgbaAt(original.bytes, original.mimeType, width, height),
      rgbaAt(result.bytes, result.mimeType, width, height),
      mask ? rgbaAt(mask.bytes, mask.mimeType, width, height) : Promise.resolve(undefined),
    ]);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.className = 'compare-heat';
    canvas.setAttribute('role', 'img');
    stage.replaceChildren(compareFrame(resultUrl, [canvas]));
    // The painted area in the theme's colour (read from the stylesheet), so it shows on dark themes too.
    const map = changeHeatMap(o, r, m, { painted: cssRgb(getComputedStyle(canvas).color) });
    canvas.getContext('2d')?.putImageData(map.image, 0, 0);
    const share = map.protectedPixels ? (100 * map.changedPixels) / map.protectedPixels : 0;
    canvas.setAttribute('aria-label', t('Changes outside the mask: {share}% of the protected pixels', { share: share.toFixed(1) }));
    const args = { share: share.toFixed(1) };
    summary.textContent = mask
      ? t('{share}% of the pixels outside the mask changed (red; stronger = more). Blue: the painted area.', args)
      : t('{share}% of the pixels outside the mask changed (red; stronger = more). No mask: every pixel counts.', args);
    summary.dataset.changedShare = share.toFixed(3);
  };
  const modes: Array<[string, string, () => void | Promise<void>]> = [
    ['slider', t('Slider'), slider],
    ['side', t('Side by side'), sideBySide],
    ['heat', t('Changes outside the mask'), heat],
  ];
  // With notes, side by side comes first: it is the view that shows them.
  const first = markupUrl ? 'side' : 'slider';
  for (const [value, label, show] of modes) {
    const input = h('input', { type: 'radio', name: 'compare-mode', id: `compare-${value}`, value, checked: value === first });
    input.addEventListener('change', () => {
      if (input.checked)
        void Promise.resolve(show()).catch((err: unknown) => {
          summary.textContent = t('Could not compare: {problem}', { problem: String(err) });
        });
    });
    views.append(input, h('label', { for: input.id }, label));
  }
  if (markupUrl) sideBySide();
  else slider();
  return d;
}

/**
 * The result with `layers` over it, at the image's own aspect (a small image enlarged, a tall one
 * kept inside the panel), and `below` (the slider) exactly as wide as the image.
 */
function compareFrame(resultUrl: string, layers: Node[], below?: Node): HTMLElement {
  const base = h('img', { src: resultUrl, alt: t('Result') });
  const frame = h('div', { class: 'compare-frame' }, h('div', { class: 'compare-slider' }, base, ...layers), ...(below ? [below] : []));
  base.addEventListener('load', () => {
    if (base.naturalHeight) frame.style.width = `min(640px, 80vw, calc(70vh * ${base.naturalWidth / base.naturalHeight}))`;
  });
  return frame;
}

/** "rgb(r, g, b)" or "rgba(…)" as computed by the browser → [r, g, b]; grey when unreadable. */
function cssRgb(color: string): [number, number, number] {
  const [r = 128, g = 128, b = 128] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b];
}
