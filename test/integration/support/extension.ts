import * as vscode from 'vscode';

/** The extension's id as VS Code knows it (publisher.name). */
export const EXTENSION_ID = 'image-studio.image-studio';

/** The parts of the manifest the tests read. */
export interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> }[];
  };
}

/** The suites' "today": the clock is never read; tests of dates pin their own with pinToday. */
export const SUITE_TODAY = '2026-11-21';

/** Activates Image Studio (pinning "today") and returns its manifest. */
export async function activateExtension(): Promise<{ packageJSON: Manifest }> {
  const ext = vscode.extensions.getExtension<{ pinToday(day: string | undefined): void }>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  const api = await ext.activate();
  if (!pinned) api.pinToday(SUITE_TODAY);
  pinned = true;
  return { packageJSON: ext.packageJSON as Manifest };
}

let pinned = false;

/** Pins the extension's "today" (undefined: back to the suites' day). */
export async function pinToday(day: string | undefined): Promise<void> {
  const ext = vscode.extensions.getExtension<{ pinToday(day: string | undefined): void }>(EXTENSION_ID)!;
  (await ext.activate()).pinToday(day ?? SUITE_TODAY);
}

/**
 * Polls every 100 ms until `check` returns a value other than undefined, or fails after
 * `timeoutMs` worth of pauses (counted, not read from the clock: tests run under faketime).
 */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 8000): Promise<T> {
  for (let paused = 0; ; paused += 100) {
    const value = await check();
    if (value !== undefined) return value;
    if (paused > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
