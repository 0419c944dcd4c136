// One saved result's card: the image (a click opens it at full size), a caption whose path is cut
// in the middle so that a batch's names stay told apart by their ends, one primary action
// (Insert), Details, and everything else behind the overflow menu. A missing file's card says so
// and offers only what still makes sense.
import type { ResultActionMessage, ResultView } from '../../shared/protocol';
import type { CardMenus, MenuItem } from './cardMenu';
import { h } from './dom';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../l10n';

/** Actions the webview itself runs (no host file access needed, or several messages). */
export type LocalAction = 'copyImage' | 'useSettings' | 'regenerate' | 'compare' | 'lightbox';

/** What a card asks of the gallery's owner. */
export interface CardHost {
  action(message: ResultActionMessage): void;
  local(action: LocalAction, result: ResultView): void;
  details(resultId: string): Promise<string | undefined>;
  /** True when the original of this edit is known (Compare is offered). */
  canCompare(resultId: string): boolean;
  /** The page's card menus (one open at a time). */
  menus: CardMenus;
}

/** At most this many characters of a path's end always stay visible. */
const TAIL = 16;

/** The end that tells a batch's files apart: the last two `-` parts (`101500-3.png`), else the last characters. */
export function pathTail(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const parts = name.split('-');
  const two = parts.length >= 3 ? parts.slice(-2).join('-') : '';
  const tail = two && two.length <= TAIL ? two : name.slice(-Math.min(TAIL, name.length));
  return tail.length < path.length ? tail : path;
}

/** Alt text: the prompt on one line, bounded. */
export function shortAlt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat || t('Generated image');
}

/** A path as head (ellipsized by CSS) and tail (kept whole), so truncation happens in the middle. */
export function middleCut(path: string): HTMLElement {
  const tail = pathTail(path);
  const head = path.slice(0, path.length - tail.length);
  // Head and tail together are the whole path, so they are read as they are (a plain span may
  // carry no aria-label, and a hidden copy would double the text).
  return h('span', { class: 'path', title: path }, h('span', { class: 'path-head' }, head), h('span', { class: 'path-tail' }, tail));
}

function menuItems(r: ResultView, host: CardHost): MenuItem[] {
  const send = (message: ResultActionMessage) => () => host.action(message);
  const local = (a: LocalAction) => () => host.local(a, r);
  const name = r.fileName;
  if (r.missing) {
    return [
      { action: 'useSettings', label: t('Use these settings'), hint: t('Use the settings of {name}', { name }), run: local('useSettings') },
      {
        action: 'removeResult',
        label: t('Remove from gallery'),
        hint: t('Remove {name} from the gallery', { name }),
        run: send({ type: 'removeResult', resultId: r.id }),
        separated: true,
      },
    ];
  }
  const items: MenuItem[] = [
    {
      action: 'openImage',
      label: t('Open'),
      hint: t('Open {name} in an editor', { name }),
      run: send({ type: 'openImage', resultId: r.id }),
    },
    {
      action: 'revealImage',
      label: t('Reveal in Explorer'),
      hint: t('Reveal {name} in the Explorer', { name }),
      run: send({ type: 'revealImage', resultId: r.id }),
    },
    { action: 'copyImage', label: t('Copy image'), hint: t('Copy the image {name} to the clipboard', { name }), run: local('copyImage') },
    {
      action: 'copyPath',
      label: t('Copy path'),
      hint: t('Copy the relative path of {name}', { name }),
      run: send({ type: 'copyPath', resultId: r.id }),
    },
    {
      action: 'useAsInput',
      label: t('Edit…'),
      hint: t('Use {name} as the input of an edit', { name }),
      run: send({ type: 'useAsInput', resultId: r.id, purpose: 'edit' }),
    },
    {
      action: 'useAsVariation',
      label: t('Variation…'),
      hint: t('Use {name} as the input of a variation', { name }),
      run: send({ type: 'useAsInput', resultId: r.id, purpose: 'variation' }),
    },
    {
      action: 'useSettings',
      label: t('Use these settings'),
      hint: t('Put the prompt and settings of {name} into the form', { name }),
      run: local('useSettings'),
    },
    {
      action: 'regenerate',
      label: t('Regenerate'),
      hint: t('Generate again with the settings of {name}', { name }),
      run: local('regenerate'),
    },
  ];
  items.push({
    action: 'addToAssets',
    label: t('Add to Image Assets'),
    hint: t('Declare {name} in the nearest image-studio.json from its sidecar', { name }),
    run: send({ type: 'addToAssets', resultId: r.id }),
  });
  if (host.canCompare(r.id))
    items.push({
      action: 'compare',
      label: t('Compare with the original'),
      hint: t('Compare {name} with the image it was edited from', { name }),
      run: local('compare'),
    });
  items.push(
    {
      action: 'removeResult',
      label: t('Remove from gallery'),
      hint: t('Remove {name} from the gallery (the file stays)', { name }),
      run: send({ type: 'removeResult', resultId: r.id }),
      separated: true,
    },
    {
      action: 'deleteResult',
      label: t('Delete file…'),
      hint: t('Delete {name} and its sidecar (asks first)', { name }),
      run: send({ type: 'deleteResult', resultId: r.id }),
    },
  );
  return items;
}

