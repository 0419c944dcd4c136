// The server's models list in the extension: cached in globalState per server (kind and host, never
// the key), refreshed at most daily in the background when a job starts, and on demand by the
// "Refresh Model List" command. Jobs read the cached answer and never wait for the network.
import type * as vscode from 'vscode';
import { readServerModels, type ServerModels } from '../../core/models/lifecycle';
import { LifecycleCache } from '../../core/models/lifecycleCache';
import type { FetchLike, ProviderConfig } from '../../core/types';
import type { Log } from './log';
import type { HostCalendar } from './hostCalendar';

const STATE_KEY = 'imageStudio.serverModels';

/** Cached GET /v1/models answers for the providers the user has used. */
export class ModelLifecycle {
  private readonly cache: LifecycleCache;

  constructor(
    private readonly state: vscode.Memento,
    fetchImpl: FetchLike,
    private readonly log: Log,
    /** The extension's calendar: every job, view and check asks it for the day. */
    readonly calendar: HostCalendar,
  ) {
    this.cache = new LifecycleCache(
      {
        // Read back through the same check as the CLI's cache file: a corrupt entry is ignored and asked again.
        get: (key) => readServerModels(this.all()[key]),
        set: (key, value) => this.state.update(STATE_KEY, { ...this.all(), [key]: value }),
      },
      fetchImpl,
    );
  }

  /** The cached answer for this provider (possibly from an earlier day). */
  current(provider: ProviderConfig): ServerModels | undefined {
    return this.cache.current(provider);
  }

  /** Starts a refresh when the answer is not from today; never awaited by jobs. */
  refreshInBackground(provider: ProviderConfig, apiKey: string): void {
    void this.cache
      .refresh(provider, apiKey, this.calendar.today())
      .then(undefined, (e: unknown) => this.log.warn(`models list: ${String(e)}`));
  }

  /** Asks now (the command): resolves to the answer in the cache afterwards. */
  async refreshNow(provider: ProviderConfig, apiKey: string): Promise<ServerModels | undefined> {
    const answer = await this.cache.refresh(provider, apiKey, this.calendar.today(), true);
    this.log.info(
      answer
        ? `Models list: ${answer.models.length} models from the server (${answer.fetchedOn}).`
        : 'The server does not answer GET /v1/models; the capability table decides.',
    );
    return answer;
  }

  private all(): Record<string, ServerModels> {
    const v = this.state.get<unknown>(STATE_KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, ServerModels>) : {};
  }
}
