// What a model accepts as input images, per endpoint, in the shapes the preparation check and the
// Studio take. No vscode here: the browser tests build the Studio's model list with it too.
import type { ModelImageRules } from '../../core/image';
import { modelOptions, parseSize, usableEndpoints, type ModelOptions } from '../../core/models/capabilities';
import type { ModelCapabilities, ProviderKind } from '../../core/models/capabilityTypes';
import { planVariation } from '../../core/models/variationPlan';
import type { Endpoint } from '../../core/types';
import type { EditingRules, EndpointForm } from '../../shared/protocol';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';

/** The model's input rules for an endpoint, in the shape the preparation check takes. */
export function inputRulesOf(caps: ModelCapabilities, endpoint: 'edits' | 'variations', hasMask: boolean): ModelImageRules {
  return {
    squareRequired: caps.input.square,
    formats: caps.input.formats,
    maxBytes: caps.input.maxBytes,
    // dall-e-2 reads transparency in the image as the area to edit; variations need none.
    alphaRequired: endpoint === 'edits' && caps.input.alphaRequiredWithoutMask && !hasMask,
  };
}

/** Accepted square sides when the model takes square inputs only (dall-e-2: 256, 512, 1024). */
function squareSides(caps: ModelCapabilities): number[] | undefined {
  if (!caps.input.square || caps.sizes.kind !== 'list') return undefined;
  const sides = caps.sizes.sizes
    .map(parseSize)
    .filter((s) => s !== undefined && s.width === s.height)
    .map((s) => s!.width);
  return sides.length ? sides : undefined;
}

function rulesFor(caps: ModelCapabilities, endpoint: 'edits' | 'variations'): ModelImageRules {
  // With a mask: the alpha requirement of mask-less dall-e-2 edits is added by the webview when no mask is sent.
  const sizes = squareSides(caps);
  return { ...inputRulesOf(caps, endpoint, true), ...(sizes ? { sizes } : {}) };
}

/** The form fields of one endpoint's options. */
function formOf(o: ModelOptions): EndpointForm {
  return {
    sizes: o.sizes,
    ...(o.freeSize ? { freeSize: o.freeSize } : {}),
    maxN: o.maxN,
    qualities: o.qualities,
    styles: o.styles,
    backgrounds: o.backgrounds,
    outputFormats: o.outputFormats,
    compressionFormats: o.compressionFormats,
    streaming: o.streaming,
    maxPartialImages: o.maxPartialImages,
    inputFidelity: o.inputFidelity,
    moderation: o.moderation,
    complexity: o.complexity,
    ...(o.complexityDefault ? { complexityDefault: o.complexityDefault } : {}),
    ...(o.animation ? { animation: o.animation } : {}),
    ...(o.formatRules ? { formatRules: o.formatRules } : {}),
  };
}

/** The edit form: /edits' options, without moderation: the Studio's edits go as multipart, which takes none, and the host never sends it. */
function editForm(models: ModelCatalogue, id: string, provider: ProviderKind, today: string, declared?: readonly Endpoint[]): EndpointForm {
  return { ...formOf(modelOptions(models, id, 'edits', provider, today, declared)), moderation: [] };
}

/** The variation form: a variation sends only n and size (runLoadedVariation), whichever route it takes. */
function variationForm(
  models: ModelCatalogue,
  model: string,
  route: 'variations' | 'edits',
  provider: ProviderKind,
  today: string,
  declared?: readonly Endpoint[],
): EndpointForm {
  const o = modelOptions(models, model, route, provider, today, declared);
  return {
    sizes: o.sizes,
    ...(o.freeSize ? { freeSize: o.freeSize } : {}),
    maxN: o.maxN,
    qualities: [],
    styles: [],
    backgrounds: [],
    outputFormats: [],
    compressionFormats: [],
    streaming: false,
    maxPartialImages: 0,
    inputFidelity: [],
    moderation: [],
    complexity: [],
  };
}

/** What the Studio's edit mode needs to know about a model: endpoints here, limits, input rules, form options. */
export function editingRules(
  models: ModelCatalogue,
  id: string,
  provider: ProviderKind,
  today: string,
  declared?: readonly Endpoint[],
): EditingRules {
  const caps = models.capabilities(id);
  const plan = planVariation(models, id, provider, { today, endpoints: declared });
  const varCaps = models.capabilities(plan.model);
  return {
    edits: usableEndpoints(caps, provider, declared).includes('edits'),
    variationRoute: plan.route,
    variationModel: plan.model,
    maxImages: caps.input.maxImages,
    markup: caps.markup,
    editInput: rulesFor(caps, 'edits'),
    alphaRequiredWithoutMask: caps.input.alphaRequiredWithoutMask,
    variationInput: rulesFor(varCaps, plan.route === 'variations' ? 'variations' : 'edits'),
    editOptions: editForm(models, id, provider, today, declared),
    variationOptions: variationForm(models, plan.model, plan.route === 'variations' ? 'variations' : 'edits', provider, today, declared),
  };
}
