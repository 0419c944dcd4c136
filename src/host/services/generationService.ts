import * as vscode from 'vscode';
import { generateImages, type BatchResult } from '../../core/client/batch';
import { createImagesClient, type ImagesClient } from '../../core/client/imagesClient';
import { isImageStudioError } from '../../core/client/errors';
import { modelOptions } from '../../core/models/capabilities';
import type { FetchLike, GenerateRequest, HostLookup, ImagesResult, OutputFormat, PartialImage, ProviderConfig } from '../../core/types';
import type { ImageRequestOptions } from '../../shared/protocol';
import type { ApiKeyStore } from './apiKeyStore';
import type { Log } from './log';
import { lookupAllAddresses } from './hostLookup';
import { checkRealLocation, chooseWorkspaceFolder, resolveOutputFolder } from './outputLocation';
import { saveResults, type SaveOptions, type SaveTarget } from './resultWriter';
import { fallbackRecord, isTransparencyRefusal, KEY_COLOUR, keyColourRequest, removeKeyColour, type KeyRemoval } from '../../core/image/keyColour';
import { countTransparentPixels } from '../../core/image/pngAlpha';
import type { ModelLifecycle } from './modelLifecycle';
import { readGenerationDefaults, readOutputSettings, readProviderConfig, readRequestLimits } from './settings';
import { hostNow, hostToday } from './hostCalendar';

/** Options every image job shares; absent ones come from settings. */
export interface ImageOptions extends ImageRequestOptions {
  model?: string;
  /** Output folder relative to the workspace folder (overrides the setting). */
  outputFolder?: string;
}

/** What the user asked for; defaults are dropped when the model has no such option. */
export interface GenerateParams extends ImageOptions {
  prompt: string;
  moderation?: string;
  style?: string;
  /** A file in the workspace folder to write into (multi-root). */
  folderHint?: vscode.Uri;
  /**
   * When the model refuses a transparent background: true runs the key-colour fallback, false
   * reports the refusal; absent asks the user (with a button) first.
   */
  transparencyFallback?: boolean;
}

/** One image written to the workspace. */
export interface SavedImage {
  /** Opaque and unique: the Studio refers to results by this, never by path. */
  id: string;
  uri: vscode.Uri;
  relativePath: string;
  sidecarUri?: vscode.Uri;
  index: number;
  format: OutputFormat;
  prompt: string;
  revisedPrompt?: string;
  requestId?: string;
  model: string;
  usage?: Record<string, unknown>;
  route: string;
}

/** Progress callbacks for UIs. */
export interface JobCallbacks {
  onStage?(text: string): void;
  onPartial?(partial: PartialImage): void;
  onSaved?(image: SavedImage): void;
}

/** How a job ended (it throws only when nothing could be sent or nothing arrived). */
export interface JobOutcome {
  saved: SavedImage[];
  failures: string[];
  cancelled: boolean;
  warnings: string[];
}

/** A failure the user must act on before anything is sent (no key, no folder, bad setting). */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(message: string, readonly action?: 'setApiKey' | 'openFolder') {
    super(message);
  }
}

/**
 * Runs image jobs for the commands and the Studio: resolves key, provider, folder and options,
 * calls the core client, and writes every image that arrived (with its sidecar) into the workspace.
 */
