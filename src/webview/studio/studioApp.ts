// The Studio webview app: prompt, options, Generate/Cancel, progress and the gallery, talking to
// the host through the typed protocol. UI state lives in the webview state (getState/setState), so
// hiding the panel or reloading the window brings back the prompt and the options; the gallery
// comes back from the host, which owns the results.
import { MessageHandler } from '../../shared/messageHandler';
import type {
  EditInputsMessage, EditInputView, Envelope, FromWebview, InitMessage, ModelChoice, PriceTable, ResultActionMessage, ResultView, ReuseSettings,
  StudioDefaults, ToWebview,
} from '../../shared/protocol';
import {
  effectiveSize, formChoice, freeSizeProblem, initialSelection, normalizeSelection, toEditOptions, toGenerateParams, type StudioMode, type StudioSelection,
} from '../../shared/studioOptions';
import { parseToWebview } from '../../shared/validateMessages';
import { estimateText, renderCounter, showExternalJob, totalText, updateModelFilter } from './composerExtras';
import { byId } from './dom';
import { EditMode } from './editMode';
import { Gallery } from './gallery';
import { readControl, renderOptions } from './optionsForm';
import { ResultTools } from './resultTools';
import { selectionFromReuse } from './reuse';
import { StudioStatus, type StatusKind } from './studioStatus';

/** What the app needs from its page: the VS Code API (or a test's stand-in). */
export interface StudioHostBridge {
  postMessage(message: Envelope<FromWebview>): void;
  getState(): unknown;
  setState(state: SavedState): void;
  onMessage(listener: (data: unknown) => void): void;
}

/** What survives hide/show and reload. */
export interface SavedState {
  version: 1;
  /** The prompt of Generate and Edit. */
  prompt: string;
  /** Variation's own instruction: an edit's prompt must not silently become it. */
  variationPrompt?: string;
  mode?: StudioMode;
  selection?: StudioSelection;
}

function readSaved(raw: unknown): SavedState {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<SavedState>;
  const mode = r.mode === 'edit' || r.mode === 'variation' ? r.mode : 'generate';
  return {
    version: 1, prompt: typeof r.prompt === 'string' ? r.prompt : '', variationPrompt: typeof r.variationPrompt === 'string' ? r.variationPrompt : '',
    mode, selection: typeof r.selection === 'object' && r.selection ? r.selection : undefined,
  };
}

/** Wires the page skeleton to the host. */
export class StudioApp {
  private readonly channel: MessageHandler<FromWebview, ToWebview>;
  private readonly gallery: Gallery;
  private readonly tools: ResultTools;
  private readonly prompt = byId('prompt', HTMLTextAreaElement);
  private readonly options = byId('options', HTMLFieldSetElement);
  private readonly generateButton = byId('generate', HTMLButtonElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);
  private readonly status: StudioStatus;
  private models: ModelChoice[] = [];
  private defaults: StudioDefaults = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' };
  private prices: PriceTable | undefined;
  private selection: StudioSelection | undefined;
  private jobId: string | undefined;
  private jobCounter = 0;
  private mode: StudioMode = 'generate';
  /** The prompt of the mode not shown (Generate/Edit share one; Variation has its own). */
  private otherPrompt = '';
  private savedMode: StudioMode;
  private readonly editMode: EditMode;

