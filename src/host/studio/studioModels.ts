import type * as vscode from 'vscode';
import { modelOptions } from '../../core/models/capabilities';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';
import type { ModelChoice, StudioDefaults } from '../../shared/protocol';
import { editingRules } from '../services/modelInputRules';
import type { ModelLifecycle } from '../services/modelLifecycle';
import { readGenerationDefaults, readProviderConfig } from '../services/settings';

/**
 * The models the Studio offers for generating with the configured provider: the user's declared
 * models and the table's rows (labelled, first), then image models the server lists that neither
 * knows; none retired there (by the table or the server's shutdown dates), except the configured one.
 */
export function studioModels(models: ModelCatalogue, today: string, scope?: vscode.Uri, lifecycle?: ModelLifecycle): ModelChoice[] {
  const provider = readProviderConfig();
  const declared = provider.kind === 'compatible' ? provider.endpoints : undefined;
  const configured = readGenerationDefaults(scope).model;
  const server = lifecycle?.current(provider);
  const ids = models.list().map((m) => m.id);
  for (const m of server?.models ?? []) if (/image/i.test(m.id) && !ids.includes(m.id)) ids.push(m.id);
  if (!ids.includes(configured)) ids.unshift(configured);
  return ids
    .map((id): ModelChoice => ({
      ...modelOptions(models, id, 'generations', provider.kind, today, declared, server),
      transparentFormats: models.capabilities(id).transparentFormats,
      editing: editingRules(models, id, provider.kind, today, declared),
    }))
    .filter((o) => o.model === configured || (o.available && o.status.state !== 'retired'));
}

/** The form's starting values, from the generation settings. */
export function studioDefaults(scope?: vscode.Uri): StudioDefaults {
  const d = readGenerationDefaults(scope);
  return { model: d.model, size: d.size, quality: d.quality, n: Math.min(d.n, 10), background: d.background, outputFormat: d.outputFormat };
}
