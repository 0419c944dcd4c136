import * as vscode from 'vscode';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { activateExtension } from './extension';

/** A canary key: unique per run, so finding it anywhere but the Authorization header is a leak. */
export const TEST_KEY = `sk-itest-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

const USER_SETTINGS = [
  'provider',
  'baseUrl',
  'model',
  'models',
  'size',
  'quality',
  'n',
  'background',
  'outputFormat',
  'concurrency',
  'maxRetries',
  'timeoutSeconds',
  'compatible.endpoints',
  'azure.endpoint',
  'azure.deployment',
];

/** Starts the fake Images API and points the user's settings and key at it. */
export async function useFakeApi(options: Parameters<typeof startFakeImagesApi>[0] = {}): Promise<FakeImagesApi> {
  const fake = await startFakeImagesApi({ apiKey: TEST_KEY, ...options });
  const config = vscode.workspace.getConfiguration('imageStudio');
  await config.update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('imageStudio.setApiKey', TEST_KEY);
  return fake;
}

/** Sets user-level Image Studio settings. */
export async function setUserSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('imageStudio');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Removes the user- and workspace-level settings the tests change. */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration('imageStudio');
  for (const key of USER_SETTINGS) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  for (const key of ['outputFolder', 'fileNameTemplate', 'writeSidecar', 'baseUrl', 'provider']) {
    await config.update(key, undefined, vscode.ConfigurationTarget.Workspace).then(undefined, () => undefined);
  }
}

/** The first workspace folder (the harness opens one). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder');
  return folder;
}

/** Names of the files in a workspace-relative folder (empty when it does not exist). */
export async function filesIn(relative: string): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceFolder().uri, relative));
    return entries
      .filter(([, type]) => type === vscode.FileType.File)
      .map(([name]) => name)
      .sort();
  } catch {
    return [];
  }
}

/** Reads a workspace-relative file. */
export async function readWorkspaceFile(relative: string): Promise<Uint8Array> {
  return vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, relative));
}

/**
 * Mocha hooks for a suite that talks to the fake API: activates the extension, starts the fake
 * with the user's settings and key pointed at it, resets its record and mode before each test (so
 * a test that failed half-way cannot hand its mode to the next), and undoes
 * it all afterwards. Returns a getter for the running fake.
 */
export function fakeApiForSuite(options: Parameters<typeof startFakeImagesApi>[0] = {}): () => FakeImagesApi {
  let fake: FakeImagesApi | undefined;
  before(async () => {
    await activateExtension();
    fake = await useFakeApi(options);
  });
  beforeEach(() => {
    fake?.reset();
    fake?.restoreMode();
  });
  after(async () => {
    await resetSettings();
    // Toasts left behind would cover the webviews later suites click in.
    await vscode.commands.executeCommand('notifications.clearAll');
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error('the fake Images API is not running (before hook failed?)');
    return fake;
  };
}
