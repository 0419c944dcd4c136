import type * as vscode from 'vscode';
import { editImages, varyImages, type BatchResult } from '../../core/client/batch';
import { validateMask } from '../../core/image';
import { countTransparentPixels } from '../../core/image/pngAlpha';
import { getModelCapabilities } from '../../core/models/capabilities';
import { planVariation } from '../../core/models/variationPlan';
import type { EditRequest, ImageFormat, InputImage, VariationRequest } from '../../core/types';
import { UserFacingError, type GenerationService, type JobCallbacks, type JobOutcome } from './generationService';
import { protectUnmaskedPixels } from './protectUnmasked';
import { checkInputCount, checkPromptLength, inputRulesOf, loadInputImage, preparationNeeds, type LoadedInput } from './inputImages';
import { readGenerationDefaults, readProviderConfig } from './settings';

/** An edit: one or more images (references), an optional mask, and a prompt for the whole new image. */
export interface EditParams {
  images: vscode.Uri[];
  mask?: vscode.Uri;
  prompt: string;
  model?: string;
  size?: string;
  quality?: string;
  n?: number;
  background?: string;
  outputFormat?: ImageFormat;
  inputFidelity?: string;
  stream?: boolean;
  outputFolder?: string;
  /** Composite the result onto the original through the mask (default: the setting). */
  protectUnmasked?: boolean;
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

function refuseIfPreparationNeeded(inputs: LoadedInput[], model: string, endpoint: 'edits' | 'variations', hasMask: boolean): void {
  const needs = preparationNeeds(inputs, inputRulesOf(getModelCapabilities(model), endpoint, hasMask));
  if (needs.length === 0) return;
  const lines = needs.map((n) => `${n.input.name}: ${n.reasons.map((r) => r.message).join(' ')}`);
  throw new UserFacingError(`${model} cannot take ${needs.length === 1 ? 'this image' : 'these images'} as they are. ${lines.join(' ')} Open it in the Image Studio panel to convert it first.`);
}

/** Loads and checks a mask file against the first image: PNG, a real alpha channel, same size, something transparent. */
async function loadMask(uri: vscode.Uri, first: LoadedInput): Promise<InputImage> {
  const mask = await loadInputImage(uri);
  const problem = validateMask(mask.info, first.info);
  if (problem) throw new UserFacingError(`${mask.name}: ${problem.message}`);
  const alpha = await countTransparentPixels(mask.bytes);
  if (alpha && alpha.transparent === 0) {
    throw new UserFacingError(`${mask.name} has no fully transparent pixel, so it marks nothing to edit. Make the area to change transparent (alpha 0).`);
  }
  return mask.input;
}

/** Runs an edit and saves the results (the same writing, sidecars and gallery as generation). */
export async function runEdit(service: GenerationService, params: EditParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
  const prompt = params.prompt.trim();
  if (!prompt) throw new UserFacingError('Describe the whole new image: the prompt is empty.');
  if (params.images.length === 0) throw new UserFacingError('Choose at least one image to edit.');
  const defaults = readGenerationDefaults(params.images[0]);
  const model = params.model ?? defaults.model;
  const caps = getModelCapabilities(model);
  checkPromptLength(prompt, caps);
  checkInputCount(params.images.length, caps);
  const inputs: LoadedInput[] = [];
  for (const uri of params.images) inputs.push(await loadInputImage(uri));
  const mask = params.mask ? await loadMask(params.mask, inputs[0]!) : undefined;
  refuseIfPreparationNeeded(inputs, model, 'edits', !!mask);
  const target = await service.prepare(params.images[0], params.outputFolder);
  const request: EditRequest = stripUndefined({
    model,
    prompt,
    images: inputs.map((i) => i.input),
    mask,
    n: params.n ?? 1,
    size: params.size,
    quality: params.quality,
    background: params.background,
    outputFormat: params.outputFormat,
    inputFidelity: params.inputFidelity,
    stream: params.stream,
  });
  callbacks.onStage?.(`Sending ${inputs.length} image${inputs.length === 1 ? '' : 's'}${mask ? ' and a mask' : ''} to ${model}…`);
  const result = await service.run(() => editImages(target.client, request, { concurrency: defaults.concurrency, signal, onPartial: callbacks.onPartial }));
  if (!mask || !(params.protectUnmasked ?? defaults.protectUnmaskedPixels)) return service.saveAll(result, request, target, 'edits', callbacks, signal);
  const protectedResult = await protectUnmaskedPixels(inputs[0]!, mask, result);
  const outcome = await service.saveAll(protectedResult.result, request, target, 'edits', callbacks, signal, protectedResult.options);
  if (protectedResult.note) outcome.warnings.push(protectedResult.note);
  return outcome;
}

/**
 * Makes variations of one image: through /images/variations where the model and provider have it
 * (dall-e-2 on compatible servers and older deployments), otherwise through /images/edits with the
 * image as reference and the variation instruction. The route is recorded in the result.
 */
export async function runVariation(service: GenerationService, params: VariationParams, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome> {
  const defaults = readGenerationDefaults(params.image);
  const provider = readProviderConfig();
  const plan = planVariation(params.model ?? defaults.model, provider.kind, {
    endpoints: provider.kind === 'compatible' ? provider.endpoints : undefined,
    prompt: params.prompt ?? defaults.variationPrompt,
  });
  if (plan.route === 'unavailable') throw new UserFacingError(`No variation is possible: ${plan.reason}. Choose another model in the imageStudio.model setting.`);
  const input = await loadInputImage(params.image);
  refuseIfPreparationNeeded([input], plan.model, plan.route, false);
  const target = await service.prepare(params.image, params.outputFolder);
  callbacks.onStage?.(plan.route === 'variations' ? `Asking ${plan.model} for variations…` : `Making variations with ${plan.model} (edits with an instruction)…`);
  let result: BatchResult;
  let request: VariationRequest | EditRequest;
  if (plan.route === 'variations') {
    request = stripUndefined({ model: plan.model, image: input.input, n: params.n ?? 1, size: params.size });
    const req = request;
    result = await service.run(() => varyImages(target.client, req, { concurrency: defaults.concurrency, signal }));
  } else {
    request = stripUndefined({ model: plan.model, prompt: plan.prompt, images: [input.input], n: params.n ?? 1, size: params.size });
    const req = request;
    result = await service.run(() => editImages(target.client, req, { concurrency: defaults.concurrency, signal }));
  }
  return service.saveAll(result, request, target, plan.route === 'variations' ? 'variations' : 'edits-as-variation', callbacks, signal);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
