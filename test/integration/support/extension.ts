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

/** Activates Image Studio and returns its manifest. */
export async function activateExtension(): Promise<{ packageJSON: Manifest }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  await ext.activate();
  return { packageJSON: ext.packageJSON as Manifest };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
