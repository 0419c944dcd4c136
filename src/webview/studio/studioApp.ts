// The Studio webview app: prompt, options, Generate/Cancel, progress and the gallery, talking to
// the host through the typed protocol. UI state lives in the webview state (getState/setState), so
// hiding the panel or reloading the window brings back the prompt and the options; the gallery
// comes back from the host, which owns the results.
import { MessageHandler } from '../../shared/messageHandler';
import type {
  EditInputsMessage, EditInputView, Envelope, FromWebview, InitMessage, ModelChoice, ResultActionMessage, StudioDefaults, ToWebview,
} from '../../shared/protocol';
import {
  effectiveSize, formChoice, freeSizeProblem, initialSelection, normalizeSelection, toEditOptions, toGenerateParams, type StudioMode, type StudioSelection,
} from '../../shared/studioOptions';
import { parseToWebview } from '../../shared/validateMessages';
import { byId } from './dom';
import { EditMode } from './editMode';
import { Gallery } from './gallery';
import { readControl, renderOptions } from './optionsForm';

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
  prompt: string;
  selection?: StudioSelection;
}

function readSaved(raw: unknown): SavedState {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<SavedState>;
  return { version: 1, prompt: typeof r.prompt === 'string' ? r.prompt : '', selection: typeof r.selection === 'object' && r.selection ? r.selection : undefined };
}

/** Wires the page skeleton to the host. */
export class StudioApp {
  private readonly channel: MessageHandler<FromWebview, ToWebview>;
  private readonly gallery: Gallery;
  private readonly prompt = byId('prompt', HTMLTextAreaElement);
  private readonly options = byId('options', HTMLFieldSetElement);
  private readonly generateButton = byId('generate', HTMLButtonElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);
  private readonly progress = byId('progress', HTMLElement);
  private readonly status = byId('status', HTMLElement);
  private models: ModelChoice[] = [];
  private defaults: StudioDefaults = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' };
  private selection: StudioSelection | undefined;
  private jobId: string | undefined;
  private jobCounter = 0;
  private mode: StudioMode = 'generate';
  private readonly editMode: EditMode;

