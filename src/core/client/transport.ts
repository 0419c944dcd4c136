// How the client uses HTTP. Redirects are handled here rather than by fetch, which forwards every
// header but Authorization to another origin (Azure's `api-key`, OpenAI-Organization and
// OpenAI-Project would go along): only same-origin redirects are followed. Result downloads carry
// no credentials, but are kept away from link-local and cloud-metadata addresses, and from
// loopback, unless the configured base URL is itself there.
import type { FetchLike, HostLookup } from '../types';
import { ImageStudioError } from './errors';
import { addressClass, isIpLiteral, resolvedAddressClass, type AddressClass } from './addressClass';

const MAX_REDIRECTS = 5;

/** What a request is for, in messages ("/images/generations", "the result URL"). */
interface HopContext {
  what: string;
  requestId?: string;
}

/**
 * Sends a request, following only same-origin redirects (307/308 keep the method and body; a
 * redirect that would turn an upload into a GET is refused, as it would lose the request).
 */
export async function fetchSameOrigin(fetch: FetchLike, url: string, init: RequestInit, ctx: HopContext): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await fetch(current, { ...init, redirect: 'manual' });
    const next = redirectTarget(res, current);
    if (next === undefined) return res;
    await discard(res);
    const from = new URL(current);
    if (next === null)
      throw refusal(
        `The server answered ${ctx.what} with a redirect (${res.status}) that cannot be checked; it was not followed, so your API key stayed with ${from.origin}. Check the base URL.`,
        res.status,
        ctx,
      );
    if (next.origin !== from.origin) {
      throw refusal(
        `The server redirected ${ctx.what} to another origin (${next.origin}); it was not followed, so your API key stayed with ${from.origin}. Check the base URL.`,
        res.status,
        ctx,
      );
    }
    if (init.method !== 'GET' && res.status !== 307 && res.status !== 308) {
      throw refusal(
        `The server answered ${ctx.what} with a ${res.status} redirect, which would drop the request body; it was not followed. Check the base URL.`,
        res.status,
        ctx,
      );
    }
    if (hop >= MAX_REDIRECTS)
      throw refusal(`The server redirected ${ctx.what} more than ${MAX_REDIRECTS} times; stopped.`, res.status, ctx);
    current = next.toString();
  }
}

/**
 * GETs a result `url` (no credentials are sent), checking the address of every hop: http(s) only,
 * never link-local/metadata or loopback addresses unless the base URL is of the same kind. With a
 * `lookup`, a name is resolved first and every address it resolves to must pass the same rule.
 */
export async function fetchResultUrl(
  fetch: FetchLike,
  url: string,
  baseUrl: string | undefined,
  init: RequestInit,
  ctx: HopContext,
  lookup?: HostLookup,
): Promise<Response> {
  let current = await checkResultAddress(url, baseUrl, ctx, lookup);
  for (let hop = 0; ; hop++) {
    const res = await fetch(current.toString(), { ...init, method: 'GET', redirect: 'manual' });
    const next = redirectTarget(res, current.toString());
    if (next === undefined) return res;
    await discard(res);
    if (next === null)
      throw refusal(`The download of ${ctx.what} was redirected in a way that cannot be checked; it was not followed.`, res.status, ctx);
    if (hop >= MAX_REDIRECTS)
      throw refusal(`The download of ${ctx.what} was redirected more than ${MAX_REDIRECTS} times; stopped.`, res.status, ctx);
    current = await checkResultAddress(next.toString(), baseUrl, ctx, lookup);
  }
}

async function checkResultAddress(raw: string, baseUrl: string | undefined, ctx: HopContext, lookup: HostLookup | undefined): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refusal(`The server gave ${ctx.what} that is not a valid URL; it was not downloaded.`, undefined, ctx, 'address_refused');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refusal(
      `The server gave ${ctx.what} with the scheme ${url.protocol}; only http and https are downloaded.`,
      undefined,
      ctx,
      'address_refused',
    );
  if (url.username || url.password)
    throw refusal(`The server gave ${ctx.what} with credentials in it; it was not downloaded.`, undefined, ctx, 'address_refused');
  const base = baseClass(baseUrl);
  const target = addressClass(url.hostname);
  if (!allowed(target, base)) throw addressRefusal(target, url.host, undefined, ctx);
  if (!lookup || isIpLiteral(url.hostname) || target !== 'public') return url;
  // fetch resolves the name again when it connects; a resolver that answers differently the
  // second time (DNS rebinding) is not caught here, but a name that simply points there is.
  let addresses: readonly string[];
  try {
    addresses = await lookup(url.hostname);
  } catch {
    // Not resolvable here (behind a proxy that resolves for us, or simply unknown): the connection
    // itself fails or goes through the proxy, which is never this machine's metadata service.
    return url;
  }
  for (const address of addresses) {
    const resolved = resolvedAddressClass(address);
    // A name on a private network is how private endpoints and split DNS serve public names.
    if (resolved !== 'private' && !allowed(resolved, base)) throw addressRefusal(resolved, url.host, address, ctx);
  }
  return url;
}

function baseClass(baseUrl: string | undefined): AddressClass {
  try {
    return baseUrl ? addressClass(new URL(baseUrl).hostname) : 'public';
  } catch {
    return 'public';
  }
}

/** Metadata only when the base URL is there too; loopback and private only when it is on loopback or a private network. */
function allowed(target: AddressClass, base: AddressClass): boolean {
  if (target === 'public') return true;
  return target === 'metadata' ? base === 'metadata' : base === 'loopback' || base === 'private' || base === 'metadata';
}

function addressRefusal(target: AddressClass, host: string, resolved: string | undefined, ctx: HopContext): ImageStudioError {
  const kind =
    target === 'metadata'
      ? 'a link-local or cloud-metadata address'
      : target === 'private'
        ? 'a private-network address'
        : 'a loopback address';
  const where = resolved ? `${host}, which resolves to ${resolved}` : host;
  return refusal(
    `The server gave ${ctx.what} pointing at ${kind} (${where}); it was not downloaded, because the base URL is not there.`,
    undefined,
    ctx,
    'address_refused',
  );
}

/** The redirect's target; undefined when the answer is not a redirect, null when it cannot be read. */
function redirectTarget(res: Response, current: string): URL | null | undefined {
  // Browsers (and fetch polyfills that follow the spec) hide manual redirects as status 0.
  if (res.type === 'opaqueredirect') return null;
  if (![301, 302, 303, 307, 308].includes(res.status)) return undefined;
  const location = res.headers.get('location');
  if (!location) return undefined;
  try {
    return new URL(location, current);
  } catch {
    return null;
  }
}

async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

function refusal(message: string, status: number | undefined, ctx: HopContext, code = 'redirect_refused'): ImageStudioError {
  return new ImageStudioError('network', message, {
    code,
    ...(status ? { status } : {}),
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  });
}
