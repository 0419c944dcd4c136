// The server's models list, cached per server (never per key: the key is not stored) and refreshed
// at most once a day, in the background: a request reads whatever is cached and never waits for it.
import type { FetchLike, ProviderConfig } from '../types';
import { fetchServerModels } from '../client/modelsList';
import { describeProvider } from '../client/providers';
import type { ServerModels } from './lifecycle';

/** Where answers are kept (the extension: globalState; the CLI: a file; tests: a Map). */
export interface LifecycleStore {
  get(key: string): ServerModels | undefined;
  set(key: string, value: ServerModels): void | Thenable<void>;
}

interface Thenable<T> {
  then(onfulfilled?: (value: T) => unknown): unknown;
}

/** The cache key of a provider: kind and host (no credentials, no path beyond the host). */
export function lifecycleKey(provider: ProviderConfig): string {
  const d = describeProvider(provider);
  return `${d.kind}:${d.host ?? ''}`;
}

/** Caches GET /v1/models answers and refreshes them at most daily. */
export class LifecycleCache {
  private readonly inFlight = new Map<string, Promise<ServerModels | undefined>>();
  /** Day of the last attempt per server, so a server without the list is asked once a day, not per request. */
  private readonly attempted = new Map<string, string>();

  constructor(
    private readonly store: LifecycleStore,
    private readonly fetch: FetchLike,
  ) {}

  /** The cached answer for this provider (possibly from an earlier day), or undefined. */
  current(provider: ProviderConfig): ServerModels | undefined {
    return this.store.get(lifecycleKey(provider));
  }

  /** True when there is no answer from `today`. */
  isStale(provider: ProviderConfig, today: string): boolean {
    return this.current(provider)?.fetchedOn !== today;
  }

  /**
   * Asks the server when the cached answer is not from `today` (or when forced); one request at a
   * time per server. Resolves to the answer now in the cache. Callers that must not wait ignore the promise.
   */
  refresh(provider: ProviderConfig, apiKey: string, today: string, force = false): Promise<ServerModels | undefined> {
    const key = lifecycleKey(provider);
    if (!force && (!this.isStale(provider, today) || this.attempted.get(key) === today)) return Promise.resolve(this.current(provider));
    const running = this.inFlight.get(key);
    if (running) return running;
    this.attempted.set(key, today);
    const job = fetchServerModels(provider, apiKey, this.fetch, today)
      .then(async (answer) => {
        if (answer) await this.store.set(key, answer);
        return answer ?? this.current(provider);
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }
}
