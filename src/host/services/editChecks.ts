// The checks an edit or a variation passes before anything is sent, shared by the commands (files
// as they are) and the Studio (prepared bytes): the prompt, the input count, the mask, the inputs
// the model cannot take, and the variation's route.
import type * as vscode from 'vscode';
import { validateMask, type ImageInfo } from '../../core/image';
import { countTransparentPixels } from '../../core/image/pngAlpha';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';
import type { ModelCapabilities } from '../../core/models/capabilityTypes';
import { planVariation } from '../../core/models/variationPlan';
import type { InputImage } from '../../core/types';
import { checkInputCount, checkPromptLength, inputRulesOf, loadInputImage, preparationNeeds, type LoadedInput } from './inputImages';
import type { EditParams, RunnableVariationPlan, VariationParams } from './jobTypes';
import { readGenerationDefaults, readProviderConfig } from './settings';
import { UserFacingError } from './userFacingError';
import { t } from '../../core/l10n';

/** Refuses inputs the model cannot take as they are (the Studio converts them first; the command cannot). */
export function refuseIfPreparationNeeded(
  inputs: LoadedInput[],
  caps: ModelCapabilities,
  endpoint: 'edits' | 'variations',
  hasMask: boolean,
  advice = t('Open it in the Image Studio panel to convert it first.'),
): void {
  const needs = preparationNeeds(inputs, inputRulesOf(caps, endpoint, hasMask));
  if (needs.length === 0) return;
  const lines = needs.map((n) => `${n.input.name}: ${n.reasons.map((r) => r.message).join(' ')}`);
  const args = { model: caps.id, reasons: lines.join(' '), advice };
  throw new UserFacingError(
    needs.length === 1
      ? t('{model} cannot take this image as it is. {reasons} {advice}', args)
      : t('{model} cannot take these images as they are. {reasons} {advice}', args),
  );
}

/** Loads and checks a mask file against the first image: PNG, a real alpha channel, same size, something transparent. */
export async function loadMask(uri: vscode.Uri, first: LoadedInput): Promise<InputImage> {
  const mask = await loadInputImage(uri);
  await checkMask(mask.name, mask.bytes, mask.info, first.info);
  return mask.input;
}

/** Refuses a mask that does not fit the first image (header rules) or marks nothing (no alpha-0 pixel). */
export async function checkMask(
  name: string,
  bytes: Uint8Array,
  info: ImageInfo,
  first: Pick<ImageInfo, 'width' | 'height'>,
): Promise<void> {
  const problem = validateMask(info, first);
  if (problem) throw new UserFacingError(`${name}: ${problem.message}`);
  const alpha = await countTransparentPixels(bytes);
  if (alpha && alpha.transparent === 0) {
    throw new UserFacingError(
      t('{name} has no fully transparent pixel, so it marks nothing to edit. Make the area to change transparent (alpha 0).', { name }),
    );
  }
}

/** The prompt, model and input count checks shared by the command and the Studio; the model's row is looked up here, once for the job. */
export function checkEditBasics(
  models: ModelCatalogue,
  params: Pick<EditParams, 'prompt' | 'model'>,
  count: number,
  scope?: vscode.Uri,
): { model: string; prompt: string; caps: ModelCapabilities } {
  const prompt = params.prompt.trim();
  if (!prompt) throw new UserFacingError(t('Describe the whole new image: the prompt is empty.'));
  if (count === 0) throw new UserFacingError(t('Choose at least one image to edit.'));
  const model = params.model ?? readGenerationDefaults(scope).model;
  const caps = models.capabilities(model);
  checkPromptLength(prompt, caps);
  checkInputCount(count, caps);
  return { model, prompt, caps };
}

/** The variation route for these parameters and the configured provider; refuses when there is none. */
export function variationPlanFor(
  models: ModelCatalogue,
  params: Pick<VariationParams, 'model' | 'prompt'>,
  today: string,
  scope?: vscode.Uri,
): RunnableVariationPlan {
  const defaults = readGenerationDefaults(scope);
  const provider = readProviderConfig();
  const plan = planVariation(models, params.model ?? defaults.model, provider.kind, {
    today,
    endpoints: provider.kind === 'compatible' ? provider.endpoints : undefined,
    prompt: params.prompt ?? defaults.variationPrompt,
  });
  if (plan.route === 'unavailable')
    throw new UserFacingError(
      t('No variation is possible: {reason}. Choose another model in the imageStudio.model setting.', { reason: plan.reason }),
    );
  return plan;
}
