// One way to watch a function: replace a method with a recorder that still calls the real one,
// and put the real one back (in `finally`, so a failed assertion cannot leave it replaced).
// Plain TypeScript, no vscode: it spies on `vscode.window` in the integration suites and on
// mocha's reporter in the unit suites alike.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function shape can be spied on
type AnyFunction = (...args: any[]) => any;
type MethodKeys<T> = { [K in keyof T]: T[K] extends AnyFunction ? K : never }[keyof T];
type Method<T, K extends keyof T> = Extract<T[K], AnyFunction>;

/** One recorded call: its arguments and what the real method returned. */
export interface SpyCall<F extends AnyFunction> {
  args: Parameters<F>;
  result: ReturnType<F>;
}

/** A spied method: its calls so far, and the undo. */
export interface Spy<F extends AnyFunction> {
  calls: Array<SpyCall<F>>;
  restore(): void;
}

/**
 * Replaces `target[name]` with a recorder. By default the real method runs and its result is
 * returned; `replacement` runs instead when given (for output a test wants to keep quiet).
 */
export function spyOn<T extends object, K extends MethodKeys<T>>(target: T, name: K, replacement?: Method<T, K>): Spy<Method<T, K>> {
  type F = Method<T, K>;
  const real = target[name] as F;
  const calls: Array<SpyCall<F>> = [];
  const recorder = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
    const result = (replacement ?? real).apply(target, args) as ReturnType<F>;
    calls.push({ args, result });
    return result;
  };
  (target as Record<K, unknown>)[name] = recorder;
  return { calls, restore: () => void ((target as Record<K, unknown>)[name] = real) };
}

/** Runs `body` with `target[name]` spied on, restores it in `finally`, and returns the calls. */
export async function withSpy<T extends object, K extends MethodKeys<T>>(
  target: T,
  name: K,
  body: () => PromiseLike<unknown>,
  replacement?: Method<T, K>,
): Promise<Array<SpyCall<Method<T, K>>>> {
  const spy = spyOn(target, name, replacement);
  try {
    await body();
  } finally {
    spy.restore();
  }
  return spy.calls;
}
