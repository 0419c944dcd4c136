// What the CLI knows about models beyond the table: the user's declarations (--models FILE, or
// IMAGE_STUDIO_MODELS) and the server's lifecycle (GET /v1/models, cached in a file for a day).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ModelDeclarationError, parseModelDeclarations, registerUserModels } from '../core/models/userModels';
import { LifecycleCache, lifecycleKey, type LifecycleStore } from '../core/models/lifecycleCache';
import type { ServerModels } from '../core/models/lifecycle';
import type { FetchLike, ProviderConfig } from '../core/types';
import { UsageError } from './usage';

/** Reads and registers the user's model declarations; a malformed file is a usage error naming the field. */
export async function loadModelFile(path: string | undefined): Promise<number> {
  if (!path) return 0;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the models file ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON (${(e as Error).message})`);
  }
  // The file may be the list itself or {"models": [...]}, like the setting's value.
  const value = json && typeof json === 'object' && !Array.isArray(json) && 'models' in json ? (json as { models: unknown }).models : json;
  try {
    return registerUserModels(parseModelDeclarations(value, path)).length;
  } catch (e) {
    if (e instanceof ModelDeclarationError) throw new UsageError(`invalid model declaration: ${e.message}`);
    throw e;
  }
}

/** A file per server under the user's cache folder: the answer and the day it was asked. */
function fileStore(dir: string): LifecycleStore & { load(key: string): Promise<void> } {
  const memory = new Map<string, ServerModels>();
  const file = (key: string): string => join(dir, `models-${key.replace(/[^a-z0-9.-]+/gi, '_')}.json`);
  return {
    get: (key) => memory.get(key),
    async set(key, value) {
      memory.set(key, value);
      try {
        await mkdir(dir, { recursive: true });
        const tmp = `${file(key)}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(value));
        await rename(tmp, file(key));
      } catch {
        // A cache that cannot be written only costs a request tomorrow.
      }
    },
    async load(key) {
      try {
        const parsed = JSON.parse(await readFile(file(key), 'utf8')) as ServerModels;
        if (parsed && typeof parsed.fetchedOn === 'string' && Array.isArray(parsed.models)) memory.set(key, parsed);
      } catch {
        // No cache yet, or unreadable: ask the server.
      }
    },
  };
}

/**
 * The server's models list for this run: today's cached answer, else one bounded request (the CLI
 * runs once, so a background refresh would never be seen). No answer: the table decides.
 */
export async function serverModelsFor(
  provider: ProviderConfig,
  apiKey: string,
  fetch: FetchLike,
  today: string,
  env: NodeJS.ProcessEnv,
): Promise<ServerModels | undefined> {
  if (provider.kind === 'azure') return undefined;
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'image-studio');
  const store = fileStore(dir);
  await store.load(lifecycleKey(provider));
  return new LifecycleCache(store, fetch).refresh(provider, apiKey, today);
}
