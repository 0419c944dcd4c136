// Builders for the inputs tests keep making: a canary key, a client for the fake over undici, a
// PNG input image, a recording clock, and the error a promise rejects with. Plain Node.
import { fetch as undiciFetch } from 'undici';
import { createImagesClient, type ImagesClientOptions } from '../../src/core/client/imagesClient';
import { timerClock, type Clock } from '../../src/core/client/retry';
import type { FetchLike, InputImage, ProviderConfig } from '../../src/core/types';
import { encodePng, type PngOptions } from './png';
import type { FakeImagesApi } from '../fakeServer/server';
import { TODAY } from '../fixtures/testDay';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

export { TODAY } from '../fixtures/testDay';

/** A key that must never show up in any message or output. */
export const CANARY_KEY = 'sk-canary-7f3a9c1e5b2d4068a1b3c5d7e9f10234';

/** undici's fetch as a FetchLike (what the CLI uses). */
export const undiciFetchLike: FetchLike = (url, init) =>
  undiciFetch(url, init as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;

/** A client for the fake, OpenAI-style unless another provider config is given. */
export function clientFor(server: FakeImagesApi, opts: Partial<ImagesClientOptions> = {}, provider?: ProviderConfig) {
  return createImagesClient(
    provider ?? { kind: 'openai', baseUrl: server.baseUrl },
    opts.apiKey ?? CANARY_KEY,
    opts.fetch ?? undiciFetchLike,
    {
      today: TODAY,
      // Real waits unless the test gives a recording clock (the retry tests measure them at the server).
      clock: timerClock(() => Date.now()),
      models: BUILT_IN_MODELS,
      ...opts,
    },
  );
}

/** A PNG input image held in memory. */
export function png(width: number, height: number, filename = 'in.png', opts: PngOptions = {}): InputImage {
  return { bytes: new Uint8Array(encodePng(width, height, opts)), filename };
}

/** A clock whose sleeps are recorded and shortened (×scale) but still real. */
export function recordingClock(scale = 0): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    random: () => 0.5,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const t = setTimeout(resolve, ms * scale);
        signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
      });
    },
  };
}

/** Awaits a rejection and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/**
 * A promise the test settles by hand: the fake holds an answer on it (`wait_for`, `stream_hold`),
 * so "cancel did not wait the stage out" is shown by the call ending before the release.
 */
export function holdUntilReleased(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}
