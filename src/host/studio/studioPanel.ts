import { offerReplacement } from '../services/retiredModels';
import type { ModelLifecycle } from '../services/modelLifecycle';
import * as vscode from 'vscode';
import { MessageHandler } from '../../shared/messageHandler';
import {
  LIMITS,
  type EditInputsMessage,
  type ShowFramesMessage,
  type ExternalJobMessage,
  type FromWebview,
  type PriceTable,
  type ResultActionMessage,
  type ResultView,
  type ToWebview,
} from '../../shared/protocol';
import { isStudioRequest, type StudioAnswers, type StudioNotification, type StudioRequest } from '../../shared/studioReplies';
import { workspaceUriFromArg } from '../services/workspaceFiles';
import { parseFromWebview } from '../../shared/validateMessages';
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { SavedImage } from '../services/jobTypes';
import type { Log } from '../services/log';
import { LastTextEditor } from './insertIntoDocument';
import { ResultRegistry } from './resultRegistry';
import { toResultView } from './resultViews';
import { StudioActions } from './studioActions';
import type { StudioEditRunner } from './studioEditJobs';
import { StudioInputs } from './studioInputs';
import { createNonce, renderStudioHtml } from './studioHtml';
import { StudioJobs } from './studioJobs';
import { readWorkspaceHistory } from './studioHistory';
import { studioDefaults, studioModels } from './studioModels';
import { chooseOutputFolder, outputFolderLabel, studioPrices } from './studioSettings';
import { studioWebviewOptions } from './studioWebviewOptions';

/** What the Studio needs from activate(). */
export interface StudioDeps {
  generation: Pick<ImageJobRunner, 'generate' | 'readDetails' | 'calendar' | 'models'>;
  log: Log;
  /** Edits and variations; without it the Studio only generates. */
  edits?: StudioEditRunner;
  /** The server's models list (shutdown dates, models the key can use). */
  lifecycle?: ModelLifecycle;
}

/** Everything a StudioController runs on (tests pass their own memento). */
export interface StudioEnv extends StudioDeps {
  extensionUri: vscode.Uri;
  memento: vscode.Memento;
}

const VIEW_TYPE = 'imageStudio.studio';

/** The prompt in `openStudio`'s argument (`{ prompt }` or a string), bounded; anything else is ignored. */
export function promptArgument(args: unknown): string | undefined {
  const value =
    typeof args === 'string' ? args : typeof args === 'object' && args !== null ? (args as { prompt?: unknown }).prompt : undefined;
  return typeof value === 'string' && value.trim() ? value.slice(0, LIMITS.promptChars) : undefined;
}

/** An image to edit from `openStudio`'s argument (`{ editImage, prompt?, mode? }`), only inside the workspace. */
export function editArgument(args: unknown): { uri: vscode.Uri; mode: 'edit' | 'variation' } | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const o = args as { editImage?: unknown; mode?: unknown };
  const uri = o.editImage === undefined ? undefined : workspaceUriFromArg(o.editImage);
  return uri && { uri, mode: o.mode === 'variation' ? 'variation' : 'edit' };
}

/** One Studio webview panel: renders the page and carries its messages. */
export class StudioPanel implements vscode.Disposable {
  /** The panel's view type (also in activationEvents as onWebviewPanel:imageStudio.studio). */
  static readonly viewType = VIEW_TYPE;
  private static controller: StudioController | undefined;

