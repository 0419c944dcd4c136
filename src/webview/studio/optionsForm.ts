// Renders the option controls of the chosen model from its ModelChoice: only what the model
// supports, with combinations the API refuses disabled (and said why), every control labelled.
import type { OutputFormat } from '../../core/types';
import type { ModelChoice } from '../../shared/protocol';
import {
  backgroundAllowed,
  compressionApplies,
  formatAllowed,
  freeSizeProblem,
  hasField,
  valuesFor,
  type EnumField,
  type StudioSelection,
} from '../../shared/studioOptions';
import { h } from './dom';
import { t } from '../l10n';

/** The size select's value that reveals the typed-size field. */
const CUSTOM = 'custom';

const FORMAT_LABELS: Record<OutputFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF (animated)', svg: 'SVG (vector)' };
const FORMATS: readonly string[] = Object.keys(FORMAT_LABELS);

/** A row of the options grid: a label and its control. */
function row(id: string, label: string, control: HTMLElement, note?: string): HTMLElement {
  const noteEl = note ? h('p', { class: 'note', id: `${id}-note` }, note) : undefined;
  if (noteEl) control.setAttribute('aria-describedby', noteEl.id);
  return h('div', { class: 'field', 'data-field': id }, h('label', { for: id }, label), control, noteEl);
}

function select(
  id: string,
  values: Array<{ value: string; label: string; disabled?: boolean; title?: string }>,
  current: string,
): HTMLSelectElement {
  const el = h('select', { id, name: id });
  for (const v of values) el.append(h('option', { value: v.value, disabled: v.disabled, title: v.title }, v.label));
  el.value = current;
  return el;
}

function enumControl(
  choice: ModelChoice,
  field: EnumField,
  current: string,
  disabled?: (value: string) => string | undefined,
): HTMLElement {
  const values = valuesFor(choice, field);
  if (values === undefined) return h('input', { id: field, name: field, type: 'text', value: current, spellcheck: 'false', maxlength: 40 });
  return select(
    field,
    values.map((value) => {
      const why = disabled?.(value);
      return { value, label: why ? `${value} (${why})` : value, disabled: why !== undefined, title: why };
    }),
    current,
  );
}

