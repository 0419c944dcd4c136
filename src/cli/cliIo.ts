import type { FetchLike, HostLookup } from '../core/types';

/** The process surroundings, injectable for tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  fetch: FetchLike;
  /** Resolves result URL names (node:dns in the real CLI); without one, names are judged by their text. */
  lookupHost?: HostLookup;
  signal?: AbortSignal;
}