  /** Registers `imageStudio.openStudio` and the serializer that restores the panel after a reload. */
  static register(context: vscode.ExtensionContext, deps: StudioDeps): StudioController {
    const controller = new StudioController({ ...deps, extensionUri: context.extensionUri, memento: context.workspaceState });
    StudioPanel.controller = controller;
    context.subscriptions.push(
      controller,
      vscode.commands.registerCommand('imageStudio.openStudio', async (args?: unknown) => {
        const edit = editArgument(args);
        if (edit) await controller.openEdit(edit.uri, edit.mode, promptArgument(args));
        else controller.open(promptArgument(args));
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
          controller.revive(panel);
        },
      }),
    );
    return controller;
  }

  /** Adds results made elsewhere (Generate Image, Create Variation) to the gallery, without opening the Studio over them. */
  static showResults(saved: readonly SavedImage[], prompt: string): void {
    StudioPanel.controller?.showResults(saved, prompt);
  }

  /** Shows a command's job in an open Studio (named by its prompt), so parallel jobs are told apart. */
  static externalJob(message: ExternalJobMessage): void {
    StudioPanel.controller?.current?.post(message);
  }

  /** Opens the Studio and plays a sheet's frames (Play Sheet, Review Sheet). */
  static showFrames(message: ShowFramesMessage): void {
    StudioPanel.controller?.showFrames(message);
  }

  /** Opens the Studio in edit mode on a workspace image (the Edit command's "Paint a mask in the Studio"). */
  static async editImage(image: vscode.Uri, prompt?: string): Promise<void> {
    // The user chose to paint: a `name.mask.png` beside is offered, not chosen for them.
    await StudioPanel.controller?.openEdit(image, 'edit', prompt, 'paint');
  }

  private readonly channel: MessageHandler<ToWebview, FromWebview>;
  private readonly roots: readonly vscode.Uri[];
  private readonly disposables: vscode.Disposable[] = [];
  /** True once the page said `ready`; messages before that would be lost. */
  ready = false;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly controller: StudioController,
  ) {
    const options = studioWebviewOptions(controller.env.extensionUri);
    this.roots = options.localResourceRoots ?? [];
    panel.webview.options = options;
    this.channel = new MessageHandler<ToWebview, FromWebview>({
      // A closed panel drops messages: a job or a slow reply may outlive it.
      post: (envelope) => {
        if (!this.disposed) void panel.webview.postMessage(envelope);
      },
      parse: parseFromWebview,
      onMessage: (message) => controller.handle(this, message),
      errorReply: (message) => ({ type: 'requestFailed', message }),
      onRefused: (reason) => controller.env.log.warn(`Studio: refused a message from the webview (${reason}).`),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.render();
  }

  /** Takes one raw message from the webview; false when it was refused. */
  receive(raw: unknown): Promise<boolean> {
    return this.channel.receive(raw);
  }

  /** (Re)writes the page with a fresh nonce. */
  render(): void {
    const webview = this.panel.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.controller.env.extensionUri, ...path)).toString();
    this.ready = false;
    webview.html = renderStudioHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'webview.js'),
      styleUri: asset('media', 'studio.css'),
      catalogue: vscode.l10n.bundle,
      language: vscode.env.language,
    });
  }

  /** Sends a notification to the page. */
  post(message: ToWebview): void {
    this.channel.notify(message);
  }

  /** How this panel shows a saved image. */
  view(image: SavedImage): Promise<ResultView> {
    return toResultView(this.panel.webview, this.roots, image, this.controller.prices);
  }

  dispose(): void {
    this.disposed = true;
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.controller.forget(this);
  }
}

/** The Studio as a whole: the single panel, its results, jobs and actions. */
export class StudioController implements vscode.Disposable {
  readonly registry: ResultRegistry;
  readonly actions: StudioActions;
  readonly inputs = new StudioInputs();
  private readonly jobs: StudioJobs;
  private readonly editors = new LastTextEditor();
  private panelInstance: StudioPanel | undefined;
  private seedPrompt: string | undefined;
  /** Edit inputs for a page that has not said `ready` yet. */
  private seedEdit: EditInputsMessage | undefined;
  private seedFrames: ShowFramesMessage | undefined;
  /** The last edit's inputs, for a page reloaded (hidden and shown) in edit mode. */
  private lastEdit: EditInputsMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The price table in use (built-in plus imageStudio.prices). */
  prices: PriceTable;

