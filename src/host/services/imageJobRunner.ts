// The one runner of image jobs for the commands and the Studio: generate, edit, variation. Each job
// checks everything before sending (key, provider, folder, output folder), resolves its model's
// capabilities once, builds its engine job (hostEngine.ts) and runs it through core's engine,
// which writes every image that arrived (with its sidecar) into the workspace as each request
// completes.
import * as vscode from 'vscode';
import { BatchApiClient } from '../../core/batch/batchApi';
import { createImagesClient, type ImagesClient } from '../../core/client/imagesClient';
import { timerClock } from '../../core/client/retry';
import type { EngineAdapters, EngineJob, PlacedImage } from '../../core/engine/engineTypes';
import { placeInFolder } from '../../core/engine/placeInFolder';
import { runJob } from '../../core/engine/runJob';
import { KEY_COLOUR } from '../../core/image/keyColour';
import { modelOptionsOf } from '../../core/models/capabilities';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';
import type { ModelCapabilities } from '../../core/models/capabilityTypes';
import type { FetchLike, HostLookup, ProviderConfig } from '../../core/types';
import type { ApiKeyStore } from './apiKeyStore';
import { requireApiKey } from './apiKeyPrompt';
import { checkEditBasics, loadMask, refuseIfPreparationNeeded, variationPlanFor } from './editChecks';
import type { HostCalendar } from './hostCalendar';
import { editJob, generationJob, hostAdapters, variationJob } from './hostEngine';
import { lookupAllAddresses } from './hostLookup';
import { offThreadPixels } from './imageWorkerClient';
import { loadInputImage, type LoadedInput } from './inputImages';
import type {
  EditParams,
  GenerateParams,
  JobCallbacks,
  JobOutcome,
  JobTarget,
  LoadedEditInputs,
  RunnableVariationPlan,
  SavedImage,
  VariationParams,
} from './jobTypes';
import { askKeyColourFallback } from './keyColourFallback';
import type { Log } from './log';
import type { ModelLifecycle } from './modelLifecycle';
import { checkRealLocation, chooseWorkspaceFolder, relativeToFolder, resolveOutputFolder } from './outputLocation';
import { readGenerationDefaults, readOutputSettings, readProviderConfig, readRequestLimits } from './settings';
import { readSidecar } from './sidecarReader';
import { UserFacingError } from './userFacingError';
import { workspaceFileSystem } from './workspaceFileSystem';
import { t } from '../../core/l10n';

/**
 * Runs image jobs. A job that cannot start throws (a UserFacingError, or the client's error when
 * nothing arrived); the caller that shows the failure also logs it, once. What a job did log is
 * each image's save or write failure (resultWriter.ts) and each failed request of a batch.
 */