/** Builds every control for this model and selection. */
export function renderOptions(models: readonly ModelChoice[], choice: ModelChoice, sel: StudioSelection): HTMLElement[] {
  const rows: HTMLElement[] = [];
  const modelNote =
    choice.status.message ?? (choice.known ? undefined : t('Not in the capability table: options are passed through unchecked.'));
  rows.push(
    row(
      'model',
      t('Model'),
      select(
        'model',
        models.map((m) => ({
          value: m.model,
          label: m.status.state === 'deprecated' ? `${m.label} (deprecated)` : m.label,
        })),
        choice.model,
      ),
      modelNote,
    ),
  );
  const sizes = choice.sizes.map((s) => ({ value: s, label: s === 'auto' ? 'auto' : s.replace('x', ' × ') }));
  if (choice.freeSize) sizes.push({ value: CUSTOM, label: t('Custom…') });
  rows.push(row('size', t('Size'), select('size', sizes, choice.freeSize && sel.useCustomSize ? CUSTOM : sel.size)));
  if (choice.freeSize && sel.useCustomSize) {
    const typed = sel.customSize ?? '';
    const problem = typed ? freeSizeProblem(choice.freeSize, typed) : undefined;
    const input = h('input', {
      id: 'customSize',
      name: 'customSize',
      type: 'text',
      value: typed,
      placeholder: 'e.g. 2048x1152',
      spellcheck: 'false',
      maxlength: 11,
      'aria-invalid': problem ? 'true' : undefined,
    });
    rows.push(
      row(
        'customSize',
        t('Custom size'),
        input,
        problem ??
          t('Multiples of {multipleOf}, up to {maxEdge} px per side, aspect 1:3 to 3:1.', {
            multipleOf: choice.freeSize.multipleOf,
            maxEdge: choice.freeSize.maxEdge,
          }),
      ),
    );
  }
  if (hasField(choice, 'quality')) rows.push(row('quality', t('Quality'), enumControl(choice, 'quality', sel.quality)));
  if (hasField(choice, 'style')) rows.push(row('style', t('Style'), enumControl(choice, 'style', sel.style)));
  if (hasField(choice, 'background')) {
    rows.push(
      row(
        'background',
        t('Background'),
        enumControl(choice, 'background', sel.background, (b) =>
          backgroundAllowed(choice, b, sel.outputFormat) ? undefined : `not with ${sel.outputFormat.toUpperCase()}`,
        ),
      ),
    );
  }
  if (choice.outputFormats.length) {
    const formats = choice.outputFormats.map((f) => {
      const ok = formatAllowed(choice, f, sel.background);
      return {
        value: f,
        label: ok ? FORMAT_LABELS[f] : t('{format} (no transparency)', { format: FORMAT_LABELS[f] }),
        disabled: !ok,
        title: ok ? undefined : t('A transparent background needs PNG or WebP.'),
      };
    });
    const limit = sel.outputFormat !== '' ? choice.formatRules?.[sel.outputFormat] : undefined;
    const note =
      limit?.maxN === 1 ? t('{format}: one image per request.', { format: FORMAT_LABELS[sel.outputFormat as OutputFormat] }) : undefined;
    rows.push(row('outputFormat', t('Format'), select('outputFormat', formats, sel.outputFormat), note));
  }
  if (sel.outputFormat === 'gif' && choice.animation) {
    const a = choice.animation;
    rows.push(
      row(
        'gifFrames',
        t('Frames'),
        h('input', {
          id: 'gifFrames',
          name: 'gifFrames',
          type: 'number',
          min: a.minFrames,
          max: a.maxFrames,
          step: 1,
          value: sel.gifFrames || a.defaultFrames,
          inputmode: 'numeric',
        }),
        t('{minFrames}–{maxFrames} frames, all on one sheet at most {maxSheetEdge} px on its long edge.', {
          minFrames: a.minFrames,
          maxFrames: a.maxFrames,
          maxSheetEdge: a.maxSheetEdge,
        }),
      ),
    );
    rows.push(
      row(
        'gifFrameMs',
        t('Frame time (ms)'),
        h('input', {
          id: 'gifFrameMs',
          name: 'gifFrameMs',
          type: 'number',
          min: 10,
          max: 10000,
          step: 10,
          value: sel.gifFrameMs || a.defaultFrameMs,
          inputmode: 'numeric',
        }),
      ),
    );
  }
  if (hasField(choice, 'complexity')) {
    const values = valuesFor(choice, 'complexity');
    const dflt = choice.complexityDefault ? `default (${choice.complexityDefault})` : 'default';
    const control =
      values === undefined
        ? enumControl(choice, 'complexity', sel.complexity ?? '')
        : select('complexity', [{ value: '', label: dflt }, ...values.map((value) => ({ value, label: value }))], sel.complexity ?? '');
    rows.push(
      row(
        'complexity',
        t('Complexity'),
        control,
        t('How much the model plans before rendering: higher suits dense text and layouts, lower suits small edits.'),
      ),
    );
  }
  if (compressionApplies(choice, sel.outputFormat)) {
    const range = h('input', {
      id: 'outputCompression',
      name: 'outputCompression',
      type: 'range',
      min: 0,
      max: 100,
      step: 5,
      value: sel.outputCompression,
    });
    const out = h('output', { for: 'outputCompression', id: 'outputCompression-value' }, `${sel.outputCompression}%`);
    const field = row('outputCompression', t('Compression'), range);
    field.classList.add('with-output');
    field.append(out);
    rows.push(field);
  }
  if (hasField(choice, 'moderation')) rows.push(row('moderation', t('Moderation'), enumControl(choice, 'moderation', sel.moderation)));
  if (hasField(choice, 'inputFidelity')) {
    // Empty leaves the field out of the request: the model's own default.
    const values = valuesFor(choice, 'inputFidelity');
    const control =
      values === undefined
        ? enumControl(choice, 'inputFidelity', sel.inputFidelity ?? '')
        : select(
            'inputFidelity',
            [{ value: '', label: t('default') }, ...values.map((value) => ({ value, label: value }))],
            sel.inputFidelity ?? '',
          );
    rows.push(
      row(
        'inputFidelity',
        t('Input fidelity'),
        control,
        t('How closely the result keeps the features (faces especially) and style of the inputs.'),
      ),
    );
  }
  rows.push(
    row(
      'n',
      t('Images'),
      h('input', { id: 'n', name: 'n', type: 'number', min: 1, max: 10, step: 1, value: sel.n, inputmode: 'numeric' }),
      choice.maxN < sel.n
        ? t('{model} makes {maxN} per request; the rest run as parallel requests.', { model: choice.model, maxN: choice.maxN })
        : undefined,
    ),
  );
  if (choice.streaming) {
    const box = h('input', { id: 'stream', name: 'stream', type: 'checkbox', checked: sel.stream });
    box.checked = sel.stream;
    rows.push(
      h(
        'div',
        { class: 'field checkbox', 'data-field': 'stream' },
        box,
        h('label', { for: 'stream' }, t('Show previews while generating')),
      ),
    );
    if (sel.stream && choice.maxPartialImages > 1) {
      const counts = Array.from({ length: choice.maxPartialImages }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
      rows.push(row('partialImages', t('Previews'), select('partialImages', counts, String(sel.partialImages))));
    }
  }
  return rows;
}

/** Reads one changed control back into a selection (the caller normalises the result). */
export function readControl(sel: StudioSelection, target: EventTarget | null): StudioSelection | undefined {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return undefined;
  const v = target.value;
  switch (target.id) {
    case 'model':
      return { ...sel, model: v };
    case 'size':
      return v === CUSTOM ? { ...sel, useCustomSize: true, customSize: sel.customSize || '' } : { ...sel, size: v, useCustomSize: false };
    case 'customSize':
      return { ...sel, customSize: v.trim() };
    case 'quality':
      return { ...sel, quality: v.trim() };
    case 'style':
      return { ...sel, style: v.trim() };
    case 'background':
      return { ...sel, background: v.trim() };
    case 'moderation':
      return { ...sel, moderation: v.trim() };
    case 'inputFidelity':
      return { ...sel, inputFidelity: v.trim() };
    case 'outputFormat':
      return { ...sel, outputFormat: FORMATS.includes(v) ? (v as OutputFormat) : '' };
    case 'complexity':
      return { ...sel, complexity: v.trim() };
    case 'gifFrames':
      return { ...sel, gifFrames: Number(v) };
    case 'gifFrameMs':
      return { ...sel, gifFrameMs: Number(v) };
    case 'outputCompression':
      return { ...sel, outputCompression: Number(v) };
    case 'n':
      return { ...sel, n: Number(v) };
    case 'stream':
      return { ...sel, stream: target instanceof HTMLInputElement && target.checked };
    case 'partialImages':
      return { ...sel, partialImages: Number(v) };
    default:
      return undefined;
  }
}