function detailsPanel(id: string, r: ResultView): HTMLElement {
  const dl = h('dl', {});
  const add = (term: string, value: string | undefined) => {
    if (value) dl.append(h('dt', {}, term), h('dd', {}, value));
  };
  add(t('Prompt'), r.prompt);
  add(t('Revised prompt'), r.revisedPrompt);
  add(t('Model'), r.model);
  add(t('Route'), r.route);
  add(t('Usage'), r.usage);
  add(t('Cost'), r.cost);
  add(t('Request id'), r.requestId);
  add(t('File'), r.relativePath);
  return h('div', { class: 'details', id, hidden: true }, dl);
}

async function toggleDetails(toggle: HTMLButtonElement, panel: HTMLElement, r: ResultView, host: CardHost): Promise<void> {
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', String(open));
  panel.hidden = !open;
  if (!open || !r.hasSidecar || r.missing || panel.querySelector('pre')) return;
  const json = await host.details(r.id).catch((err: unknown) => t('Could not read the sidecar: {problem}', { problem: errorMessage(err) }));
  if (json && !panel.querySelector('pre'))
    panel.append(
      h('p', { class: 'note' }, t('Sidecar')),
      h('pre', { tabindex: 0, 'aria-label': t('Sidecar of {fileName}', { fileName: r.fileName }) }, json),
    );
}

/** Fills `li` with the card of `r`; `img` is the element that shows the image (kept across previews). */
export function fillCard(li: HTMLLIElement, r: ResultView, img: HTMLImageElement, host: CardHost): void {
  li.className = r.missing ? 'card missing' : 'card';
  li.removeAttribute('aria-busy');
  li.dataset.resultId = r.id;
  li.dataset.model = r.model;
  li.dataset.kind = r.kind ?? 'generate';
  // An image that cannot be previewed (an SVG over the size bound) says why in place of the picture.
  img.alt = r.image.kind === 'none' ? r.image.note : shortAlt(r.prompt);
  const frame = h('div', { class: 'frame' });
  if (r.missing) {
    img.removeAttribute('src');
    frame.append(h('p', { class: 'missing-note' }, t('File missing: deleted or moved')));
  } else {
    const zoom = h(
      'button',
      {
        type: 'button',
        class: 'frame-button',
        'aria-label': t('View {fileName} at full size', { fileName: r.fileName }),
        'data-action': 'lightbox',
      },
      img,
    );
    zoom.addEventListener('click', () => host.local('lightbox', r));
    frame.append(zoom);
  }
  const badge = r.kind && r.kind !== 'generate' ? h('span', { class: 'badge' }, r.kind === 'edit' ? 'edit' : 'variation') : undefined;
  const caption = h(
    'figcaption',
    {},
    middleCut(r.relativePath),
    h('span', { class: 'meta' }, badge, h('span', { class: 'model' }, r.model)),
  );
  const actions = h('div', { class: 'card-actions', role: 'group', 'aria-label': t('Actions for {fileName}', { fileName: r.fileName }) });
  if (!r.missing) {
    const insert = h(
      'button',
      {
        type: 'button',
        'aria-label': t('Insert {fileName} into the active document', { fileName: r.fileName }),
        'data-action': 'insertImage',
      },
      t('Insert'),
    );
    insert.addEventListener('click', () => host.action({ type: 'insertImage', resultId: r.id }));
    actions.append(insert);
  }
  const detailsId = `details-${r.id}`;
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-expanded': 'false',
      'aria-controls': detailsId,
      'aria-label': t('Details of {fileName}', { fileName: r.fileName }),
      'data-action': 'details',
    },
    t('Details'),
  );
  const details = detailsPanel(detailsId, r);
  toggle.addEventListener('click', () => void toggleDetails(toggle, details, r, host));
  actions.append(toggle, host.menus.menu(r.fileName, menuItems(r, host)));
  li.replaceChildren(h('figure', {}, frame, caption), actions, details);
}
