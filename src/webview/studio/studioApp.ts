// The Studio webview app: the form (studioForm.ts), Generate/Cancel, progress and the gallery,
// talking to the host through the typed protocol. UI state lives in the webview state
// (getState/setState), so hiding the panel or reloading the window brings back the prompt and the
// options; the gallery comes back from the host, which owns the results.
import { MessageHandler } from '../../shared/messageHandler';
import type {
  EditInputsMessage,
  EditInputView,
  Envelope,
  FromWebview,
  InitMessage,
  ModelChoice,
  ResultActionMessage,
  ResultView,
  ToWebview,
} from '../../shared/protocol';
import { effectiveSize, freeSizeProblem, toEditOptions, toGenerateParams } from '../../shared/studioOptions';
import { expectReply, type ReplyTo, type StudioRequest } from '../../shared/studioReplies';
import { parseToWebview } from '../../shared/validateMessages';
import { showExternalJob } from './composerExtras';
import { byId } from './dom';
import { wireDrops } from './dropInputs';
import { EditMode } from './editMode';
import { Gallery } from './gallery';
import { ResultsControls } from './resultsControls';
import { ResultTools } from './resultTools';
import { readSaved, StudioForm, type SavedState } from './studioForm';
import { readSavedMask } from './maskPanel';
import { openFramesPlayer } from './framesPlayer';
import { StudioStatus, type StatusKind } from './studioStatus';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../l10n';
import { CardMenus } from './cardMenu';

export type { SavedState } from './studioForm';

/** What the app needs from its page: the VS Code API (or a test's stand-in). */
export interface StudioHostBridge {
  postMessage(message: Envelope<FromWebview>): void;
  getState(): unknown;
  setState(state: SavedState): void;
  onMessage(listener: (data: unknown) => void): void;
}

/** Wires the page skeleton to the host. */
export class StudioApp {
  private readonly channel: MessageHandler<FromWebview, ToWebview>;
  private readonly gallery: Gallery;
  private readonly tools: ResultTools;
  private readonly controls: ResultsControls;
  private readonly form: StudioForm;
  private readonly editMode: EditMode;
  private readonly status: StudioStatus;
  private readonly generateButton = byId('generate', HTMLButtonElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);
  private jobId: string | undefined;
  private jobCounter = 0;

  constructor(bridge: StudioHostBridge) {
    this.status = new StudioStatus(byId('status', HTMLElement), byId('progress', HTMLElement));
    this.channel = new MessageHandler<FromWebview, ToWebview>({
      post: (envelope) => bridge.postMessage(envelope),
      parse: parseToWebview,
      onMessage: (message) => {
        this.onHostMessage(message);
        return undefined;
      },
      errorOf: (m) => (m.type === 'requestFailed' ? m.message : undefined),
      onRefused: (reason) => console.warn(`Image Studio: ignored a host message (${reason})`),
    });
    this.tools = new ResultTools({
      imageBytes: (resultId) => this.request({ type: 'imageBytes', resultId }),
      say: (t, k) => this.say(t, k),
    });
    this.gallery = new Gallery(byId('gallery', HTMLUListElement), byId('empty', HTMLElement), {
      action: (m) => void this.runAction(m),
      local: (action, r) => void this.runLocal(action, r),
      canCompare: (id) => this.tools.canCompare(id),
      menus: new CardMenus(document),
      details: async (resultId) => {
        const reply = await this.request({ type: 'details', resultId });
        return reply.json;
      },
    });
    this.controls = new ResultsControls(this.gallery, { request: (m) => this.request(m), say: (t, k) => this.say(t, k) });
    // The painted mask is state too: a hidden or reloaded panel must not lose it (nor flip to a mask file).
    let mask = readSavedMask((bridge.getState() as { mask?: unknown } | undefined)?.mask);
    this.editMode = new EditMode(
      byId('edit-area', HTMLElement),
      {
        choose: (purpose) => this.chooseInput(purpose),
        say: (t) => this.say(t),
      },
      mask,
      (m) => {
        mask = m;
        bridge.setState({ ...readSaved(bridge.getState()), mask });
      },
    );
    this.form = new StudioForm(
      (state) => bridge.setState({ ...state, ...(mask ? { mask } : {}) }),
      readSaved(bridge.getState()),
      (choice) => this.editMode.setModel(choice),
    );
    bridge.onMessage((data) => void this.channel.receive(data));
    this.wireEvents();
  }

  /** Tells the host the page is ready and renders what it answers. */
  async start(): Promise<void> {
    this.setBusy(false);
    this.init(await this.request({ type: 'ready' }));
  }

  /** Sends a request and resolves with its reply; a reply of another type rejects (see studioReplies.ts). */
  private async request<M extends StudioRequest>(message: M): Promise<ReplyTo<M>> {
    return expectReply(message, await this.channel.request(message));
  }

