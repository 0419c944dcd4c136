// Where each provider kind wants requests and how it wants the key: OpenAI (Bearer), Azure classic
// deployments (api-version + api-key), Azure v1 (api-key, deployment as model), compatible servers.
import type { Endpoint, ProviderConfig } from '../types';
import { ImageStudioError } from './errors';

/** OpenAI's default base URL. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Azure api-version used when none is configured. */
export const DEFAULT_AZURE_API_VERSION = '2025-04-01-preview';

/** URL, headers and wire model for one request. */
export interface ResolvedTarget {
  url: string;
  headers: Record<string, string>;
  /** The `model` value sent: the Azure v1 API wants the deployment name there. */
  wireModel: string;
}

/** Builds the URL and auth headers for an endpoint; the key goes in a header only, never the URL. */
export function resolveTarget(config: ProviderConfig, endpoint: Endpoint, model: string, apiKey: string): ResolvedTarget {
  checkKey(apiKey);
  const path = `/images/${endpoint}`;
  switch (config.kind) {
    case 'openai': {
      const headers: Record<string, string> = auth('bearer', apiKey);
      if (config.organization) headers['OpenAI-Organization'] = config.organization;
      if (config.project) headers['OpenAI-Project'] = config.project;
      return { url: join(checkedBase(config.baseUrl || OPENAI_BASE_URL), path), headers, wireModel: model };
    }
    case 'azure': {
      if (config.baseUrl) {
        return { url: join(checkedBase(config.baseUrl), path), headers: auth('api-key', apiKey), wireModel: config.deployment || model };
      }
      if (!config.endpoint || !config.deployment) {
        throw new ImageStudioError('validation', 'Azure OpenAI needs an endpoint and a deployment (or a v1 base URL).', {
          param: 'azure.endpoint',
        });
      }
      const base = join(checkedBase(config.endpoint), `/openai/deployments/${encodeURIComponent(config.deployment)}${path}`);
      const version = encodeURIComponent(config.apiVersion || DEFAULT_AZURE_API_VERSION);
      return { url: `${base}?api-version=${version}`, headers: auth('api-key', apiKey), wireModel: model };
    }
    case 'compatible':
      if (!config.baseUrl) throw new ImageStudioError('validation', 'A compatible server needs a base URL.', { param: 'baseUrl' });
      // Local servers often need no key at all: send none rather than an empty Bearer.
      return { url: join(checkedBase(config.baseUrl), path), headers: apiKey ? auth('bearer', apiKey) : {}, wireModel: model };
  }
}

/** A description of the provider safe for logs and sidecars: kind and host, never credentials or query strings. */
export function describeProvider(config: ProviderConfig): { kind: ProviderConfig['kind']; host?: string; deployment?: string } {
  const raw =
    config.kind === 'azure'
      ? config.baseUrl || config.endpoint
      : config.baseUrl || (config.kind === 'openai' ? OPENAI_BASE_URL : undefined);
  let host: string | undefined;
  try {
    host = raw ? new URL(raw).host : undefined;
  } catch {
    host = undefined;
  }
  return {
    kind: config.kind,
    ...(host ? { host } : {}),
    ...(config.kind === 'azure' && config.deployment ? { deployment: config.deployment } : {}),
  };
}

/**
 * A key with a line break or other control character (pasted with its newline) cannot go into a
 * header; fetch would fail before sending with an error that reads like a network failure.
 */
function checkKey(key: string): void {
  if (/[\u0000-\u001f\u007f]/.test(key)) {
    throw new ImageStudioError(
      'invalid_key',
      'The API key contains a line break or another control character (often copied along with it). Set the key again without it.',
      { code: 'malformed_key' },
    );
  }
  if (/[^\u0020-\u00ff]/.test(key)) {
    throw new ImageStudioError(
      'invalid_key',
      'The API key contains characters that cannot be sent in a header (not plain ASCII). Set the key again.',
      { code: 'malformed_key' },
    );
  }
}

function auth(style: 'bearer' | 'api-key', key: string): Record<string, string> {
  if (!key) return {};
  return style === 'bearer' ? { Authorization: `Bearer ${key}` } : { 'api-key': key };
}

function checkedBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ImageStudioError('validation', `The base URL is not a valid URL.`, { param: 'baseUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ImageStudioError('validation', `The base URL must use http or https.`, { param: 'baseUrl' });
  if (url.username || url.password)
    throw new ImageStudioError('validation', 'The base URL must not contain credentials; the key is sent in a header.', {
      param: 'baseUrl',
    });
  return url.toString();
}

function join(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
