// Edit and variation mode of the Studio: the inputs (from the gallery, the Explorer or "Choose
// image…"), their preparation for the chosen model shown before sending, the mask, and the
// request that leaves with prepared bytes only (never a path).
import type { EditInputView, ModelChoice, StudioEditOptions, StudioEditParams } from '../../shared/protocol';
import { h } from './dom';
import { prepareInput, rulesFor, rulesKey } from './inputPreparation';
import { inputState, renderInputs, type InputState } from './inputsPanel';
import { MaskPanel, type SavedMask } from './maskPanel';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../l10n';

/** What edit mode asks of the app. */
export interface EditModeHost {
  /** Asks the host for a workspace image (its open dialog); undefined when cancelled. */
  choose(purpose: 'image' | 'mask'): Promise<EditInputView | undefined>;
  say(text: string): void;
}

/** The edit area: inputs, preparation and mask. */
export class EditMode {
  mode: 'edit' | 'variation' = 'edit';
  private inputs: Array<InputState & { key?: string }> = [];
  private choice: ModelChoice | undefined;
  private readonly heading = h('h2', { id: 'edit-heading' }, t('Edit an image'));
  private readonly hint = h('p', { class: 'note', id: 'edit-hint' });
  private readonly list = h('ol', { class: 'inputs', id: 'edit-inputs', 'aria-label': t('Input images') });
  private readonly count = h('span', { class: 'note', id: 'input-count' });
  private readonly chooseButton = h('button', { type: 'button', class: 'secondary', id: 'choose-input' }, t('Choose image…'));
  private readonly mask: MaskPanel;
  private ready: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(
    private readonly area: HTMLElement,
    private readonly host: EditModeHost,
    savedMask?: SavedMask,
    storeMask?: (mask: SavedMask) => void,
  ) {
    this.mask = new MaskPanel(
      () => host.choose('mask'),
      (t) => host.say(t),
      () => this.refresh(),
      savedMask,
      storeMask,
    );
    this.chooseButton.addEventListener('click', () => void this.chooseImage());
    area.setAttribute('aria-labelledby', 'edit-heading');
    area.replaceChildren(
      this.heading,
      this.hint,
      this.list,
      h('div', { class: 'edit-input-actions' }, this.chooseButton, this.count),
      this.mask.element,
    );
  }

  /** Shows or hides the area. */
  show(visible: boolean): void {
    this.area.hidden = !visible;
  }

  /** Switches between edit and variation, preparing again for the new rules. */
  setMode(mode: 'edit' | 'variation'): void {
    this.mode = mode;
    this.refresh();
  }

  /** The model chosen in the form (its rules decide what preparation is needed). */
  setModel(choice: ModelChoice | undefined): void {
    this.choice = choice;
    this.mask.setMarkupAvailable(!!choice?.editing?.markup);
    this.refresh();
  }

  /** Replaces the inputs (gallery "Edit…", the Explorer, Open Studio with an image); `maskSource` "paint" wins over a mask file beside. */
  setInputs(views: readonly EditInputView[], maskSource?: 'paint'): void {
    this.mask.preferSource(maskSource);
    for (const s of this.inputs) URL.revokeObjectURL(s.url);
    this.inputs = views.map(inputState);
    this.refresh();
  }

  /** The image the edit applies to, as it will be sent (for Compare), once a request was built. */
  sourceOf(params: StudioEditParams):
    | {
        original: { bytes: Uint8Array; mimeType: string };
        mask?: { bytes: Uint8Array; mimeType: string };
        markup?: { bytes: Uint8Array; mimeType: string };
      }
    | undefined {
    const [ref] = params.inputs;
    const first = this.inputs.find((s) => s.view.id === ref?.inputId);
    if (!first || !ref) return undefined;
    return {
      original: ref.bytes ? { bytes: ref.bytes, mimeType: 'image/png' } : { bytes: first.view.bytes, mimeType: first.view.mimeType },
      ...(params.mask ? { mask: { bytes: params.mask.bytes, mimeType: 'image/png' } } : {}),
      ...(params.markup ? { markup: { bytes: params.markup.bytes, mimeType: 'image/png' } } : {}),
    };
  }

  /** True when an input is loaded (an edit is in progress). */
  get hasInputs(): boolean {
    return this.inputs.length > 0;
  }