export class ImageJobRunner {
  /** Ids of saved images, unique in this window (the Studio refers to results by them, never by path). */
  private savedCount = 0;
  /** Notes already shown in this window (a note repeated after every run is noise). */
  private readonly saidNotes = new Set<string>();

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
    /** The extension's calendar (the day for lifecycles, the moment for names and sidecars). */
    readonly calendar: HostCalendar,
    /** The extension's models now (the imageStudio.models setting can change between jobs). */
    private readonly modelsNow: () => ModelCatalogue,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly lifecycle?: ModelLifecycle,
    private readonly lookupHost: HostLookup = lookupAllAddresses,
  ) {}

  /** The models a job starting now sees. */
  get models(): ModelCatalogue {
    return this.modelsNow();
  }

  /** Generates images from a prompt and saves them. */
  async generate(params: GenerateParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    if (!params.prompt.trim()) throw new UserFacingError(vscode.l10n.t('Describe the image to generate: the prompt is empty.'));
    const target = await this.prepare(params.folderHint, params.outputFolder);
    const defaults = readGenerationDefaults(target.folder.uri);
    const caps = this.models.capabilities(params.model ?? defaults.model);
    const provider = target.provider;
    const options = modelOptionsOf(
      caps,
      'generations',
      provider.kind,
      this.calendar.today(),
      provider.kind === 'compatible' ? provider.endpoints : undefined,
    );
    const job = generationJob(params, caps.id, defaults, options);
    const n = job.send.request.n ?? 1;
    callbacks.onStage?.(
      n === 1
        ? vscode.l10n.t('Asking {model} for 1 image…', { model: caps.id })
        : vscode.l10n.t('Asking {model} for {count} images…', { model: caps.id, count: n }),
    );
    this.log.info(`Generating ${n} image(s) with ${caps.id} into ${target.outputDir.path}`);
    return this.run(job, { target, callbacks, signal, caps, concurrency: defaults.concurrency });
  }

  /** Edits workspace files as they are (the command): loads and checks them, then sends. */
  async edit(params: EditParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    const { model, prompt, caps } = checkEditBasics(this.models, params, params.images.length, params.images[0]);
    const inputs: LoadedInput[] = [];
    for (const uri of params.images) inputs.push(await loadInputImage(uri));
    const [first] = inputs;
    const mask = params.mask && first ? await loadMask(params.mask, first) : undefined;
    refuseIfPreparationNeeded(inputs, caps, 'edits', !!mask);
    return this.editLoaded({ ...params, model, prompt }, { images: inputs, mask }, callbacks, signal, caps);
  }

  /**
   * Sends an edit of inputs already loaded and checked, and saves the results. Both the command
   * (files as they are) and the Studio (prepared bytes) end here, so writing, sidecars (input
   * hashes) and the protected-pixels composite are the same. The composite lays the result onto
   * `images[0].bytes`, i.e. onto what was sent: the prepared image when it was converted.
   */
  async editLoaded(
    params: Omit<EditParams, 'images' | 'mask'> & { model: string },
    loaded: LoadedEditInputs,
    callbacks: JobCallbacks,
    signal: AbortSignal,
    caps: ModelCapabilities = this.models.capabilities(params.model),
  ): Promise<JobOutcome> {
    const inputs = loaded.images;
    const { mask, markup } = loaded;
    const [first] = inputs;
    if (!first) throw new UserFacingError(vscode.l10n.t('Choose at least one image to edit.'));
    const defaults = readGenerationDefaults(first.uri);
    const target = await this.prepare(first.uri, params.outputFolder);
    const sending = { count: inputs.length, model: params.model };
    callbacks.onStage?.(
      inputs.length === 1
        ? mask
          ? t('Sending 1 image and a mask to {model}…', sending)
          : t('Sending 1 image to {model}…', sending)
        : mask
          ? t('Sending {count} images and a mask to {model}…', sending)
          : t('Sending {count} images to {model}…', sending),
    );
    const protect = !!mask && (params.protectUnmasked ?? defaults.protectUnmaskedPixels);
    const job = editJob(params, inputs, mask, protect, markup);
    return this.run(job, { target, callbacks, signal, caps, concurrency: defaults.concurrency });
  }

  /**
   * Makes variations of one image: through /images/variations where the model and provider have it
   * (dall-e-2 on compatible servers and older deployments), otherwise through /images/edits with the
   * image as reference and the variation instruction. The route is recorded in the result.
   */
  async variation(params: VariationParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    const plan = variationPlanFor(this.models, params, this.calendar.today(), params.image);
    const input = await loadInputImage(params.image);
    const caps = this.models.capabilities(plan.model);
    refuseIfPreparationNeeded([input], caps, plan.route, false);
    return this.variationLoaded(params, plan, input, callbacks, signal, caps);
  }

  /** Sends a variation of one loaded (and, from the Studio, prepared) image along `plan`'s route. */
  async variationLoaded(
    params: Omit<VariationParams, 'image'> & { sidecarExtra?: Record<string, unknown> },
    plan: RunnableVariationPlan,
    input: LoadedInput,
    callbacks: JobCallbacks,
    signal: AbortSignal,
    caps: ModelCapabilities = this.models.capabilities(plan.model),
  ): Promise<JobOutcome> {
    const defaults = readGenerationDefaults(input.uri);
    const target = await this.prepare(input.uri, params.outputFolder);
    callbacks.onStage?.(
      plan.route === 'variations'
        ? t('Asking {model} for variations…', { model: plan.model })
        : t('Making variations with {model} (edits with an instruction)…', { model: plan.model }),
    );
    return this.run(variationJob(this.models, params, plan, input.input), {
      target,
      callbacks,
      signal,
      caps,
      concurrency: defaults.concurrency,
    });
  }

  /** True the first time `note` is asked about in this window, false afterwards. */
  firstTimeSaid(note: string): boolean {
    if (this.saidNotes.has(note)) return false;
    this.saidNotes.add(note);
    return true;
  }

  /** Reads a saved image's sidecar (the Studio's details and "Use these settings"). */
  readDetails(image: SavedImage): Promise<Record<string, unknown> | undefined> {
    return readSidecar(image);
  }

  /** The Files and Batch API client for the provider in the settings, with the stored key. */
  async batchApi(): Promise<{ api: BatchApiClient; provider: ProviderConfig; fetch: FetchLike; lookupHost: HostLookup }> {
    const provider = readProviderConfig();
    const key = await requireApiKey(this.keys, provider);
    return {
      api: new BatchApiClient(provider, key, this.fetchImpl, readRequestLimits().timeoutMs),
      provider,
      fetch: this.fetchImpl,
      lookupHost: this.lookupHost,
    };
  }

  /** Provider, key and client: what every request needs (an asset build needs no output folder). */
  async connect(): Promise<{ provider: ProviderConfig; client: ImagesClient }> {
    const provider = readProviderConfig();
    const key = await requireApiKey(this.keys, provider);
    // Shutdown dates from the server: the cached answer now, a refresh (at most daily) for later jobs.
    this.lifecycle?.refreshInBackground(provider, key);
    const client = createImagesClient(provider, key, this.fetchImpl, {
      ...readRequestLimits(),
      clock: timerClock(() => Date.now()),
      lookupHost: this.lookupHost,
      today: this.calendar.today(),
      models: this.models,
      serverModels: () => this.lifecycle?.current(provider),
      log: (level, message) => this.log[level](message),
    });
    return { provider, client };
  }

  /** Key, provider, client, folder and output folder: everything checked before anything is sent. */
  async prepare(folderHint?: vscode.Uri, outputFolder?: string): Promise<JobTarget> {
    const { provider, client } = await this.connect();
    const folder = await chooseWorkspaceFolder(folderHint);
    if (!folder)
      throw new UserFacingError(vscode.l10n.t('Open a folder first: Image Studio writes images into the workspace.'), 'openFolder');
    const output = readOutputSettings(folder.uri);
    const outputDir = resolveOutputFolder(folder, outputFolder ?? output.outputFolder);
    await checkRealLocation(folder, outputDir);
    return { provider, client, folder, outputDir, template: output.fileNameTemplate, writeSidecar: output.writeSidecar };
  }

  /** The engine's adapters of this window: workspace.fs, the worker thread, the host calendar. */
  adapters(callbacks: JobCallbacks = {}, onPlaced: (image: PlacedImage) => void = () => undefined): EngineAdapters {
    return hostAdapters(
      {
        fs: workspaceFileSystem,
        pixels: offThreadPixels,
        now: () => this.calendar.now(),
        askFallback: (model) => askKeyColourFallback(model),
      },
      callbacks,
      onPlaced,
    );
  }

  /**
   * Runs a job through the engine into the job's output folder: each request's images are
   * streamed into temp files there, processed (in a worker thread), placed under free names with
   * their sidecars and shown (onSaved) as soon as that request completes.
   */
  private async run(job: EngineJob, ctx: RunScope): Promise<JobOutcome> {
    const { target, callbacks, signal } = ctx;
    const saved: SavedImage[] = [];
    const prompt = 'prompt' in job.send.request ? job.send.request.prompt : '';
    const complexity = 'complexity' in job.send.request ? job.send.request.complexity : undefined;
    const adapters = this.adapters(callbacks, (placed) => {
      const image = this.savedImage(placed, target, prompt, complexity);
      saved.push(image);
      this.log.info(`Saved ${image.relativePath}${image.sidecarUri ? ' with its provenance sidecar' : ''}`);
      callbacks.onSaved?.(image);
    });
    const result = await runJob(job, {
      client: target.client,
      adapters,
      placement: placeInFolder({
        fs: workspaceFileSystem,
        dir: target.outputDir.toString(),
        template: target.template,
        sidecar: target.writeSidecar,
        date: adapters.now(),
        named: job.send,
      }),
      concurrency: ctx.concurrency,
      signal,
      caps: ctx.caps,
    });
    if (result.fellBack)
      this.log.warn(`${result.model} refused a transparent background; made on ${KEY_COLOUR.hex} and keyed out locally.`);
    const failures = result.failures.map((f) => f.message);
    for (const f of failures) this.log.warn(f);
    return {
      saved: saved.sort((a, b) => a.index - b.index),
      failures,
      cancelled: result.cancelled,
      warnings: [
        ...(result.fellBack
          ? [
              vscode.l10n.t('{model} refused a transparent background: made on {hex} and keyed out locally (recorded in the sidecar).', {
                model: result.model,
                hex: KEY_COLOUR.hex,
              }),
            ]
          : []),
        ...result.warnings,
      ],
      notes: result.notes,
    };
  }

  /** The Studio's and the commands' view of a placed image: an opaque id, the Uri, the path in the folder. */
  private savedImage(placed: PlacedImage, target: JobTarget, prompt: string, complexity: string | undefined): SavedImage {
    const uri = vscode.Uri.parse(placed.path, true);
    return {
      id: `img-${++this.savedCount}`,
      uri,
      relativePath: relativeToFolder(target.folder, uri),
      ...(placed.sidecar ? { sidecarUri: vscode.Uri.parse(placed.sidecar, true) } : {}),
      index: placed.index,
      format: placed.format,
      prompt,
      ...(placed.revisedPrompt ? { revisedPrompt: placed.revisedPrompt } : {}),
      ...(placed.requestId ? { requestId: placed.requestId } : {}),
      model: placed.model,
      ...(placed.usage ? { usage: placed.usage as Record<string, unknown> } : {}),
      // Named with the cost (2.6 models price it).
      ...(complexity ? { complexity } : {}),
      route: placed.route,
    };
  }
}

/** What one job runs with. */
interface RunScope {
  target: JobTarget;
  callbacks: JobCallbacks;
  signal: AbortSignal;
  caps: ModelCapabilities;
  concurrency: number;
}
