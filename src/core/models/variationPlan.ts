// How to make a variation: through /images/variations when the model and provider have it, else
// through /images/edits with an instruction prompt (OpenAI today: dall-e-2 and its endpoint are gone).
import type { Endpoint } from '../types';
import type { ProviderKind } from './capabilityTypes';
import { usableEndpoints } from './capabilities';
import type { ModelCatalogue } from './modelCatalogue';
import { effectiveStatus } from './lifecycle';
import { t } from '../l10n';

/** The instruction used when a variation is made through /edits. */
export const DEFAULT_VARIATION_PROMPT =
  'Create a variation of this image: keep its subject, composition and style, and change the details.'; // l10n-ignore: sent to the model, not shown

/** The chosen route for a variation request. */
export type VariationPlan =
  | { route: 'variations'; model: string; reason: string }
  | { route: 'edits'; model: string; prompt: string; reason: string }
  | { route: 'unavailable'; model: string; reason: string };

/** Picks the route (and model) for a variation; pure, so the extension and the CLI decide alike. */
export function planVariation(
  models: ModelCatalogue,
  modelId: string,
  provider: ProviderKind,
  options: { today: string; endpoints?: readonly Endpoint[]; prompt?: string },
): VariationPlan {
  const prompt = options.prompt?.trim() || DEFAULT_VARIATION_PROMPT;
  const caps = models.capabilities(modelId);
  const status = effectiveStatus(caps, provider, options.today);
  // A model retired on this provider is replaced before choosing: asking for it would only fail.
  const model = status.state === 'retired' && status.replacement ? status.replacement : modelId;
  const swapped = model !== modelId ? t(' ({modelId} is retired here; using {model})', { modelId, model }) : '';
  const usable = usableEndpoints(models.capabilities(model), provider, options.endpoints);
  if (usable.includes('variations'))
    return { route: 'variations', model, reason: t('{model} has a variations endpoint{swapped}', { model, swapped }) };
  if (usable.includes('edits'))
    return {
      route: 'edits',
      model,
      prompt,
      reason: t('{model} has no variations endpoint here, so the variation is made with /images/edits{swapped}', { model, swapped }),
    };
  return {
    route: 'unavailable',
    model,
    reason: t('{model} offers neither /images/variations nor /images/edits through {provider}', { model, provider }),
  };
}
