// The Studio's form: mode, prompt (Generate and Edit share one; Variation keeps its own
// instruction), the options of the chosen model for the mode, the counter and the estimate, and
// what of it survives hide/show and reload (getState/setState).
import type { ModelChoice, PriceTable, ReuseSettings, StudioDefaults } from '../../shared/protocol';
import { formChoice, initialSelection, normalizeSelection, type StudioMode, type StudioSelection } from '../../shared/studioOptions';
import { estimateText, renderCounter } from './composerExtras';
import { byId } from './dom';
import { readControl, renderOptions } from './optionsForm';
import { selectionFromReuse } from './reuse';
import { DEFAULT_MODEL } from '../../core/models/defaultModel';
import type { SavedMask } from './maskPanel';
import { t } from '../l10n';

/** What survives hide/show and reload. */
export interface SavedState {
  version: 1;
  /** The prompt of Generate and Edit. */
  prompt: string;
  /** Variation's own instruction: an edit's prompt must not silently become it. */
  variationPrompt?: string;
  mode?: StudioMode;
  selection?: StudioSelection;
  /** The edit's mask choice and strokes (maskPanel.ts reads it; the form passes it through). */
  mask?: SavedMask;
}

/** Reads saved state defensively (it may come from an older version). */
export function readSaved(raw: unknown): SavedState {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<SavedState>;
  const mode = r.mode === 'edit' || r.mode === 'variation' ? r.mode : 'generate';
  return {
    version: 1,
    prompt: typeof r.prompt === 'string' ? r.prompt : '',
    variationPrompt: typeof r.variationPrompt === 'string' ? r.variationPrompt : '',
    mode,
    selection: typeof r.selection === 'object' && r.selection ? r.selection : undefined,
  };
}