  constructor(private readonly bridge: StudioHostBridge) {
    const saved = readSaved(bridge.getState());
    this.prompt.value = saved.prompt;
    this.selection = saved.selection;
    this.channel = new MessageHandler<FromWebview, ToWebview>({
      post: (envelope) => bridge.postMessage(envelope),
      parse: parseToWebview,
      onMessage: (message) => { this.onHostMessage(message); return undefined; },
      errorOf: (m) => (m.type === 'requestFailed' ? m.message : undefined),
      onRefused: (reason) => console.warn(`Image Studio: ignored a host message (${reason})`),
    });
    this.gallery = new Gallery(byId('gallery', HTMLUListElement), byId('empty', HTMLElement), {
      action: (m) => void this.runAction(m),
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
    if (message.prompt) this.setPrompt(message.prompt);
    const choice = this.formFor(this.selection?.model ?? message.defaults.model);
    this.selection = choice ? (this.selection ? normalizeSelection(choice, this.selection, this.defaults) : initialSelection(choice, this.defaults)) : undefined;
    this.renderOptions();
    this.gallery.setResults(message.results);
    this.jobId = message.job?.jobId;
    this.setBusy(message.job !== undefined, message.job?.stage);
    this.editMode.setModel(this.selection && this.choiceFor(this.selection.model));
    if (message.edit) this.enterEdit(message.edit);
    this.save();
  }

  /** Switches between Generate, Edit and Variation (the form shows that endpoint's options; the Send button follows). */
  private setMode(mode: StudioMode): void {
    this.mode = mode;
    this.renderOptions();
    this.save();
    const radio = document.getElementById(`mode-${mode}`);
    if (radio instanceof HTMLInputElement) radio.checked = true;
    if (mode !== 'generate') this.editMode.setMode(mode);
    this.editMode.show(mode !== 'generate');
    this.generateButton.textContent = { generate: 'Generate', edit: 'Edit', variation: 'Make variations' }[mode];
    this.prompt.placeholder = mode === 'generate' ? 'Describe the image you want…' : mode === 'edit' ? 'Describe the whole new image, not only the change…' : 'Optional: how the variations should differ…';
  }

  private enterEdit(m: Pick<EditInputsMessage, 'mode' | 'inputs' | 'prompt'>): void {
    this.setMode(m.mode);
    this.editMode.setInputs(m.inputs);
    if (m.prompt) this.setPrompt(m.prompt);
    this.say(`${m.inputs[0]?.name ?? 'The image'} is ready to ${m.mode === 'edit' ? 'edit: paint the area to change' : 'vary'}.`);
  }

  private async chooseInput(purpose: 'image' | 'mask'): Promise<EditInputView | undefined> {
    const reply = await this.channel.request({ type: 'chooseInput', purpose });
    return reply.type === 'inputChosen' ? reply.input : undefined;
  }

  private async sendEdit(form: ModelChoice, prompt: string): Promise<void> {
    if (!this.selection) return;
    if (this.mode === 'edit' && !prompt) {
      this.say('Describe the whole new image first: the prompt is empty.');
      return this.prompt.focus();
    }
    this.generateButton.disabled = true;
    try {
      const params = await this.editMode.buildParams(toEditOptions(form, this.selection, prompt));
      this.jobId = `job-${Date.now().toString(36)}-${++this.jobCounter}`;
      this.setBusy(true, 'Starting…');
      this.channel.notify({ type: 'edit', jobId: this.jobId, params });
    } catch (err) {
      this.generateButton.disabled = false;
      this.say(err instanceof Error ? err.message : String(err));
    }
  }

  private onHostMessage(m: ToWebview): void {
    switch (m.type) {
      case 'progress':
        if (m.jobId === this.jobId) this.progressText(m.text);
        break;
      case 'partialImage':
        this.gallery.showPartial(m);
        break;
      case 'imageSaved':
        this.gallery.showSaved(m.jobId, m.result);
        break;
      case 'jobFinished':
        this.gallery.endJob(m.jobId);
        if (m.jobId === this.jobId) this.finish(m.error, m.saved, m.failures, m.cancelled, m.warnings);
        break;
      case 'showResults':
        this.gallery.addResults(m.results);
        this.say(`${m.results.length} image${m.results.length === 1 ? '' : 's'} for “${m.prompt.slice(0, 80)}”.`);
        break;
      case 'setPrompt':
        this.setPrompt(m.prompt);
        break;
      case 'editInputs':
        this.enterEdit(m);
        break;
      default:
        break;
    }
  }

  private setPrompt(prompt: string): void {
    this.prompt.value = prompt;
    this.prompt.focus();
    this.save();
  }

  private generate(): void {
    if (this.jobId) return;
    const choice = this.selection && this.formFor(this.selection.model);
    const prompt = this.prompt.value.trim();
    if (!choice || !this.selection) return this.say('No model to generate with.');
    if (!prompt && this.mode === 'generate') {
      this.say('Describe the image first: the prompt is empty.');
      return this.prompt.focus();
    }
    if (prompt.length > choice.maxPromptChars) return this.say(`The prompt is ${prompt.length} characters; ${choice.label} accepts ${choice.maxPromptChars}.`);
    const sizeProblem = choice.freeSize && this.selection.useCustomSize ? freeSizeProblem(choice.freeSize, effectiveSize(choice, this.selection)) : undefined;
    if (sizeProblem) {
      this.say(`Custom size: ${sizeProblem}`);
      return document.getElementById('customSize')?.focus();
    }
    if (this.mode !== 'generate') return void this.sendEdit(choice, prompt);
    this.jobId = `job-${Date.now().toString(36)}-${++this.jobCounter}`;
    this.setBusy(true, 'Starting…');
    this.channel.notify({ type: 'generate', jobId: this.jobId, params: toGenerateParams(choice, this.selection, prompt) });
  }

  private cancel(): void {
    if (!this.jobId) return;
    this.channel.notify({ type: 'cancel', jobId: this.jobId });
    this.progressText('Cancelling…');
  }

  private finish(error: string | undefined, saved: number, failures: string[], cancelled: boolean, warnings: string[]): void {
    this.jobId = undefined;
    this.setBusy(false);
    const parts: string[] = [];
    if (error) parts.push(error);
    else if (cancelled) parts.push(`Cancelled${saved ? ` after ${saved} image${saved === 1 ? '' : 's'}` : ''}.`);
    else parts.push(`${saved} image${saved === 1 ? '' : 's'} saved.`);
    parts.push(...failures, ...warnings);
    this.say(parts.join(' '));
  }

  private async runAction(message: ResultActionMessage): Promise<void> {
    try {
      const reply = await this.channel.request(message);
      if (reply.type === 'actionResult') this.say(reply.message);
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err));
    }
  }

  private wireEvents(): void {
    byId('generate-form', HTMLFormElement).addEventListener('submit', (e) => { e.preventDefault(); this.generate(); });
    this.cancelButton.addEventListener('click', () => this.cancel());
    byId('mode', HTMLElement).addEventListener('change', (e) => {
      const v = e.target instanceof HTMLInputElement ? e.target.value : '';
      if (v === 'generate' || v === 'edit' || v === 'variation') this.setMode(v);
    });
    this.prompt.addEventListener('input', () => this.save());
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
      this.renderOptions(e.target instanceof HTMLElement ? e.target.id : undefined);
      this.editMode.setModel(choice);
      this.save();
    };
    this.options.addEventListener('change', onChange);
    // The compression slider reads out its value while it moves; the form re-renders on change.
    this.options.addEventListener('input', (e) => {
      if (e.target instanceof HTMLInputElement && e.target.id === 'outputCompression') {
        const out = document.getElementById('outputCompression-value');
        if (out) out.textContent = `${e.target.value}%`;
      }
    });
  }

  /** Renders the current mode's form, first making the selection valid for it (fields it lacks keep their values). */
  private renderOptions(focusId?: string): void {
    const legend = this.options.querySelector('legend');
    const choice = this.selection && this.formFor(this.selection.model);
    if (choice && this.selection) this.selection = normalizeSelection(choice, this.selection, this.defaults);
    this.options.replaceChildren(...(legend ? [legend] : []), ...(choice && this.selection ? renderOptions(this.models, choice, this.selection) : []));
    if (focusId) document.getElementById(focusId)?.focus();
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
    this.progress.hidden = !busy;
    this.progressText(busy ? stage ?? 'Working…' : '');
    document.body.classList.toggle('busy', busy);
  }

  private progressText(text: string): void {
    const label = this.progress.querySelector('.stage');
    if (label) label.textContent = text;
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private save(): void {
    this.bridge.setState({ version: 1, prompt: this.prompt.value, selection: this.selection });
  }
}
