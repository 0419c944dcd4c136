// GET /v1/models with the user's key: which models this key may use and each one's `shutdown_date`
// (P spec 23e6f5b, 2026-08-14). Used only to learn lifecycles, so every failure (a server without
// the endpoint, a timeout, a malformed answer) is "no answer", never an error shown to the user.
import type { FetchLike, ProviderConfig } from '../types';
import type { ServerModel, ServerModels } from '../models/lifecycle';
import { resolveTarget } from './providers';
import { readBounded } from './bodyLimits';
import { parseIsoDay } from '../calendar';

/** The largest answer read: a models list is a few kilobytes; anything bigger is not one. */
const MAX_LIST_BYTES = 2 * 1024 * 1024;

/** Where the list lives for this provider, or undefined where it is not asked (Azure has no such list per key). */
export function modelsListUrl(provider: ProviderConfig, apiKey: string): { url: string; headers: Record<string, string> } | undefined {
  if (provider.kind === 'azure') return undefined;
  try {
    const t = resolveTarget(provider, 'generations', '', apiKey);
    return { url: t.url.replace(/\/images\/generations$/, '/models'), headers: t.headers };
  } catch {
    return undefined;
  }
}

/** Asks the server; resolves to undefined when it does not answer with a models list. */
export async function fetchServerModels(
  provider: ProviderConfig,
  apiKey: string,
  fetch: FetchLike,
  today: string,
  timeoutMs = 10_000,
): Promise<ServerModels | undefined> {
  const where = modelsListUrl(provider, apiKey);
  if (!where) return undefined;
  try {
    const res = await fetch(where.url, {
      method: 'GET',
      headers: { ...where.headers, Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    // Counted while it arrives (a chunked answer declares no length): past the bound it is dropped unread.
    const bytes = await readBounded(res, MAX_LIST_BYTES, 'GET /models');
    return parseModelsList(JSON.parse(new TextDecoder().decode(bytes)), today);
  } catch {
    return undefined;
  }
}

/** Reads a models-list answer; undefined when it is not one. Ids and dates are checked, the rest ignored. */
export function parseModelsList(json: unknown, today: string): ServerModels | undefined {
  const data = (json as { data?: unknown })?.data;
  if (!Array.isArray(data)) return undefined;
  const models: ServerModel[] = [];
  for (const m of data.slice(0, 5000)) {
    const id = (m as { id?: unknown })?.id;
    if (typeof id !== 'string' || id.length > 200) continue;
    const date = (m as { shutdown_date?: unknown }).shutdown_date;
    // Only a real calendar day is a shutdown date (2026-13-45 is no day, so none is shown).
    models.push({ id, shutdownDate: typeof date === 'string' && parseIsoDay(date) ? date : null });
  }
  return { fetchedOn: today, models };
}