  constructor(private readonly bridge: StudioHostBridge) {
    const saved = readSaved(bridge.getState());
    this.prompt.value = saved.prompt;
    this.otherPrompt = saved.variationPrompt ?? '';
    this.savedMode = saved.mode ?? 'generate';
    this.selection = saved.selection;
    this.status = new StudioStatus(byId('status', HTMLElement), byId('progress', HTMLElement));
    this.channel = new MessageHandler<FromWebview, ToWebview>({
      post: (envelope) => bridge.postMessage(envelope),
      parse: parseToWebview,
      onMessage: (message) => { this.onHostMessage(message); return undefined; },
      errorOf: (m) => (m.type === 'requestFailed' ? m.message : undefined),
      onRefused: (reason) => console.warn(`Image Studio: ignored a host message (${reason})`),
    });
    this.tools = new ResultTools({
      imageBytes: async (resultId) => { const r = await this.channel.request({ type: 'imageBytes', resultId }); return r.type === 'imageBytes' ? r : undefined; },
      say: (t, k) => this.say(t, k),
    });
    this.gallery = new Gallery(byId('gallery', HTMLUListElement), byId('empty', HTMLElement), {
      action: (m) => void this.runAction(m),
      local: (action, r) => void this.runLocal(action, r),
      canCompare: (id) => this.tools.canCompare(id),
      details: async (resultId) => {
        const reply = await this.channel.request({ type: 'details', resultId });
        return reply.type === 'details' ? reply.json : undefined;
      },
    });
    this.editMode = new EditMode(byId('edit-area', HTMLElement), { choose: (purpose) => this.chooseInput(purpose), say: (t) => this.say(t) });
    bridge.onMessage((data) => void this.channel.receive(data));
    this.wireEvents();
  }

  /** Tells the host the page is ready and renders what it answers. */
  async start(): Promise<void> {
    this.setBusy(false);
    const reply = await this.channel.request({ type: 'ready' });
    if (reply.type === 'init') this.init(reply);
  }

  private init(message: InitMessage): void {
    this.models = message.models;
    this.defaults = message.defaults;
    this.prices = message.prices;
    this.showOutputFolder(message.outputFolder);
    if (message.prompt) this.setPrompt(message.prompt);
    const choice = this.formFor(this.selection?.model ?? message.defaults.model);
    this.selection = choice ? (this.selection ? normalizeSelection(choice, this.selection, this.defaults) : initialSelection(choice, this.defaults)) : undefined;
    this.renderOptions();
    this.gallery.setResults(message.results);
    this.resultsChanged();
    this.jobId = message.job?.jobId;
    this.setBusy(message.job !== undefined, message.job?.stage);
    this.editMode.setModel(this.selection && this.choiceFor(this.selection.model));
    if (message.edit) this.enterEdit(message.edit);
    // Hidden and shown again mid-edit: the same inputs and mode, the prompt as it was.
    else if (this.savedMode !== 'generate' && message.lastEdit) this.enterEdit({ ...message.lastEdit, mode: this.savedMode, prompt: undefined }, false);
    this.save();
  }

  /** Switches between Generate, Edit and Variation (the form shows that endpoint's options; the Send button follows). */
  private setMode(mode: StudioMode): void {
    if ((mode === 'variation') !== (this.mode === 'variation')) {
      const shown = this.prompt.value;
      this.prompt.value = this.otherPrompt;
      this.otherPrompt = shown;
    }
    this.mode = mode;
    this.renderOptions();
    this.save();
    const radio = document.getElementById(`mode-${mode}`);
    if (radio instanceof HTMLInputElement) radio.checked = true;
    if (mode !== 'generate') this.editMode.setMode(mode);
    this.editMode.show(mode !== 'generate');
    this.generateButton.textContent = { generate: 'Generate', edit: 'Edit', variation: 'Make variations' }[mode];
    byId('prompt-label', HTMLElement).textContent = mode === 'variation' ? 'Instruction (optional)' : 'Prompt';
    this.prompt.placeholder = mode === 'generate' ? 'Describe the image you want…' : mode === 'edit' ? 'Describe the whole new image, not only the change…' : 'Optional: how the variations should differ…';
    this.formChanged();
  }

  private enterEdit(m: Pick<EditInputsMessage, 'mode' | 'inputs' | 'prompt'>, announce = true): void {
    this.setMode(m.mode);
    this.editMode.setInputs(m.inputs);
    if (m.prompt) this.setPrompt(m.prompt);
    if (announce) this.say(`${m.inputs[0]?.name ?? 'The image'} is ready to ${m.mode === 'edit' ? 'edit: paint the area to change' : 'vary'}.`);
  }

  private async chooseInput(purpose: 'image' | 'mask'): Promise<EditInputView | undefined> {
    const reply = await this.channel.request({ type: 'chooseInput', purpose });
    return reply.type === 'inputChosen' ? reply.input : undefined;
  }