  private init(message: InitMessage): void {
    this.controls.showOutputFolder(message.outputFolder);
    if (message.prompt) this.form.setPrompt(message.prompt);
    this.form.init(message.models, message.defaults, message.prices);
    this.gallery.setResults(message.results);
    this.controls.changed();
    this.jobId = message.job?.jobId;
    this.setBusy(message.job !== undefined, message.job?.stage);
    if (message.frames) openFramesPlayer(message.frames);
    if (message.edit) this.enterEdit(message.edit);
    // Hidden and shown again mid-edit: the same inputs and mode, the prompt as it was.
    else if (this.form.savedMode !== 'generate' && message.lastEdit)
      this.enterEdit({ ...message.lastEdit, mode: this.form.savedMode, prompt: undefined }, false);
    // Opened or restored, the Studio is ready for typing: the prompt takes the keyboard first.
    this.form.prompt.focus({ preventScroll: true });
  }

  /** Switches between Generate, Edit and Variation: the form, the edit area and the Send button follow. */
  private setMode(mode: 'generate' | 'edit' | 'variation'): void {
    this.form.setMode(mode);
    if (mode !== 'generate') this.editMode.setMode(mode);
    this.editMode.show(mode !== 'generate');
  }

  private enterEdit(m: Pick<EditInputsMessage, 'mode' | 'inputs' | 'prompt' | 'maskSource'>, announce = true): void {
    this.setMode(m.mode);
    this.editMode.setInputs(m.inputs, m.maskSource);
    if (m.prompt) this.form.setPrompt(m.prompt);
    const name = m.inputs[0]?.name;
    if (!announce) return;
    if (m.mode === 'edit')
      this.say(
        name
          ? t('{name} is ready to edit: paint the area to change.', { name })
          : t('The image is ready to edit: paint the area to change.'),
      );
    else this.say(name ? t('{name} is ready to vary.', { name }) : t('The image is ready to vary.'));
  }

