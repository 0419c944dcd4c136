// Where the Files and Batch API are, and whether a provider has them at all. OpenAI has them;
// a compatible server only when it is declared to; Azure's global batch uses its own deployment
// type and file shapes, which are not verified here, so Azure builds stay interactive.
import { resolveTarget } from '../client/providers';
import type { ProviderConfig } from '../types';

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
