import type * as vscode from 'vscode';
import type { ModelImageRules } from '../../core/image';
import { getModelCapabilities, listModels, modelOptions, parseSize, usableEndpoints } from '../../core/models/capabilities';
import type { ModelCapabilities } from '../../core/models/capabilityTypes';
import { planVariation } from '../../core/models/variationPlan';
import type { EditingRules, ModelChoice, StudioDefaults } from '../../shared/protocol';
import { inputRulesOf } from '../services/inputImages';
import { readGenerationDefaults, readProviderConfig } from '../services/settings';

/** Accepted square sides when the model takes square inputs only (dall-e-2: 256, 512, 1024). */
function squareSides(caps: ModelCapabilities): number[] | undefined {
  if (!caps.input.square || caps.sizes.kind !== 'list') return undefined;
  const sides = caps.sizes.sizes.map(parseSize).filter((s) => s !== undefined && s.width === s.height).map((s) => s!.width);
  return sides.length ? sides : undefined;
}

function rulesFor(caps: ModelCapabilities, endpoint: 'edits' | 'variations'): ModelImageRules {
  // With a mask: the alpha requirement of mask-less dall-e-2 edits is added by the webview when no mask is sent.
  const sizes = squareSides(caps);
  return { ...inputRulesOf(caps, endpoint, true), ...(sizes ? { sizes } : {}) };
}

/** What the Studio's edit mode needs to know about a model: endpoints here, limits, input rules. */
export function editingRules(id: string, provider: ReturnType<typeof readProviderConfig>): EditingRules {
  const declared = provider.kind === 'compatible' ? provider.endpoints : undefined;
  const caps = getModelCapabilities(id);
  const plan = planVariation(id, provider.kind, { endpoints: declared });
  const varCaps = getModelCapabilities(plan.model);
  return {
    edits: usableEndpoints(caps, provider.kind, declared).includes('edits'),
    variationRoute: plan.route,
    variationModel: plan.model,
    maxImages: caps.input.maxImages,
    editInput: rulesFor(caps, 'edits'),
    alphaRequiredWithoutMask: caps.input.alphaRequiredWithoutMask,
    variationInput: rulesFor(varCaps, plan.route === 'variations' ? 'variations' : 'edits'),
    inputFidelity: modelOptions(id, 'edits', provider.kind, declared).inputFidelity,
  };
}

/**
 * The models the Studio offers for generating with the configured provider: every usable row of
 * the capability table that is not retired there, plus the configured model even when unknown.
 */
export function studioModels(scope?: vscode.Uri): ModelChoice[] {
  const provider = readProviderConfig();
  const declared = provider.kind === 'compatible' ? provider.endpoints : undefined;
  const configured = readGenerationDefaults(scope).model;
  const ids = listModels().map((m) => m.id);
  if (!ids.includes(configured)) ids.unshift(configured);
  return ids
    .map((id): ModelChoice => ({
      ...modelOptions(id, 'generations', provider.kind, declared),
      transparentFormats: getModelCapabilities(id).transparentFormats,
      editing: editingRules(id, provider),
    }))
    .filter((o) => o.model === configured || (o.available && o.status.state !== 'retired'));
}

/** The form's starting values, from the generation settings. */
export function studioDefaults(scope?: vscode.Uri): StudioDefaults {
  const d = readGenerationDefaults(scope);
  return { model: d.model, size: d.size, quality: d.quality, n: Math.min(d.n, 10), background: d.background, outputFormat: d.outputFormat };
}
