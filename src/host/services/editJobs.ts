import type * as vscode from 'vscode';
import { editImages, varyImages } from '../../core/client/batch';
import { validateMask, type ImageInfo } from '../../core/image';
import { countTransparentPixels } from '../../core/image/pngAlpha';
import { getModelCapabilities } from '../../core/models/capabilities';
import { variationAsEdit } from '../../core/models/variationAsEdit';
import { planVariation, type VariationPlan } from '../../core/models/variationPlan';
import type { EditRequest, InputImage, VariationRequest } from '../../core/types';
import { UserFacingError, type GenerationService, type ImageOptions, type JobCallbacks, type JobOutcome } from './generationService';
import { protectUnmaskedPixels } from './protectUnmasked';
import { checkInputCount, checkPromptLength, inputRulesOf, loadInputImage, preparationNeeds, type LoadedInput } from './inputImages';
import type { SaveOptions } from './resultWriter';
import { readGenerationDefaults, readProviderConfig } from './settings';
import { hostToday } from './hostCalendar';
import { t } from '../../core/l10n';

/** An edit: one or more images (references), an optional mask, and a prompt for the whole new image. */
export interface EditParams extends ImageOptions {
  images: vscode.Uri[];
  mask?: vscode.Uri;
  prompt: string;
  inputFidelity?: string;
  /** Composite the result onto the original through the mask (default: the setting). */
  protectUnmasked?: boolean;
  /** Fields added to every sidecar (the Studio records how inputs were prepared). */
  sidecarExtra?: Record<string, unknown>;
}

/** A variation of one image. */
export interface VariationParams {
  image: vscode.Uri;
  model?: string;
  n?: number;
  size?: string;
  /** Instruction used when the variation goes through /edits. */
  prompt?: string;
  outputFolder?: string;
}

/** Refuses inputs the model cannot take as they are (the Studio converts them first; the command cannot). */
export function refuseIfPreparationNeeded(inputs: LoadedInput[], model: string, endpoint: 'edits' | 'variations', hasMask: boolean, advice = t('Open it in the Image Studio panel to convert it first.')): void {
  const needs = preparationNeeds(inputs, inputRulesOf(getModelCapabilities(model), endpoint, hasMask));
  if (needs.length === 0) return;
  const lines = needs.map((n) => `${n.input.name}: ${n.reasons.map((r) => r.message).join(' ')}`);
  const args = { model, reasons: lines.join(' '), advice };
  throw new UserFacingError(needs.length === 1 ? t('{model} cannot take this image as it is. {reasons} {advice}', args) : t('{model} cannot take these images as they are. {reasons} {advice}', args));
}

/** Loads and checks a mask file against the first image: PNG, a real alpha channel, same size, something transparent. */
async function loadMask(uri: vscode.Uri, first: LoadedInput): Promise<InputImage> {
  const mask = await loadInputImage(uri);
  await checkMask(mask.name, mask.bytes, mask.info, first.info);
  return mask.input;
}

/** Refuses a mask that does not fit the first image (header rules) or marks nothing (no alpha-0 pixel). */
export async function checkMask(name: string, bytes: Uint8Array, info: ImageInfo, first: Pick<ImageInfo, 'width' | 'height'>): Promise<void> {
  const problem = validateMask(info, first);
  if (problem) throw new UserFacingError(`${name}: ${problem.message}`);
  const alpha = await countTransparentPixels(bytes);
  if (alpha && alpha.transparent === 0) {
    throw new UserFacingError(t('{name} has no fully transparent pixel, so it marks nothing to edit. Make the area to change transparent (alpha 0).', { name }));
  }
}

/** Inputs already in memory: from workspace files as they are, or prepared by the Studio (bytes converted, Uri kept for provenance). */
export interface LoadedEditInputs {
  images: LoadedInput[];
  mask?: InputImage;
}

/** Runs an edit and saves the results (the same writing, sidecars and gallery as generation). */
export async function runEdit(service: GenerationService, params: EditParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
  const { model, prompt } = checkEditBasics(params, params.images.length, params.images[0]);
  const inputs: LoadedInput[] = [];
  for (const uri of params.images) inputs.push(await loadInputImage(uri));
  const mask = params.mask ? await loadMask(params.mask, inputs[0]!) : undefined;
  refuseIfPreparationNeeded(inputs, model, 'edits', !!mask);
  return runLoadedEdit(service, { ...params, model, prompt }, { images: inputs, mask }, callbacks, signal);
}

/** The prompt, model and input count checks shared by the command and the Studio. */
export function checkEditBasics(params: Pick<EditParams, 'prompt' | 'model'>, count: number, scope?: vscode.Uri): { model: string; prompt: string; caps: ReturnType<typeof getModelCapabilities> } {
  const prompt = params.prompt.trim();
  if (!prompt) throw new UserFacingError(t('Describe the whole new image: the prompt is empty.'));
  if (count === 0) throw new UserFacingError(t('Choose at least one image to edit.'));
  const model = params.model ?? readGenerationDefaults(scope).model;
  const caps = getModelCapabilities(model);
  checkPromptLength(prompt, caps);
  checkInputCount(count, caps);
  return { model, prompt, caps };
}