  /** The request for the host; throws an Error whose message says what to fix (nothing is sent then). */
  async buildParams(options: StudioEditOptions): Promise<StudioEditParams> {
    await this.ready;
    const rules = rulesFor(this.choice, this.mode, this.mode === 'edit' && this.mask.usesMask);
    if (!this.choice || !rules) throw new Error(this.unavailableText());
    const inputs = this.mode === 'variation' ? this.inputs.slice(0, 1) : this.inputs;
    if (inputs.length === 0) throw new Error(t('Choose an image first (“Choose image…”, or “Edit…” on a result).'));
    const max = this.choice.editing?.maxImages ?? 1;
    if (inputs.length > max)
      throw new Error(
        max === 1
          ? t('{model} takes at most 1 input image; remove {extra}.', { model: this.choice.label, extra: inputs.length - max })
          : t('{model} takes at most {max} input images; remove {extra}.', { model: this.choice.label, max, extra: inputs.length - max }),
      );
    const broken = inputs.find((s) => s.error);
    if (broken) throw new Error(`${broken.view.name}: ${broken.error}`);
    const mask = this.mode === 'edit' ? await this.mask.build() : {};
    return {
      mode: this.mode,
      options,
      inputs: inputs.map((s) => ({
        inputId: s.view.id,
        ...(s.prepared?.bytes ? { bytes: s.prepared.bytes, steps: s.prepared.steps } : {}),
      })),
      ...mask,
    };
  }

  /** Adds an input (dropped on the Studio): the image to vary, or the next reference of an edit. */
  addInput(view: EditInputView): void {
    if (this.mode === 'variation') this.setInputs([view]);
    else {
      this.inputs.push(inputState(view));
      this.refresh();
    }
  }

  private async chooseImage(): Promise<void> {
    try {
      const view = await this.host.choose('image');
      if (!view) return;
      if (this.mode === 'variation') this.setInputs([view]);
      else {
        this.inputs.push(inputState(view));
        this.refresh();
      }
    } catch (err) {
      this.host.say(errorMessage(err));
    }
  }

  private unavailableText(): string {
    const name = this.choice?.label ?? t('This model');
    return this.mode === 'edit'
      ? t('{name} cannot edit images with this provider: choose another model.', { name })
      : t('{name} cannot make variations with this provider: choose another model.', { name });
  }

  /** Prepares every input that the current rules need converted (one at a time), then renders. */
  private refresh(): void {
    const generation = ++this.generation;
    this.ready = this.prepareAll(generation).catch((err: unknown) => this.host.say(String(err)));
  }

  private async prepareAll(generation: number): Promise<void> {
    const rules = rulesFor(this.choice, this.mode, this.mode === 'edit' && this.mask.usesMask);
    this.render(rules ? undefined : this.unavailableText());
    if (!rules) return;
    const key = rulesKey(rules);
    for (const s of this.inputs) {
      if (s.key === key) continue;
      s.preparing = true;
      this.render();
      try {
        s.prepared = await prepareInput(s.view, rules);
        s.error = undefined;
      } catch (err) {
        s.prepared = undefined;
        s.error = errorMessage(err);
      }
      s.preparing = false;
      s.key = key;
      if (generation !== this.generation) return;
    }
    this.render();
    const first = this.inputs[0];
    const p = first?.prepared;
    await this.mask.setTarget(
      this.mode === 'edit' && first && p
        ? {
            key: `${first.view.id}:${p.width}x${p.height}`,
            bytes: p.bytes ?? first.view.bytes,
            mimeType: p.bytes ? 'image/png' : first.view.mimeType,
            width: p.width,
            height: p.height,
            original: { width: first.view.info.width, height: first.view.info.height, name: first.view.name },
            reframed: p.reframed,
            detectedMask: first.view.maskFile,
          }
        : undefined,
    );
  }

  private render(problem?: string): void {
    const edit = this.mode === 'edit';
    this.heading.textContent = edit ? t('Edit an image') : t('Make variations');
    this.hint.textContent =
      problem ??
      (edit
        ? this.choice?.editing?.markup
          ? t(
              'The first image is the one to edit; more images are references. Paint where it should change, or draw notes on it (circle, arrow, label), and describe the whole new image.',
            )
          : t(
              'The first image is the one to edit; more images are references. Paint where it should change and describe the whole new image.',
            )
        : t('Variations of one image; the prompt, if any, is the instruction used when the model has no variations endpoint.'));
    this.hint.classList.toggle('warning', problem !== undefined);
    renderInputs(this.list, this.inputs, this.mode, {
      remove: (i) => {
        const [gone] = this.inputs.splice(i, 1);
        if (gone) URL.revokeObjectURL(gone.url);
        this.refresh();
      },
      makeFirst: (i) => {
        const [moved] = this.inputs.splice(i, 1);
        if (moved) this.inputs.unshift(moved);
        this.refresh();
      },
    });
    const max = edit ? (this.choice?.editing?.maxImages ?? 1) : 1;
    this.count.textContent =
      max === 1
        ? t('{count} of 1 image', { count: Math.min(this.inputs.length, max) })
        : t('{count} of {max} images', { count: Math.min(this.inputs.length, max), max });
    this.chooseButton.textContent = edit && this.inputs.length > 0 ? t('Add a reference…') : t('Choose image…');
    this.mask.element.hidden = !edit || this.inputs.length === 0;
  }
}
