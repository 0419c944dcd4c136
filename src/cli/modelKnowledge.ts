// What the CLI knows about models beyond the table: the user's declarations (--models FILE, or
// IMAGE_STUDIO_MODELS) and the server's lifecycle (GET /v1/models, cached in a file for a day).
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ModelDeclarationError, parseModelDeclarations } from '../core/models/userModels';
import { modelCatalogue, type ModelCatalogue } from '../core/models/modelCatalogue';
import { LifecycleCache, lifecycleKey, type LifecycleStore } from '../core/models/lifecycleCache';
import { readServerModels, type ServerModels } from '../core/models/lifecycle';
import { readRegularFile } from './nodeFileSystem';
import type { FetchLike, ProviderConfig } from '../core/types';
import { UsageError } from './usage';

/** This run's models: the table with the declarations of `path` on top; a malformed file is a usage error naming the field. */
export async function loadModelCatalogue(path: string | undefined): Promise<ModelCatalogue> {
  if (!path) return modelCatalogue();
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
    return modelCatalogue(parseModelDeclarations(value, path));
  } catch (e) {
    if (e instanceof ModelDeclarationError) throw new UsageError(`invalid model declaration: ${e.message}`);
    throw e;
  }
}

/**
 * A file per server under the user's cache folder: the answer and the day it was asked. A cache that
 * cannot be read (corrupt, `[null]` entries, not a file) is ignored and written anew; one that cannot
 * be written is reported through `warn` and leaves no temp file behind.
 */
function fileStore(dir: string, warn: (message: string) => void): LifecycleStore & { load(key: string): Promise<void> } {
  const memory = new Map<string, ServerModels>();
  const file = (key: string): string => join(dir, `models-${key.replace(/[^a-z0-9.-]+/gi, '_')}.json`);
  return {
    get: (key) => memory.get(key),
    async set(key, value) {
      memory.set(key, value);
      const tmp = `${file(key)}.${process.pid}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(tmp, JSON.stringify(value));
        await rename(tmp, file(key));
      } catch (e) {
        // A cache that cannot be written only costs a request tomorrow.
        await unlink(tmp).catch(() => undefined);
        warn(
          `the models list could not be cached in ${file(key)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it is asked again next time`,
        );
      }
    },
    async load(key) {
      try {
        const cached = readServerModels(JSON.parse(new TextDecoder().decode(await readRegularFile(file(key)))));
        if (cached) memory.set(key, cached);
      } catch {
        // No cache yet, or unreadable: ask the server (and write it anew).
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
  warn: (message: string) => void = () => undefined,
): Promise<ServerModels | undefined> {
  if (provider.kind === 'azure') return undefined;
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'image-studio');
  const store = fileStore(dir, warn);
  await store.load(lifecycleKey(provider));
  return new LifecycleCache(store, fetch).refresh(provider, apiKey, today);
}