/** Owns #prompt, #options, the mode radios and the Send button's label. */
export class StudioForm {
  readonly prompt = byId('prompt', HTMLTextAreaElement);
  private readonly options = byId('options', HTMLFieldSetElement);
  private readonly sendButton = byId('generate', HTMLButtonElement);
  private models: ModelChoice[] = [];
  private defaults: StudioDefaults = { model: DEFAULT_MODEL, size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' };
  private prices: PriceTable | undefined;
  selection: StudioSelection | undefined;
  mode: StudioMode = 'generate';
  /** The mode the page was in before it reloaded. */
  readonly savedMode: StudioMode;
  /** The prompt of the mode not shown. */
  private otherPrompt: string;

  constructor(
    private readonly store: (state: SavedState) => void,
    saved: SavedState,
    private readonly modelChanged: (choice: ModelChoice | undefined) => void,
  ) {
    this.prompt.value = saved.prompt;
    this.otherPrompt = saved.variationPrompt ?? '';
    this.savedMode = saved.mode ?? 'generate';
    this.selection = saved.selection;
    this.prompt.addEventListener('input', () => {
      this.save();
      this.changed();
    });
    this.options.addEventListener('change', (e) => this.onControl(e));
    // The compression slider reads out its value while it moves; the form re-renders on change.
    this.options.addEventListener('input', (e) => {
      if (e.target instanceof HTMLInputElement && e.target.id === 'outputCompression') {
        const out = document.getElementById('outputCompression-value');
        if (out) out.textContent = `${e.target.value}%`;
      }
    });
  }

  /** The host's models, defaults and prices (from `init`). */
  init(models: ModelChoice[], defaults: StudioDefaults, prices: PriceTable | undefined): void {
    this.models = models;
    this.defaults = defaults;
    this.prices = prices;
    const choice = this.formFor(this.selection?.model ?? defaults.model);
    this.selection = choice
      ? this.selection
        ? normalizeSelection(choice, this.selection, defaults)
        : initialSelection(choice, defaults)
      : undefined;
    this.render();
    this.modelChanged(this.currentModel());
    this.save();
    this.changed();
  }

  /** Switches the form to a mode; the prompt box shows that mode's text. */
  setMode(mode: StudioMode): void {
    if ((mode === 'variation') !== (this.mode === 'variation')) {
      const shown = this.prompt.value;
      this.prompt.value = this.otherPrompt;
      this.otherPrompt = shown;
    }
    this.mode = mode;
    this.render();
    this.save();
    const radio = document.getElementById(`mode-${mode}`);
    if (radio instanceof HTMLInputElement) radio.checked = true;
    this.sendButton.textContent = { generate: t('Generate'), edit: t('Edit'), variation: t('Make variations') }[mode];
    byId('prompt-label', HTMLElement).textContent = mode === 'variation' ? 'Instruction (optional)' : t('Prompt');
    this.prompt.placeholder =
      mode === 'generate'
        ? t('Describe the image you want…')
        : mode === 'edit'
          ? t('Describe the whole new image, not only the change…')
          : t('Optional: how the variations should differ…');
    this.changed();
  }

  /** Puts text into the prompt box and focuses it. */
  setPrompt(prompt: string): void {
    this.prompt.value = prompt;
    this.prompt.focus();
    this.save();
    this.changed();
  }

  /** A result's settings back in the form ("Use these settings"). */
  apply(s: ReuseSettings): void {
    if (s.mode !== this.mode) this.setMode(s.mode);
    this.prompt.value = s.prompt;
    const choice = this.choiceFor(s.model);
    if (this.selection) this.selection = selectionFromReuse(this.selection, choice && formChoice(choice, this.mode), s);
    this.render();
    this.modelChanged(this.currentModel());
    this.save();
    this.changed();
  }

  /** The model as the current mode's form shows it. */
  formFor(model: string): ModelChoice | undefined {
    const choice = this.choiceFor(model);
    return choice && formChoice(choice, this.mode);
  }

  /** The chosen model (all its endpoints), for edit mode's rules. */
  currentModel(): ModelChoice | undefined {
    return this.selection && this.choiceFor(this.selection.model);
  }

  private choiceFor(model: string): ModelChoice | undefined {
    return this.models.find((m) => m.model === model) ?? this.models[0];
  }

  private onControl(e: Event): void {
    if (!this.selection) return;
    const next = readControl(this.selection, e.target);
    if (!next || !this.choiceFor(next.model)) return;
    this.selection = next; // render makes it valid for the mode's form
    this.render();
    this.modelChanged(this.currentModel());
    this.save();
    this.changed();
  }

  /**
   * Renders the current mode's form, first making the selection valid for it (fields it lacks keep
   * their values). The re-rendered control gets focus back only when focus fell to the page: a
   * `change` fired because the user clicked elsewhere (the prompt) must not pull the keys back
   * into the form, and that click's focus lands only after the change handler has run.
   */
  private render(): void {
    const legend = this.options.querySelector('legend');
    const active = document.activeElement;
    const focusId = active instanceof HTMLElement && this.options.contains(active) ? active.id : undefined;
    const choice = this.selection && this.formFor(this.selection.model);
    if (choice && this.selection) this.selection = normalizeSelection(choice, this.selection, this.defaults);
    this.options.replaceChildren(
      ...(legend ? [legend] : []),
      ...(choice && this.selection ? renderOptions(this.models, choice, this.selection) : []),
    );
    if (!focusId) return;
    setTimeout(() => {
      const now = document.activeElement;
      if (now === null || now === document.body) document.getElementById(focusId)?.focus();
    }, 0);
  }

  /** The prompt or the form changed: the counter and the estimate follow. */
  private changed(): void {
    const choice = this.selection && this.formFor(this.selection.model);
    const over = renderCounter(byId('prompt-count', HTMLElement), this.prompt.value.length, choice?.maxPromptChars ?? 32000);
    this.prompt.setAttribute('aria-invalid', String(over));
    const estimate = byId('estimate', HTMLElement);
    const text = choice && this.selection ? estimateText(this.prices, choice, this.selection, this.mode) : undefined;
    estimate.hidden = !text;
    estimate.textContent = text ?? '';
  }

  private save(): void {
    const variation = this.mode === 'variation';
    this.store({
      version: 1,
      mode: this.mode,
      selection: this.selection,
      prompt: variation ? this.otherPrompt : this.prompt.value,
      variationPrompt: variation ? this.prompt.value : this.otherPrompt,
    });
  }
}
