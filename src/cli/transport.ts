// The CLI's transport: undici's fetch through EnvHttpProxyAgent, so HTTPS_PROXY/HTTP_PROXY/NO_PROXY
// work as in other command-line tools. Only the CLI imports undici; the extension uses the global fetch.
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { lookup } from 'node:dns/promises';
import type { FetchLike, HostLookup } from '../core/types';

/** A FetchLike that honours the proxy environment variables. */
export function createCliFetch(): FetchLike {
  const dispatcher = new EnvHttpProxyAgent();
  return (url, init) =>
    undiciFetch(url, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
}

/** Every address of a name, so core can refuse a result URL whose name points at metadata or loopback. */
export const lookupAllAddresses: HostLookup = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