  private async chooseInput(purpose: 'image' | 'mask'): Promise<EditInputView | undefined> {
    return (await this.request({ type: 'chooseInput', purpose })).input;
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
        this.controls.changed();
        break;
      case 'jobFinished':
        this.gallery.endJob(m.jobId);
        if (m.jobId === this.jobId) this.finish(m.error, m.saved, m.failures, m.cancelled, m.warnings);
        break;
      case 'showResults':
        this.gallery.addResults(m.results);
        this.controls.changed();
        {
          const args = { count: m.results.length, prompt: m.prompt.slice(0, 80) };
          this.say(
            args.count === 1
              ? t('1 image for “{prompt}” added to the gallery.', args)
              : t('{count} images for “{prompt}” added to the gallery.', args),
            'ok',
          );
        }
        break;
      case 'setPrompt':
        this.form.setPrompt(m.prompt);
        break;
      case 'editInputs':
        this.enterEdit(m);
        break;
      case 'resultsMissing':
        this.gallery.markMissing(m.resultIds);
        break;
      case 'resultsRemoved':
        this.gallery.remove(m.resultIds);
        this.controls.changed();
        break;
      case 'outputFolder':
        this.controls.showOutputFolder(m.outputFolder);
        break;
      case 'externalJob':
        showExternalJob(byId('external-jobs', HTMLUListElement), m);
        break;
      case 'showFrames':
        openFramesPlayer(m);
        break;
      default:
        break;
    }
  }

  private generate(): void {
    if (this.jobId) return;
    const sel = this.form.selection;
    const choice = sel && this.form.formFor(sel.model);
    const prompt = this.form.prompt.value.trim();
    if (!choice || !sel) return this.say(t('No model to generate with.'), 'error');
    if (!prompt && this.form.mode === 'generate') {
      this.say(t('Describe the image first: the prompt is empty.'), 'error');
      return this.form.prompt.focus();
    }
    if (prompt.length > choice.maxPromptChars)
      return this.say(
        t('The prompt is {length} characters; {model} accepts {max}.', {
          length: prompt.length,
          model: choice.label,
          max: choice.maxPromptChars,
        }),
        'error',
      );
    const sizeProblem = choice.freeSize && sel.useCustomSize ? freeSizeProblem(choice.freeSize, effectiveSize(choice, sel)) : undefined;
    if (sizeProblem) {
      this.say(t('Custom size: {problem}', { problem: sizeProblem }), 'error');
      return document.getElementById('customSize')?.focus();
    }
    if (this.form.mode !== 'generate') return void this.sendEdit(choice, prompt);
    const params = toGenerateParams(choice, sel, prompt);
    const jobId = this.startJob(params.n ?? 1);
    this.channel.notify({ type: 'generate', jobId, params });
  }

  private async sendEdit(form: ModelChoice, prompt: string): Promise<void> {
    const sel = this.form.selection;
    if (!sel) return;
    if (this.form.mode === 'edit' && !prompt) {
      this.say(t('Describe the whole new image first: the prompt is empty.'), 'error');
      return this.form.prompt.focus();
    }
    this.generateButton.disabled = true;
    try {
      const params = await this.editMode.buildParams(toEditOptions(form, sel, prompt));
      const jobId = this.startJob(params.options.n ?? 1);
      const source = this.editMode.sourceOf(params);
      if (source && params.mode === 'edit') this.tools.rememberEdit(jobId, source);
      this.channel.notify({ type: 'edit', jobId, params });
      // The results appear below the edit area: bring the first waiting card into view.
      this.gallery.firstOfJob(jobId)?.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      this.generateButton.disabled = false;
      this.say(errorMessage(err), 'error');
    }
  }

  /** A new job: a fresh status line, waiting cards for its images, Cancel. */
  private startJob(n: number): string {
    this.jobId = `job-${Date.now().toString(36)}-${++this.jobCounter}`;
    this.status.clear();
    this.setBusy(true, t('Starting…'));
    this.gallery.reserve(this.jobId, n);
    return this.jobId;
  }

  private cancel(): void {
    if (!this.jobId) return;
    this.channel.notify({ type: 'cancel', jobId: this.jobId });
    this.status.progress(t('Cancelling…'));
  }

  private finish(error: string | undefined, saved: number, failures: string[], cancelled: boolean, warnings: string[]): void {
    this.jobId = undefined;
    this.setBusy(false);
    const parts: string[] = [];
    if (error) parts.push(error);
    else if (cancelled)
      parts.push(
        !saved ? t('Cancelled.') : saved === 1 ? t('Cancelled after 1 image.') : t('Cancelled after {count} images.', { count: saved }),
      );
    else parts.push(saved === 1 ? t('1 image saved.') : t('{count} images saved.', { count: saved }));
    parts.push(...failures, ...warnings);
    const kind: StatusKind =
      error || (failures.length && !saved) ? 'error' : failures.length || warnings.length ? 'warning' : cancelled ? 'info' : 'ok';
    this.say(parts.join(' '), kind);
  }

  private async runAction(message: ResultActionMessage): Promise<void> {
    try {
      const reply = await this.request(message);
      this.say(reply.message, reply.status === 'done' ? 'ok' : 'error');
    } catch (err) {
      this.say(errorMessage(err), 'error');
    }
  }

  private async runLocal(action: 'copyImage' | 'useSettings' | 'regenerate' | 'compare' | 'lightbox', r: ResultView): Promise<void> {
    if (action === 'copyImage') return this.tools.copyImage(r);
    if (action === 'compare')
      return this.tools.compare(r).catch((err: unknown) => this.say(t('Could not compare: {problem}', { problem: String(err) }), 'error'));
    if (action === 'lightbox') {
      const src = this.gallery.imageSource(r.id);
      if (src) this.tools.lightbox(r, src);
      return;
    }
    try {
      const reply = await this.request({ type: 'reuse', resultId: r.id });
      const { mode } = reply.settings;
      if (mode !== this.form.mode) this.setMode(mode);
      this.form.apply(reply.settings);
      if (action === 'regenerate' && mode === 'generate') this.generate();
      else if (action === 'regenerate') {
        this.say(
          mode === 'edit'
            ? t('Settings of {name} restored: choose the input image, then Edit.', { name: r.fileName })
            : t('Settings of {name} restored: choose the input image, then Make variations.', { name: r.fileName }),
        );
      } else this.say(t('Settings of {name} are in the form.', { name: r.fileName }), 'ok');
    } catch (err) {
      this.say(errorMessage(err), 'error');
    }
  }

  /** A dropped image becomes an input: Generate switches to Edit, which takes it first. */
  private async dropInput(uri: string): Promise<void> {
    try {
      const reply = await this.request({ type: 'dropInput', uri });
      if (!reply.input) return;
      if (this.form.mode === 'generate') this.setMode('edit');
      this.editMode.addInput(reply.input);
      this.say(t('{name} added to the inputs.', { name: reply.input.name }), 'ok');
    } catch (err) {
      this.say(errorMessage(err), 'error');
    }
  }

  private wireEvents(): void {
    byId('generate-form', HTMLFormElement).addEventListener('submit', (e) => {
      e.preventDefault();
      this.generate();
    });
    this.cancelButton.addEventListener('click', () => this.cancel());
    byId('mode', HTMLElement).addEventListener('change', (e) => {
      const v = e.target instanceof HTMLInputElement ? e.target.value : '';
      if (v === 'generate' || v === 'edit' || v === 'variation') this.setMode(v);
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.generate();
      } else if (e.key === 'Escape' && this.jobId) {
        e.preventDefault();
        this.cancel();
      }
    });
    wireDrops(document.body, { drop: (uri) => this.dropInput(uri), say: (t, k) => this.say(t, k) });
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
}
