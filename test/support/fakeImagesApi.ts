// The fake Images API for one mocha suite: started before its tests, closed after them, and put
// back to its starting state before every test (requests, faults, batches and mode), so no test
// sees what the one before it left behind. Plain Node: usable by the unit and integration suites.
import { startFakeImagesApi, type FakeImagesApi, type FakeMode } from '../fakeServer/server';

/** What the fake starts with (and returns to before each test). */
export type FakeStart = Partial<FakeMode> & { port?: number };

/**
 * Registers the suite's hooks and returns the suite's fake. Call it at the top of a `describe`,
 * before hooks that use the fake. The returned object forwards to the running server, so it can
 * be held in a `const` before the server exists; touching it outside the suite's hooks and tests
 * throws instead of reaching a closed server.
 */
export function useFakeImagesApi(start: FakeStart = {}): FakeImagesApi {
  let running: FakeImagesApi | undefined;
  before(async () => {
    running = await startFakeImagesApi(start);
  });
  after(async () => {
    const server = running;
    running = undefined;
    await server?.close();
  });
  beforeEach(() => {
    running?.reset();
    running?.restoreMode();
  });
  return new Proxy({} as FakeImagesApi, {
    get(_target, key) {
      if (!running) throw new Error(`the suite's fake Images API is not running (reading ${String(key)} outside its tests)`);
      const value: unknown = Reflect.get(running, key, running);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}

/**
 * Runs `body` with the fake switched to `mode`, and switches back in `finally` even when the body
 * throws, so a failed assertion cannot leave the next test with this test's mode.
 */
export async function withFakeMode<T>(server: FakeImagesApi, mode: Partial<FakeMode>, body: () => PromiseLike<T>): Promise<T> {
  server.setMode(mode);
  try {
    return await body();
  } finally {
    server.restoreMode();
  }
}