  private async sendEdit(form: ModelChoice, prompt: string): Promise<void> {
    if (!this.selection) return;
    if (this.mode === 'edit' && !prompt) {
      this.say('Describe the whole new image first: the prompt is empty.', 'error');
      return this.prompt.focus();
    }
    this.generateButton.disabled = true;
    try {
      const params = await this.editMode.buildParams(toEditOptions(form, this.selection, prompt));
      const jobId = this.startJob(params.options.n ?? 1);
      const source = this.editMode.sourceOf(params);
      if (source && params.mode === 'edit') this.tools.rememberEdit(jobId, source);
      this.channel.notify({ type: 'edit', jobId, params });
      // The results appear below the edit area: bring the first waiting card into view.
      this.gallery.firstOfJob(jobId)?.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      this.generateButton.disabled = false;
      this.say(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  private onHostMessage(m: ToWebview): void {
    switch (m.type) {
      case 'progress':
        if (m.jobId === this.jobId) this.status.progress(m.text);
        break;
      case 'partialImage':
        this.gallery.showPartial(m);
        break;
      case 'imageSaved':
        this.tools.resultOfJob(m.jobId, m.result.id);
        this.gallery.showSaved(m.jobId, m.result);
        this.resultsChanged();
        break;
      case 'jobFinished':
        this.gallery.endJob(m.jobId);
        if (m.jobId === this.jobId) this.finish(m.error, m.saved, m.failures, m.cancelled, m.warnings);
        break;
      case 'showResults':
        this.gallery.addResults(m.results);
        this.resultsChanged();
        this.say(`${m.results.length} image${m.results.length === 1 ? '' : 's'} for “${m.prompt.slice(0, 80)}” added to the gallery.`, 'ok');
        break;
      case 'setPrompt':
        this.setPrompt(m.prompt);
        break;
      case 'editInputs':
        this.enterEdit(m);
        break;
      case 'resultsMissing':
        this.gallery.markMissing(m.resultIds);
        break;
      case 'resultsRemoved':
        this.gallery.remove(m.resultIds);
        this.resultsChanged();
        break;
      case 'outputFolder':
        this.showOutputFolder(m.outputFolder);
        break;
      case 'externalJob':
        showExternalJob(byId('external-jobs', HTMLUListElement), m);
        break;
      default:
        break;
    }
  }

  private setPrompt(prompt: string): void {
    this.prompt.value = prompt;
    this.prompt.focus();
    this.save();
    this.formChanged();
  }

  private generate(): void {
    if (this.jobId) return;
    const choice = this.selection && this.formFor(this.selection.model);
    const prompt = this.prompt.value.trim();
    if (!choice || !this.selection) return this.say('No model to generate with.', 'error');
    if (!prompt && this.mode === 'generate') {
      this.say('Describe the image first: the prompt is empty.', 'error');
      return this.prompt.focus();
    }
    if (prompt.length > choice.maxPromptChars) return this.say(`The prompt is ${prompt.length} characters; ${choice.label} accepts ${choice.maxPromptChars}.`, 'error');
    const sizeProblem = choice.freeSize && this.selection.useCustomSize ? freeSizeProblem(choice.freeSize, effectiveSize(choice, this.selection)) : undefined;
    if (sizeProblem) {
      this.say(`Custom size: ${sizeProblem}`, 'error');
      return document.getElementById('customSize')?.focus();
    }
    if (this.mode !== 'generate') return void this.sendEdit(choice, prompt);
    const params = toGenerateParams(choice, this.selection, prompt);
    const jobId = this.startJob(params.n ?? 1);
    this.channel.notify({ type: 'generate', jobId, params });
  }

  /** A new job: a fresh status line, waiting cards for its images, Cancel. */
  private startJob(n: number): string {
    this.jobId = `job-${Date.now().toString(36)}-${++this.jobCounter}`;
    this.status.clear();
    this.setBusy(true, 'Starting…');
    this.gallery.reserve(this.jobId, n);
    return this.jobId;
  }

  private cancel(): void {
    if (!this.jobId) return;
    this.channel.notify({ type: 'cancel', jobId: this.jobId });
    this.status.progress('Cancelling…');
  }

  private finish(error: string | undefined, saved: number, failures: string[], cancelled: boolean, warnings: string[]): void {
    this.jobId = undefined;
    this.setBusy(false);
    const parts: string[] = [];
    if (error) parts.push(error);
    else if (cancelled) parts.push(`Cancelled${saved ? ` after ${saved} image${saved === 1 ? '' : 's'}` : ''}.`);
    else parts.push(`${saved} image${saved === 1 ? '' : 's'} saved.`);
    parts.push(...failures, ...warnings);
    const kind: StatusKind = error || (failures.length && !saved) ? 'error' : failures.length || warnings.length ? 'warning' : cancelled ? 'info' : 'ok';
    this.say(parts.join(' '), kind);
  }

  private async runAction(message: ResultActionMessage): Promise<void> {
    try {
      const reply = await this.channel.request(message);
      if (reply.type === 'actionResult') this.say(reply.message, reply.status === 'done' ? 'ok' : 'error');
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  private async runLocal(action: 'copyImage' | 'useSettings' | 'regenerate' | 'compare' | 'lightbox', r: ResultView): Promise<void> {
    if (action === 'copyImage') return this.tools.copyImage(r);
    if (action === 'compare') return this.tools.compare(r).catch((err: unknown) => this.say(`Could not compare: ${String(err)}`, 'error'));
    if (action === 'lightbox') {
      const src = this.gallery.imageSource(r.id);
      if (src) this.tools.lightbox(r, src);
      return;
    }
    try {
      const reply = await this.channel.request({ type: 'reuse', resultId: r.id });
      if (reply.type !== 'reuseSettings') return;
      this.applySettings(reply.settings);
      if (action === 'regenerate' && reply.settings.mode === 'generate') this.generate();
      else if (action === 'regenerate') this.say(`Settings of ${r.fileName} restored: choose the input image, then ${reply.settings.mode === 'edit' ? 'Edit' : 'Make variations'}.`);
      else this.say(`Settings of ${r.fileName} are in the form.`, 'ok');
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  private applySettings(s: ReuseSettings): void {
    if (s.mode !== this.mode) this.setMode(s.mode);
    this.prompt.value = s.prompt;
    const choice = this.choiceFor(s.model);
    if (this.selection) this.selection = selectionFromReuse(this.selection, choice && formChoice(choice, this.mode), s);
    this.renderOptions();
    this.editMode.setModel(this.selection && this.choiceFor(this.selection.model));
    this.save();
    this.formChanged();
  }

  private wireEvents(): void {
    byId('generate-form', HTMLFormElement).addEventListener('submit', (e) => { e.preventDefault(); this.generate(); });
    this.cancelButton.addEventListener('click', () => this.cancel());
    byId('mode', HTMLElement).addEventListener('change', (e) => {
      const v = e.target instanceof HTMLInputElement ? e.target.value : '';
      if (v === 'generate' || v === 'edit' || v === 'variation') this.setMode(v);
    });
    this.prompt.addEventListener('input', () => { this.save(); this.formChanged(); });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.generate(); }
      else if (e.key === 'Escape' && this.jobId) { e.preventDefault(); this.cancel(); }
    });
    const onChange = (e: Event) => {
      if (!this.selection) return;
      const next = readControl(this.selection, e.target);
      if (!next) return;
      const choice = this.choiceFor(next.model);
      if (!choice) return;
      this.selection = next; // renderOptions makes it valid for the mode's form
      this.renderOptions();
      this.editMode.setModel(choice);
      this.save();
      this.formChanged();
    };
    this.options.addEventListener('change', onChange);
    // The compression slider reads out its value while it moves; the form re-renders on change.
    this.options.addEventListener('input', (e) => {
      if (e.target instanceof HTMLInputElement && e.target.id === 'outputCompression') {
        const out = document.getElementById('outputCompression-value');
        if (out) out.textContent = `${e.target.value}%`;
      }
    });
    byId('choose-output', HTMLButtonElement).addEventListener('click', () => void this.chooseOutputFolder());
    const filter = () => {
      const shown = this.gallery.applyFilter({ text: byId('filter-text', HTMLInputElement).value, model: byId('filter-model', HTMLSelectElement).value, kind: byId('filter-kind', HTMLSelectElement).value });
      byId('total', HTMLElement).dataset.shown = String(shown);
    };
    for (const id of ['filter-text', 'filter-model', 'filter-kind']) document.getElementById(id)?.addEventListener('input', filter);
    byId('load-history', HTMLButtonElement).addEventListener('click', () => void this.loadHistory());
  }

  private async chooseOutputFolder(): Promise<void> {
    try {
      const reply = await this.channel.request({ type: 'chooseOutputFolder' });
      if (reply.type === 'outputFolder') {
        this.showOutputFolder(reply.outputFolder);
        if (reply.message) this.say(reply.message, 'ok');
      }
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  private async loadHistory(): Promise<void> {
    this.say('Reading the sidecars in the workspace…');
    try {
      const reply = await this.channel.request({ type: 'history' });
      if (reply.type !== 'history') return;
      this.gallery.setResults(reply.results);
      this.resultsChanged();
      this.say(`${reply.results.length} image${reply.results.length === 1 ? '' : 's'} in the workspace history${reply.truncated ? ' (the newest; more exist)' : ''}.`, 'ok');
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  private showOutputFolder(folder: string | undefined): void {
    byId('output-folder', HTMLElement).textContent = folder ? `${folder}/` : 'the output folder';
  }

  /** The gallery changed: the running total and the model filter follow. */
  private resultsChanged(): void {
    const all = this.gallery.allViews();
    byId('total', HTMLElement).textContent = totalText(all);
    updateModelFilter(byId('filter-model', HTMLSelectElement), all);
  }

  /** The prompt or the form changed: the counter and the estimate follow. */
  private formChanged(): void {
    const choice = this.selection && this.formFor(this.selection.model);
    renderCounter(byId('prompt-count', HTMLElement), this.prompt.value.length, choice?.maxPromptChars ?? 32000);
    const estimate = byId('estimate', HTMLElement);
    const text = choice && this.selection ? estimateText(this.prices, choice, this.selection, this.mode) : undefined;
    estimate.hidden = !text;
    estimate.textContent = text ?? '';
  }

  /**
   * Renders the current mode's form, first making the selection valid for it (fields it lacks keep
   * their values). The re-rendered control gets focus back only when focus fell to the page: a
   * `change` fired because the user clicked elsewhere (the prompt) must not pull the keys back
   * into the form, and that click's focus lands only after the change handler has run.
   */
  private renderOptions(): void {
    const legend = this.options.querySelector('legend');
    const active = document.activeElement;
    const focusId = active instanceof HTMLElement && this.options.contains(active) ? active.id : undefined;
    const choice = this.selection && this.formFor(this.selection.model);
    if (choice && this.selection) this.selection = normalizeSelection(choice, this.selection, this.defaults);
    this.options.replaceChildren(...(legend ? [legend] : []), ...(choice && this.selection ? renderOptions(this.models, choice, this.selection) : []));
    if (!focusId) return;
    setTimeout(() => {
      const now = document.activeElement;
      if (now === null || now === document.body) document.getElementById(focusId)?.focus();
    }, 0);
  }

  private choiceFor(model: string): ModelChoice | undefined {
    return this.models.find((m) => m.model === model) ?? this.models[0];
  }

  /** The model as the current mode's form shows it. */
  private formFor(model: string): ModelChoice | undefined {
    const choice = this.choiceFor(model);
    return choice && formChoice(choice, this.mode);
  }

  private setBusy(busy: boolean, stage?: string): void {
    this.generateButton.disabled = busy;
    this.cancelButton.hidden = !busy;
    this.status.busy(busy, stage);
    document.body.classList.toggle('busy', busy);
  }

  private say(text: string, kind: StatusKind = 'info'): void {
    this.status.say(text, kind);
  }

  private save(): void {
    const variation = this.mode === 'variation';
    this.bridge.setState({
      version: 1, mode: this.mode, selection: this.selection,
      prompt: variation ? this.otherPrompt : this.prompt.value,
      variationPrompt: variation ? this.prompt.value : this.otherPrompt,
    });
  }
}
