// Acts on the real workbench page (and its webviews) through the harness's browser bridge.
// Only available under the code-server harness; `driver.available` is false elsewhere, and tests
// that need it skip through `skipWithoutDriver`, which says why instead of skipping silently.
import Mocha from 'mocha';

interface DriverReply {
  ok: boolean;
  value?: unknown;
  error?: string;
}

async function call<T>(action: Record<string, unknown>): Promise<T> {
  const url = process.env.IMAGE_STUDIO_TEST_DRIVER;
  if (!url) throw new Error('no browser driver: run the suite through the code-server harness');
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(action) });
  const reply = (await res.json()) as DriverReply;
  if (!reply.ok) throw new Error(`driver ${String(action.op)} failed: ${reply.error}`);
  return reply.value as T;
}

/** Browser actions on whichever frame (workbench or webview) holds the selector. */
export const driver = {
  available: !!process.env.IMAGE_STUDIO_TEST_DRIVER,
  waitFor: (selector: string, timeoutMs?: number) => call<boolean>({ op: 'waitFor', selector, timeoutMs }),
  click: (selector: string) => call<boolean>({ op: 'click', selector }),
  fill: (selector: string, text: string) => call<boolean>({ op: 'fill', selector, text }),
  press: (key: string, selector?: string) => call<boolean>({ op: 'press', key, selector }),
  text: (selector: string) => call<string>({ op: 'text', selector }),
  count: (selector: string) => call<number>({ op: 'count', selector }),
  /** Drags the mouse across an element, from and to given as fractions of its box ([0.5, 0.5] is the centre). */
  drag: (selector: string, from: [number, number], to: [number, number]) =>
    call<{ x: number; y: number; width: number; height: number }>({ op: 'drag', selector, from, to }),
  /** Evaluates an expression in the frame that holds `selector`. */
  evaluate: <T>(selector: string, expression: string) => call<T>({ op: 'evaluate', selector, expression }),
  /** Saves a screenshot into .test-artifacts/ (of an element when a selector is given); returns its path. */
  screenshot: (name: string, selector?: string) => call<string>({ op: 'screenshot', name, selector }),
};

/** Why a driver test was skipped: printed in the test output and listed in the harness summary. */
export const DRIVER_SKIP_REASON =
  "needs the webview driver (the harness's browser bridge into the workbench page), which only the code-server harness has; a desktop VS Code (IMAGE_STUDIO_VSCODE=electron) exposes no page to drive";

/** Every skip this session, for the stats file the harness reads. */
export const skippedForDriver: string[] = [];

/** Skips the test or hook's suite when there is no driver, naming the reason. */
export function skipWithoutDriver(ctx: Mocha.Context): void {
  if (driver.available) return;
  // In a before() hook the whole suite is skipped: name the suite; in a test, the test.
  const runnable = ctx.test;
  const isHook = (runnable as { type?: string } | undefined)?.type === 'hook';
  const title = (isHook ? runnable?.parent?.fullTitle() : runnable?.fullTitle()) || 'a test';
  skippedForDriver.push(title);
  Mocha.reporters.Base.consoleLog(`  skipped "${title}": ${DRIVER_SKIP_REASON}`);
  ctx.skip();
}

/**
 * For a test that runs without the driver but leaves out the part that needs it: true when the
 * driver is there; otherwise names the test and the part left out (printed and listed in the
 * harness summary like a skip) and returns false.
 */
export function driverForPart(ctx: Mocha.Context, part: string): boolean {
  if (driver.available) return true;
  const runnable = ctx.test;
  const isHook = (runnable as { type?: string } | undefined)?.type === 'hook';
  const title = (isHook ? runnable?.parent?.fullTitle() : runnable?.fullTitle()) || 'a test';
  skippedForDriver.push(`${title} (only ${part})`);
  Mocha.reporters.Base.consoleLog(`  left out of "${title}": ${part}; it ${DRIVER_SKIP_REASON}`);
  return false;
}
