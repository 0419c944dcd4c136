// The list of inputs of an edit or variation: a thumbnail, the facts from the header, what the
// chosen model needs and what preparation did (shown before anything is sent), and buttons to
// reorder and remove. The first image is the one the mask belongs to.
import type { EditInputView } from '../../shared/protocol';
import { h } from './dom';
import { summarize, type PreparedInput } from './inputPreparation';
import { t } from '../l10n';

/** One input as the edit mode holds it. */
export interface InputState {
  view: EditInputView;
  /** blob: URL of the original for the thumbnail (revoked on removal). */
  url: string;
  prepared?: PreparedInput;
  /** Preparation is running. */
  preparing?: boolean;
  /** Why it cannot be sent (preparation failed). */
  error?: string;
}

/** What the list asks of the edit mode. */
export interface InputsPanelHost {
  remove(index: number): void;
  makeFirst(index: number): void;
}

function sizeText(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Creates the thumbnail URL of an input. */
export function inputState(view: EditInputView): InputState {
  return { view, url: URL.createObjectURL(new Blob([view.bytes as Uint8Array<ArrayBuffer>], { type: view.mimeType })) };
}

/** Renders the inputs into `list` (replacing what was there). */
export function renderInputs(
  list: HTMLOListElement,
  inputs: readonly InputState[],
  mode: 'edit' | 'variation',
  host: InputsPanelHost,
): void {
  list.replaceChildren(
    ...inputs.map((s, i) => {
      const v = s.view;
      const role =
        i === 0
          ? mode === 'edit'
            ? t('Image to edit (the mask or the notes apply to it)')
            : t('Image to vary')
          : t('Reference {i}', { i });
      const facts = `${v.info.width}x${v.info.height} ${v.info.format.toUpperCase()}, ${sizeText(v.info.byteLength)}`;
      const prep = h('div', {
        class: 'prep',
        'data-prep': s.error ? 'error' : s.preparing ? 'working' : s.prepared?.bytes ? 'prepared' : 'as-is',
      });
      if (s.error) prep.append(h('p', { class: 'prep-error', role: 'alert' }, s.error));
      else if (s.preparing) prep.append(h('p', { class: 'note' }, t('Preparing for the model…')));
      else if (s.prepared) {
        if (s.prepared.reasons.length) prep.append(h('p', { class: 'note prep-reasons' }, s.prepared.reasons.join(' ')));
        prep.append(h('p', { class: 'prep-steps' }, summarize(s.prepared)));
      }
      const actions = h('div', { class: 'input-actions', role: 'group', 'aria-label': t('Actions for {name}', { name: v.name }) });
      if (i > 0) {
        const first = h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': t('Make {name} the image to edit', { name: v.name }),
            'data-action': 'makeFirst',
          },
          t('Make first'),
        );
        first.addEventListener('click', () => host.makeFirst(i));
        actions.append(first);
      }
      const remove = h(
        'button',
        { type: 'button', class: 'secondary', 'aria-label': t('Remove {name} from the inputs', { name: v.name }), 'data-action': 'remove' },
        t('Remove'),
      );
      remove.addEventListener('click', () => host.remove(i));
      actions.append(remove);
      return h(
        'li',
        { class: 'input', 'data-input-id': v.id },
        h('img', { src: s.url, alt: `${role}: ${v.name}` }),
        h(
          'div',
          { class: 'input-text' },
          h('p', { class: 'input-name' }, h('strong', {}, v.name), ' ', h('span', { class: 'note' }, role)),
          h('p', { class: 'note' }, facts),
          prep,
        ),
        actions,
      );
    }),
  );
}
