// The one runner of image jobs for the commands and the Studio: generate, edit, variation. Each job
// checks everything before sending (key, provider, folder, output folder), resolves its model's
// capabilities once and passes them down, calls the core client, and writes every image that
// arrived (with its sidecar) into the workspace as each request completes.
import * as vscode from 'vscode';
import { BatchApiClient } from '../../core/batch/batchApi';
import { editImages, generateImages, varyImages, type BatchOptions, type BatchResult } from '../../core/client/batch';
import { createImagesClient } from '../../core/client/imagesClient';
import { isTransparencyRefusal, KEY_COLOUR, keyColourRequest } from '../../core/image/keyColour';
import { buildEditRequest, buildGenerateRequest } from '../../core/jobRequests';
import { getModelCapabilities, modelOptionsOf } from '../../core/models/capabilities';
import type { ModelCapabilities } from '../../core/models/capabilityTypes';
import { variationAsEdit } from '../../core/models/variationAsEdit';
import { stripUndefined } from '../../core/stripUndefined';
import { holdAllInMemory, tempSpool } from '../../core/save/tempSpool';
import type { EditRequest, FetchLike, GenerateRequest, HostLookup, ImagesResult, ProviderConfig, VariationRequest } from '../../core/types';
import type { ApiKeyStore } from './apiKeyStore';
import { requireApiKey } from './apiKeyPrompt';
import { checkEditBasics, loadMask, refuseIfPreparationNeeded, variationPlanFor } from './editChecks';
import { hostNow, hostToday } from './hostCalendar';
import { lookupAllAddresses } from './hostLookup';
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
import { keyOutResults, wantsKeyColourFallback } from './keyColourFallback';
import type { Log } from './log';
import type { ModelLifecycle } from './modelLifecycle';
import { checkRealLocation, chooseWorkspaceFolder, resolveOutputFolder } from './outputLocation';
import { protectUnmaskedPixels } from './protectUnmasked';
import { saveResults, type SaveOptions, type SaveTarget } from './resultWriter';
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
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly lifecycle?: ModelLifecycle,
    private readonly lookupHost: HostLookup = lookupAllAddresses,
  ) {}

  /** Generates images from a prompt and saves them. */
  async generate(params: GenerateParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    if (!params.prompt.trim()) throw new UserFacingError(vscode.l10n.t('Describe the image to generate: the prompt is empty.'));
    const target = await this.prepare(params.folderHint, params.outputFolder);
    const defaults = readGenerationDefaults(target.folder.uri);
    const caps = getModelCapabilities(params.model ?? defaults.model);
    const provider = target.provider;
    const options = modelOptionsOf(
      caps,
      'generations',
      provider.kind,
      hostToday(),
      provider.kind === 'compatible' ? provider.endpoints : undefined,
    );
    const request = buildGenerateRequest(params, defaults, options);
    callbacks.onStage?.(
      request.n === 1
        ? vscode.l10n.t('Asking {model} for 1 image…', { model: request.model })
        : vscode.l10n.t('Asking {model} for {count} images…', { model: request.model, count: request.n ?? 1 }),
    );
    this.log.info(
      `Generating ${request.n} image(s) with ${request.model} (${request.size ?? 'default size'}) into ${target.outputDir.path}`,
    );
    const run = (sent: GenerateRequest & { n: number }, process?: SaveTarget['process']): Promise<JobOutcome> =>
      this.runAndSave(
        (batch) =>
          generateImages(target.client, sent, {
            ...batch,
            onStage: (s) => {
              if (s.stage === 'waiting') callbacks.onStage?.(vscode.l10n.t('Generating with {model}…', { model: request.model }));
              else if (s.stage === 'retrying')
                callbacks.onStage?.(
                  vscode.l10n.t('{reason}; retrying in {seconds} s…', { reason: s.reason, seconds: Math.ceil(s.delayMs / 1000) }),
                );
              else if (s.stage === 'partial')
                callbacks.onStage?.(
                  vscode.l10n.t('Preview {preview} of image {image}…', { preview: s.partialIndex + 1, image: s.imageIndex + 1 }),
                );
            },
          }),
        { request, target, route: 'generations', callbacks, signal, caps, defaults, ...(process ? { process } : {}) },
      );
    try {
      return await run(request);
    } catch (err) {
      if (request.background !== 'transparent' || !isTransparencyRefusal(err) || !(await wantsKeyColourFallback(params, request.model)))
        throw err;
      this.log.warn(`${request.model} refused a transparent background; generating on ${KEY_COLOUR.hex} and removing it locally.`);
      callbacks.onStage?.(vscode.l10n.t('{model} refused transparency; generating on a flat key colour…', { model: request.model }));
      return run(keyColourRequest(request), keyOutResults((err as Error).message, request.model));
    }
  }

  /** Edits workspace files as they are (the command): loads and checks them, then sends. */
  async edit(params: EditParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    const { model, prompt, caps } = checkEditBasics(params, params.images.length, params.images[0]);
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
    caps: ModelCapabilities = getModelCapabilities(params.model),
  ): Promise<JobOutcome> {
    const inputs = loaded.images;
    const { mask, markup } = loaded;
    const [first] = inputs;
    if (!first) throw new UserFacingError(vscode.l10n.t('Choose at least one image to edit.'));
    const defaults = readGenerationDefaults(first.uri);
    const target = await this.prepare(first.uri, params.outputFolder);
    const request = buildEditRequest(
      params,
      inputs.map((i) => i.input),
      mask,
      markup,
    );
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
    const withExtra = sidecarExtra(params.sidecarExtra);
    const protect = !!mask && (params.protectUnmasked ?? defaults.protectUnmaskedPixels);
    return this.runAndSave((batch) => editImages(target.client, request, batch), {
      request,
      target,
      route: 'edits',
      callbacks,
      signal,
      caps,
      defaults,
      options: withExtra({}),
      process: protect
        ? async (chunk) => {
            const protectedResult = await protectUnmaskedPixels(first, mask, chunk);
            return { ...protectedResult, options: withExtra(protectedResult.options) };
          }
        : undefined,
    });
  }

  /**
   * Makes variations of one image: through /images/variations where the model and provider have it
   * (dall-e-2 on compatible servers and older deployments), otherwise through /images/edits with the
   * image as reference and the variation instruction. The route is recorded in the result.
   */
  async variation(params: VariationParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    const plan = variationPlanFor(params, params.image);
    const input = await loadInputImage(params.image);
    const caps = getModelCapabilities(plan.model);
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
    caps: ModelCapabilities = getModelCapabilities(plan.model),
  ): Promise<JobOutcome> {
    const defaults = readGenerationDefaults(input.uri);
    const target = await this.prepare(input.uri, params.outputFolder);
    callbacks.onStage?.(
      plan.route === 'variations'
        ? t('Asking {model} for variations…', { model: plan.model })
        : t('Making variations with {model} (edits with an instruction)…', { model: plan.model }),
    );
    const save = { target, callbacks, signal, caps, defaults, options: sidecarExtra(params.sidecarExtra)({}) };
    if (plan.route === 'variations') {
      const request: VariationRequest = stripUndefined({ model: plan.model, image: input.input, n: params.n ?? 1, size: params.size });
      return this.runAndSave((batch) => varyImages(target.client, request, batch), { ...save, request, route: 'variations' });
    }
    // The same request the CLI sends: a size the edit model refuses is dropped, not sent.
    const request: EditRequest = variationAsEdit(plan.model, plan.prompt, input.input, {
      n: params.n ?? 1,
      ...(params.size ? { size: params.size } : {}),
    });
    return this.runAndSave((batch) => editImages(target.client, request, batch), { ...save, request, route: 'edits-as-variation' });
  }

  /** Reads a saved image's sidecar (the Studio's details and "Use these settings"). */
  readDetails(image: SavedImage): Promise<Record<string, unknown> | undefined> {
    return readSidecar(image);
  }

  /** Key, provider, client, folder and output folder: everything checked before anything is sent. */
  /** The Files and Batch API client for the provider in the settings, with the stored key. */
  async batchApi(): Promise<{ api: BatchApiClient; provider: ProviderConfig; fetch: FetchLike }> {
    const provider = readProviderConfig();
    const key = await requireApiKey(this.keys, provider);
    return { api: new BatchApiClient(provider, key, this.fetchImpl, readRequestLimits().timeoutMs), provider, fetch: this.fetchImpl };
  }

  async prepare(folderHint?: vscode.Uri, outputFolder?: string): Promise<JobTarget> {
    const provider = readProviderConfig();
    const key = await requireApiKey(this.keys, provider);
    const folder = await chooseWorkspaceFolder(folderHint);
    if (!folder)
      throw new UserFacingError(vscode.l10n.t('Open a folder first: Image Studio writes images into the workspace.'), 'openFolder');
    const output = readOutputSettings(folder.uri);
    const outputDir = resolveOutputFolder(folder, outputFolder ?? output.outputFolder);
    await checkRealLocation(folder, outputDir);
    const limits = readRequestLimits();
    // Shutdown dates from the server: the cached answer now, a refresh (at most daily) for later jobs.
    this.lifecycle?.refreshInBackground(provider, key);
    const client = createImagesClient(provider, key, this.fetchImpl, {
      ...limits,
      lookupHost: this.lookupHost,
      today: hostToday(),
      serverModels: () => this.lifecycle?.current(provider),
      log: (level, message) => this.log[level](message),
    });
    return { provider, client, folder, outputDir, template: output.fileNameTemplate, writeSidecar: output.writeSidecar };
  }

  /**
   * Runs a batch and writes each request's images as soon as that request completes (see
   * resultWriter.ts), so finished images are on disk and in the gallery while others are still
   * being made. JSON answers stream each image into a temp file in the output folder as it is
   * decoded (tempSpool.ts), so no request holds its images in memory; saving one is a rename.
   * `process` may rework a request's images before writing (the edit composite, the key-colour
   * fallback) and add sidecar steps: it gets them read back into memory.
   */
  private async runAndSave(batch: (options: BatchOptions) => Promise<BatchResult>, job: SaveTarget & JobBatch): Promise<JobOutcome> {
    const saved: SavedImage[] = [];
    const failures: string[] = [];
    const warnings: string[] = [];
    const date = hostNow();
    // An SVG is text: it is checked whole, so it is never streamed to a temp file.
    const svg = 'outputFormat' in job.request && job.request.outputFormat === 'svg';
    const spool = svg ? undefined : tempSpool(workspaceFileSystem, job.target.outputDir.toString());
    const onResult = async (arrived: ImagesResult): Promise<void> => {
      let chunk: BatchResult = { ...arrived, failures: [], warnings: [] };
      let options = job.options ?? {};
      if (job.process) {
        const images = await holdAllInMemory(workspaceFileSystem, chunk.images);
        const processed = await job.process({ ...chunk, images });
        chunk = processed.result;
        options = processed.options ?? options;
        if (processed.note) warnings.push(processed.note);
      }
      const outcome = await saveResults(this.log, { ...job, result: chunk, options, date });
      saved.push(...outcome.saved);
      failures.push(...outcome.failures);
      warnings.push(...outcome.warnings);
    };
    let result: BatchResult;
    try {
      result = await batch({
        concurrency: job.defaults.concurrency,
        signal: job.signal,
        caps: job.caps,
        onResult,
        onPartial: job.callbacks.onPartial,
        ...(spool ? { spool } : {}),
      });
    } finally {
      await spool?.removeLeftovers();
    }
    const batchFailures = result.failures.map((f) => f.error.message);
    for (const f of batchFailures) this.log.warn(f);
    return {
      saved: saved.sort((a, b) => a.index - b.index),
      failures: [...batchFailures, ...failures],
      cancelled: job.signal.aborted,
      warnings: [...new Set([...result.warnings, ...warnings])],
    };
  }
}

/** What every batch of a job shares: the model's row, resolved once, and the settings it runs under. */
interface JobBatch {
  caps: ModelCapabilities;
  defaults: { concurrency: number };
}

/** Adds the caller's fields (the Studio's preparation record) to every sidecar a save writes. */
function sidecarExtra(extra: Record<string, unknown> | undefined): (options: SaveOptions) => SaveOptions {
  return (options) =>
    extra
      ? {
          async afterWrite(image, written) {
            return { ...(await options.afterWrite?.(image, written)), ...extra };
          },
        }
      : options;
}