  constructor(readonly env: StudioEnv) {
    this.registry = new ResultRegistry(env.memento);
    this.prices = studioPrices(env.log);
    this.actions = new StudioActions({
      registry: this.registry,
      editors: this.editors,
      log: env.log,
      generation: env.generation,
      useAsInput: (image, purpose) => this.openEdit(image.uri, purpose),
      notify: (change) => {
        if (change.removed?.length) this.current?.post({ type: 'resultsRemoved', resultIds: change.removed });
        if (change.missing?.length) this.current?.post({ type: 'resultsMissing', resultIds: change.missing });
      },
    });
    this.jobs = new StudioJobs(
      env.generation,
      this.registry,
      env.log,
      () => this.panelInstance,
      (err) => offerReplacement(err, env.log),
    );
    // A gallery image deleted or moved outside the Studio: its card says so at once.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{png,jpg,jpeg,webp,gif,svg}', true, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidDelete((uri) => {
        const ids = this.registry.idsOf(uri);
        if (ids.length) this.current?.post({ type: 'resultsMissing', resultIds: ids });
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('imageStudio.prices')) this.prices = studioPrices(env.log);
        if (e.affectsConfiguration('imageStudio.outputFolder'))
          this.current?.post({ type: 'outputFolder', outputFolder: outputFolderLabel() });
      }),
    );
  }

  /** The open panel, if any. */
  get current(): StudioPanel | undefined {
    return this.panelInstance;
  }

  /** Reveals the panel, or creates it (one Studio per window). */
  createOrShow(): StudioPanel {
    if (this.panelInstance) {
      this.panelInstance.panel.reveal();
      return this.panelInstance;
    }
    // Beside the document being written, so results can be inserted into it while both are visible.
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('Image Studio'),
      column,
      studioWebviewOptions(this.env.extensionUri),
    );
    this.panelInstance = new StudioPanel(panel, this);
    return this.panelInstance;
  }

  /** Adopts a panel VS Code restored after a reload. */
  revive(panel: vscode.WebviewPanel): StudioPanel {
    this.panelInstance?.panel.dispose();
    this.panelInstance = new StudioPanel(panel, this);
    return this.panelInstance;
  }

  /** Opens the Studio; a prompt (from Generate Image's "Open in the Studio") goes into the editor. */
  open(prompt?: string): StudioPanel {
    const existing = this.panelInstance;
    if (prompt !== undefined) this.seedPrompt = prompt;
    const panel = this.createOrShow();
    if (prompt !== undefined && existing && panel.ready) {
      this.seedPrompt = undefined;
      panel.post({ type: 'setPrompt', prompt });
    }
    return panel;
  }

  /** Opens the Studio with a sheet's frame player; a page still loading gets it in `init`. */
  showFrames(message: ShowFramesMessage): void {
    const existing = this.panelInstance;
    const panel = this.createOrShow();
    if (existing && panel.ready) panel.post(message);
    else this.seedFrames = message;
  }

  /** Opens the Studio in edit or variation mode with a workspace image as the first input. */
  async openEdit(image: vscode.Uri, mode: 'edit' | 'variation', prompt?: string, maskSource?: 'paint'): Promise<void> {
    const input = await this.inputs.fromUri(image);
    const paint = maskSource ? { maskSource } : {};
    const message: EditInputsMessage = { type: 'editInputs', mode, inputs: [input], ...(prompt ? { prompt } : {}), ...paint };
    this.lastEdit = { type: 'editInputs', mode, inputs: [input], ...paint };
    const existing = this.panelInstance;
    const panel = this.createOrShow();
    if (existing && panel.ready) panel.post(message);
    else this.seedEdit = message;
    this.env.log.info(`Studio: ${input.name} opened for ${mode === 'edit' ? 'an edit' : 'variations'}.`);
  }

  /**
   * Adds results to the gallery. The Studio is neither opened nor revealed (it would cover the
   * image the command just opened) and its prompt and edit stay as the user left them; a page
   * not loaded yet gets the results in `init`.
   */
  showResults(saved: readonly SavedImage[], prompt: string): void {
    this.registry.add(saved);
    const panel = this.panelInstance;
    if (panel?.ready) {
      void Promise.all(saved.map((s) => panel.view(s))).then((results) => panel.post({ type: 'showResults', prompt, results }));
    }
  }

  /** Answers one validated message from the page: a request with its reply, a notification with nothing. */
  async handle(panel: StudioPanel, message: FromWebview): Promise<ToWebview | undefined> {
    if (!isStudioRequest(message)) {
      this.notified(message);
      return undefined;
    }
    // The one cast: the table below is typed per request, so each answer is its request's reply.
    const answer = this.answers(panel)[message.type] as (m: StudioRequest) => Promise<ToWebview>;
    return answer(message);
  }

  /** The reply to each request type (studioReplies.ts pairs them). */
  private answers(panel: StudioPanel): StudioAnswers {
    const action = (m: ResultActionMessage) => this.actions.run(m);
    return {
      ready: async () => {
        panel.ready = true;
        const results = await Promise.all(this.registry.list().map((r) => panel.view(r).catch(() => undefined)));
        const prompt = this.seedPrompt;
        const edit = this.seedEdit;
        const frames = this.seedFrames;
        this.seedPrompt = undefined;
        this.seedEdit = undefined;
        this.seedFrames = undefined;
        return {
          type: 'init',
          models: studioModels(this.env.generation.models, this.env.generation.calendar.today(), undefined, this.env.lifecycle),
          defaults: studioDefaults(),
          results: results.filter((r): r is ResultView => r !== undefined),
          job: this.jobs.running(),
          prompt,
          ...(edit ? { edit } : {}),
          ...(frames ? { frames } : {}),
          ...(this.lastEdit && !edit ? { lastEdit: this.lastEdit } : {}),
          outputFolder: outputFolderLabel(),
          prices: this.prices,
        };
      },
      imageBytes: (m) => this.actions.imageBytes(m.resultId),
      reuse: (m) => this.actions.reuse(m.resultId),
      details: (m) => this.actions.details(m.resultId),
      chooseOutputFolder: async () => ({ type: 'outputFolder', ...(await chooseOutputFolder()) }),
      history: async () => {
        const { images, truncated } = await readWorkspaceHistory();
        this.registry.remember(images);
        const results = await Promise.all(images.map((r) => panel.view(r).catch(() => undefined)));
        return { type: 'history', results: results.filter((r): r is ResultView => r !== undefined), truncated };
      },
      chooseInput: async (m) => ({ type: 'inputChosen', input: await this.inputs.choose(m.purpose) }),
      dropInput: async (m) => ({ type: 'inputChosen', input: await this.inputs.fromDrop(m.uri) }),
      openImage: action,
      revealImage: action,
      copyPath: action,
      insertImage: action,
      useAsInput: action,
      removeResult: action,
      deleteResult: action,
      addToAssets: action,
    };
  }

  /** The messages that start or stop a job: their progress and end arrive as notifications. */
  private notified(message: StudioNotification): void {
    switch (message.type) {
      case 'generate':
        void this.jobs.start(message);
        return;
      case 'edit': {
        const edits = this.env.edits;
        const name = this.inputs.get(message.params.inputs[0]?.inputId ?? '')?.name ?? 'the image';
        const prompt = message.params.mode === 'variation' ? `variation of ${name}` : message.params.options.prompt.trim();
        void this.jobs.startJob(message.jobId, prompt, (callbacks, signal) => {
          if (!edits) throw new Error(vscode.l10n.t('Edits are not available in this Studio.'));
          return edits.run(message.params, this.inputs, callbacks, signal);
        });
        return;
      }
      case 'cancel':
        this.jobs.cancel(message.jobId);
    }
  }

  /** Called when a panel closes. */
  forget(panel: StudioPanel): void {
    if (this.panelInstance === panel) this.panelInstance = undefined;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.jobs.dispose();
    this.editors.dispose();
    this.panelInstance?.panel.dispose();
  }
}