/**
 * Sends an edit of inputs already loaded and checked, and saves the results. Both the command
 * (files as they are) and the Studio (prepared bytes) end here, so writing, sidecars (input
 * hashes) and the protected-pixels composite are the same. The composite lays the result onto
 * `images[0].bytes`, i.e. onto what was sent: the prepared image when it was converted.
 */
export async function runLoadedEdit(service: GenerationService, params: Omit<EditParams, 'images' | 'mask'> & { model: string }, loaded: LoadedEditInputs, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
  const inputs = loaded.images;
  const { mask } = loaded;
  const defaults = readGenerationDefaults(inputs[0]!.uri);
  const target = await service.prepare(inputs[0]!.uri, params.outputFolder);
  const request: EditRequest = stripUndefined({
    model: params.model,
    prompt: params.prompt.trim(),
    images: inputs.map((i) => i.input),
    mask,
    n: params.n ?? 1,
    size: params.size,
    quality: params.quality,
    background: params.background,
    outputFormat: params.outputFormat,
    outputCompression: params.outputCompression,
    inputFidelity: params.inputFidelity,
    complexity: params.complexity,
    gifFrames: params.gifFrames,
    gifFrameMs: params.gifFrameMs,
    stream: params.stream,
    partialImages: params.stream ? params.partialImages : undefined,
  });
  const sending = { count: inputs.length, model: params.model };
  callbacks.onStage?.(inputs.length === 1
    ? mask ? t('Sending 1 image and a mask to {model}…', sending) : t('Sending 1 image to {model}…', sending)
    : mask ? t('Sending {count} images and a mask to {model}…', sending) : t('Sending {count} images to {model}…', sending));
  const extra = params.sidecarExtra;
  const withExtra = (options: SaveOptions): SaveOptions => (extra ? {
    async afterWrite(image, written) { return { ...(await options.afterWrite?.(image, written)), ...extra }; },
  } : options);
  const protect = !!mask && (params.protectUnmasked ?? defaults.protectUnmaskedPixels);
  return service.runAndSave((onResult) => editImages(target.client, request, { concurrency: defaults.concurrency, signal, onResult, onPartial: callbacks.onPartial }), {
    request, target, route: 'edits', callbacks, signal,
    options: withExtra({}),
    process: protect ? async (chunk) => {
      const protectedResult = await protectUnmaskedPixels(inputs[0]!, mask, chunk);
      return { ...protectedResult, options: withExtra(protectedResult.options) };
    } : undefined,
  });
}

/**
 * Makes variations of one image: through /images/variations where the model and provider have it
 * (dall-e-2 on compatible servers and older deployments), otherwise through /images/edits with the
 * image as reference and the variation instruction. The route is recorded in the result.
 */
export async function runVariation(service: GenerationService, params: VariationParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
  const plan = variationPlanFor(params, params.image);
  const input = await loadInputImage(params.image);
  refuseIfPreparationNeeded([input], plan.model, plan.route, false);
  return runLoadedVariation(service, params, plan, input, callbacks, signal);
}

/** The variation route for these parameters and the configured provider; refuses when there is none. */
export function variationPlanFor(params: Pick<VariationParams, 'model' | 'prompt'>, scope?: vscode.Uri): Extract<VariationPlan, { route: 'variations' | 'edits' }> {
  const defaults = readGenerationDefaults(scope);
  const provider = readProviderConfig();
  const plan = planVariation(params.model ?? defaults.model, provider.kind, {
    today: hostToday(),
    endpoints: provider.kind === 'compatible' ? provider.endpoints : undefined,
    prompt: params.prompt ?? defaults.variationPrompt,
  });
  if (plan.route === 'unavailable') throw new UserFacingError(t('No variation is possible: {reason}. Choose another model in the imageStudio.model setting.', { reason: plan.reason }));
  return plan;
}

/** Sends a variation of one loaded (and, from the Studio, prepared) image along `plan`'s route. */
export async function runLoadedVariation(service: GenerationService, params: Omit<VariationParams, 'image'> & { sidecarExtra?: Record<string, unknown> }, plan: Extract<VariationPlan, { route: 'variations' | 'edits' }>, input: LoadedInput, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
  const defaults = readGenerationDefaults(input.uri);
  const target = await service.prepare(input.uri, params.outputFolder);
  callbacks.onStage?.(plan.route === 'variations' ? t('Asking {model} for variations…', { model: plan.model }) : t('Making variations with {model} (edits with an instruction)…', { model: plan.model }));
  const extra = params.sidecarExtra;
  const save = { target, callbacks, signal, options: extra ? { afterWrite: async () => extra } : {} };
  if (plan.route === 'variations') {
    const request: VariationRequest = stripUndefined({ model: plan.model, image: input.input, n: params.n ?? 1, size: params.size });
    return service.runAndSave((onResult) => varyImages(target.client, request, { concurrency: defaults.concurrency, signal, onResult }), { ...save, request, route: 'variations' });
  }
  // The same request the CLI sends: a size the edit model refuses is dropped, not sent.
  const request: EditRequest = variationAsEdit(plan.model, plan.prompt, input.input, { n: params.n ?? 1, ...(params.size ? { size: params.size } : {}) });
  return service.runAndSave((onResult) => editImages(target.client, request, { concurrency: defaults.concurrency, signal, onResult }), { ...save, request, route: 'edits-as-variation' });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