export class GenerationService {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly lifecycle?: ModelLifecycle,
    private readonly lookupHost: HostLookup = lookupAllAddresses,
  ) {}

  /** Generates images from a prompt and saves them. */
  async generate(params: GenerateParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
    const prompt = params.prompt.trim();
    if (!prompt) throw new UserFacingError(vscode.l10n.t('Describe the image to generate: the prompt is empty.'));
    const target = await this.prepare(params.folderHint, params.outputFolder);
    const defaults = readGenerationDefaults(target.folder.uri);
    const request = this.buildGenerateRequest(params, prompt, defaults, target.provider);
    callbacks.onStage?.(request.n === 1
      ? vscode.l10n.t('Asking {model} for 1 image…', { model: request.model })
      : vscode.l10n.t('Asking {model} for {count} images…', { model: request.model, count: request.n ?? 1 }));
    this.log.info(`Generating ${request.n} image(s) with ${request.model} (${request.size ?? 'default size'}) into ${target.outputDir.path}`);
    try {
      return await this.generateWith(request, request, target, defaults, callbacks, signal);
    } catch (err) {
      if (request.background !== 'transparent' || !isTransparencyRefusal(err) || !(await this.wantsFallback(params, request.model))) throw err;
      this.log.warn(`${request.model} refused a transparent background; generating on ${KEY_COLOUR.hex} and removing it locally.`);
      callbacks.onStage?.(vscode.l10n.t('{model} refused transparency; generating on a flat key colour…', { model: request.model }));
      return this.generateWith(keyColourRequest(request), request, target, defaults, callbacks, signal, (err as Error).message);
    }
  }

  /** Asks (or reads from the arguments) whether to run the key-colour fallback; false throws the refusal on. */
  private async wantsFallback(params: GenerateParams, model: string): Promise<boolean> {
    if (params.transparencyFallback !== undefined) return params.transparencyFallback;
    const fallback = vscode.l10n.t('Use Key-Colour Fallback');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{model} refused a transparent background (on gpt-image-2 it is only a preview). Generate on a flat {hex} background and remove it locally? The result is checked for transparency and the sidecar records it.', { model, hex: KEY_COLOUR.hex }),
      fallback,
    );
    return choice === fallback;
  }

  /** Runs one generation batch; with `refusal` set, removes the key colour before saving and records it. */
  private generateWith(request: GenerateRequest & { n: number }, asked: GenerateRequest, target: JobTarget, defaults: ReturnType<typeof readGenerationDefaults>, callbacks: JobCallbacks, signal: AbortSignal, refusal?: string): Promise<JobOutcome> {
    const process = refusal === undefined ? undefined : async (result: BatchResult) => {
      const removals = new Map<number, KeyRemoval>();
      const images = await Promise.all(result.images.map(async (img) => {
        if (img.format !== 'png') return img;
        const keyed = await removeKeyColour(img.bytes);
        removals.set(img.index, keyed.removal);
        return { ...img, bytes: keyed.png };
      }));
      const options: SaveOptions = {
        afterWrite: async (img) => fallbackRecord(refusal, removals.get(img.index), ((await countTransparentPixels(img.bytes))?.transparent ?? 0) > 0),
      };
      return { result: { ...result, images }, options, note: vscode.l10n.t('{model} refused a transparent background: made on {hex} and keyed out locally (recorded in the sidecar).', { model: asked.model, hex: KEY_COLOUR.hex }) };
    };
    return this.runAndSave((onResult) => generateImages(target.client, request, {
      concurrency: defaults.concurrency,
      signal,
      onResult,
      onPartial: callbacks.onPartial,
      onStage: (s) => {
        if (s.stage === 'waiting') callbacks.onStage?.(vscode.l10n.t('Generating with {model}…', { model: request.model }));
        else if (s.stage === 'retrying') callbacks.onStage?.(vscode.l10n.t('{reason}; retrying in {seconds} s…', { reason: s.reason, seconds: Math.ceil(s.delayMs / 1000) }));
        else if (s.stage === 'partial') callbacks.onStage?.(vscode.l10n.t('Preview {preview} of image {image}…', { preview: s.partialIndex + 1, image: s.imageIndex + 1 }));
      },
    }), { request: asked, target, route: 'generations', callbacks, signal, ...(process ? { process } : {}) });
  }

  /** Reads a saved image's sidecar, or undefined when there is none or it is unreadable. */
  async readDetails(image: SavedImage): Promise<Record<string, unknown> | undefined> {
    if (!image.sidecarUri) return undefined;
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(image.sidecarUri)));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Key, provider, client, folder and output folder: everything checked before anything is sent. */
  async prepare(folderHint?: vscode.Uri, outputFolder?: string): Promise<JobTarget> {
    const provider = readProviderConfig();
    const key = await this.requireKey(provider);
    const folder = await chooseWorkspaceFolder(folderHint);
    if (!folder) throw new UserFacingError(vscode.l10n.t('Open a folder first: Image Studio writes images into the workspace.'), 'openFolder');
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
   * being made, and only the requests in flight hold images in memory. `process` may rework a
   * request's images before writing (the edit composite) and add sidecar steps.
   */
  async runAndSave(
    batch: (onResult: (result: ImagesResult) => Promise<void>) => Promise<BatchResult>,
    job: SaveTarget,
  ): Promise<JobOutcome> {
    const saved: SavedImage[] = [];
    const failures: string[] = [];
    const warnings: string[] = [];
    const date = hostNow();
    const result = await this.run(() => batch(async (arrived) => {
      let chunk: BatchResult = { ...arrived, failures: [], warnings: [] };
      let options = job.options ?? {};
      if (job.process) {
        const processed = await job.process(chunk);
        chunk = processed.result;
        options = processed.options ?? options;
        if (processed.note) warnings.push(processed.note);
      }
      const outcome = await saveResults(this.log, { ...job, result: chunk, options, date });
      saved.push(...outcome.saved);
      failures.push(...outcome.failures);
      warnings.push(...outcome.warnings);
    }));
    const batchFailures = result.failures.map((f) => f.error.message);
    for (const f of batchFailures) this.log.warn(f);
    return {
      saved: saved.sort((a, b) => a.index - b.index),
      failures: [...batchFailures, ...failures],
      cancelled: job.signal.aborted,
      warnings: [...new Set([...result.warnings, ...warnings])],
    };
  }

  /** Runs a batch, logging failures; rethrows so callers can show the message. */
  async run(job: () => Promise<BatchResult>): Promise<BatchResult> {
    try {
      return await job();
    } catch (err) {
      if (isImageStudioError(err)) this.log.error(`${err.kind}: ${err.message}`);
      else this.log.error(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private async requireKey(provider: ProviderConfig): Promise<string> {
    let { key } = await this.keys.resolve();
    if (key) return key;
    // Local compatible servers often need no key at all.
    if (provider.kind === 'compatible') return '';
    const setKey = vscode.l10n.t('Set API Key');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Image Studio needs an API key to call the Images API.'), setKey);
    if (choice === setKey) {
      await vscode.commands.executeCommand('imageStudio.setApiKey');
      ({ key } = await this.keys.resolve());
    }
    if (!key) throw new UserFacingError(vscode.l10n.t('No API key is set. Run "Image Studio: Set API Key", or set OPENAI_API_KEY.'), 'setApiKey');
    return key;
  }

  private buildGenerateRequest(params: GenerateParams, prompt: string, defaults: ReturnType<typeof readGenerationDefaults>, provider: ProviderConfig): GenerateRequest & { n: number } {
    const model = params.model ?? defaults.model;
    const options = modelOptions(model, 'generations', provider.kind, hostToday(), provider.kind === 'compatible' ? provider.endpoints : undefined);
    // A default only applies when the model has that option; an explicit value is always sent so
    // that validation can name it if the model refuses it.
    const fallback = <T extends string>(explicit: T | undefined, value: T, allowed: readonly string[] | undefined): T | undefined =>
      explicit ?? (allowed === undefined || allowed.includes(value) ? value : undefined);
    const sizeDefault = defaults.size === 'auto' && !options.sizes.includes('auto') ? undefined : defaults.size;
    const request: GenerateRequest & { n: number } = {
      model,
      prompt,
      n: params.n ?? defaults.n,
      size: params.size ?? (sizeDefault && (options.freeSize || options.sizes.includes(sizeDefault) || !options.known) ? sizeDefault : undefined),
      quality: fallback(params.quality, defaults.quality, options.qualities),
      background: fallback(params.background, defaults.background, options.backgrounds),
      outputFormat: fallback(params.outputFormat, defaults.outputFormat, options.known ? options.outputFormats : undefined),
      outputCompression: params.outputCompression,
      moderation: params.moderation,
      style: params.style,
      complexity: params.complexity,
      gifFrames: params.gifFrames,
      gifFrameMs: params.gifFrameMs,
      // Streaming asks one image per request (so each preview belongs to one image): only when a
      // caller shows previews (the Studio) or asks for it.
      stream: params.stream,
      partialImages: params.partialImages ?? (params.stream && options.streaming && options.maxPartialImages > 0 ? Math.min(2, options.maxPartialImages) : undefined),
    };
    if (request.background === 'transparent' && request.outputFormat === 'jpeg' && params.outputFormat === undefined) request.outputFormat = 'png';
    return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as GenerateRequest & { n: number };
  }
}

/** Everything a job needs once checked. */
export interface JobTarget {
  provider: ProviderConfig;
  client: ImagesClient;
  folder: vscode.WorkspaceFolder;
  outputDir: vscode.Uri;
  template: string;
  writeSidecar: boolean;
}
