// Where the Files and Batch API are, and whether a provider has them at all. OpenAI has them;
// a compatible server only when it is declared to; Azure's global batch uses its own deployment
// type and file shapes, which are not verified here, so Azure builds stay interactive.
import type { ResolvedAsset } from '../assets/resolve';
import { resolveTarget } from '../client/providers';
import { t } from '../l10n';
import type { ModelCatalogue } from '../models/modelCatalogue';
import type { ProviderConfig } from '../types';

/**
 * Why an asset cannot go in a batch whatever the provider, or undefined when it can: its model's
 * capability row says the Batch API does not accept it (the 2.6 models), or it is a markup edit,
 * whose notes need a multipart part that a JSON batch line cannot carry. Such assets are built
 * interactively instead.
 */
export function notBatchableReason(models: ModelCatalogue, asset: Pick<ResolvedAsset, 'model' | 'markup'>): string | undefined {
  if (!models.capabilities(asset.model).batch)
    return t("{model} is not accepted by OpenAI's Batch API: its capability row says batch: false", { model: asset.model });
  if (asset.markup) return t('a markup edit sends its notes as a multipart part, which a batch line cannot carry');
  return undefined;
}

/** Why the provider has no usable Batch API, or undefined when it has one. */
export function batchUnsupportedReason(provider: ProviderConfig): string | undefined {
  switch (provider.kind) {
    case 'openai':
      return undefined;
    case 'azure':
      return "Azure OpenAI's batch jobs need a Global Batch deployment and shapes Image Studio has not verified, so batches are not offered for Azure.";
    case 'compatible':
      return provider.batch
        ? undefined
        : 'This compatible server is not declared to have a Batch API (add "batch" to its endpoints if it offers OpenAI\'s /files and /batches).';
  }
}

/** URL and auth headers for a Files or Batch API path (e.g. `/batches/batch_1`). */
export function batchApiTarget(provider: ProviderConfig, path: string, apiKey: string): { url: string; headers: Record<string, string> } {
  const reason = batchUnsupportedReason(provider);
  if (reason) throw new Error(reason);
  // The images target checks the key and the base URL and builds the headers; only the path differs.
  const images = resolveTarget(provider, 'generations', 'batch', apiKey);
  return { url: images.url.slice(0, -'/images/generations'.length) + path, headers: images.headers };
}
