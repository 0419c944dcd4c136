// The extension's side of the agent tools: the workspace folder as the tools' root (workspace.fs,
// links judged by core's inside-the-folder rule on a local disk), the job runner's connection and engine adapters, the user's
// settings and prices. Thin: everything a tool does is core/agent's.
import * as vscode from 'vscode';
import type { AgentContext } from '../../core/agent/agentContext';
import { AgentToolError } from '../../core/agent/agentErrors';
import type { AgentRoot } from '../../core/agent/agentRoot';
import type { ApiKeyStore } from '../services/apiKeyStore';
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { Log } from '../services/log';
import { relativeToFolder } from '../services/outputLocation';
import { readGenerationDefaults, readOutputSettings, readProviderConfig } from '../services/settings';
import { UserFacingError } from '../services/userFacingError';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import { studioPrices } from '../studio/studioSettings';

/** What the tools run with in this window. */
export interface AgentHostDeps {
  generation: ImageJobRunner;
  keys: ApiKeyStore;
  log: Log;
}

/** The folder the tools work in: the first workspace folder (relative paths are read against it). */
export function agentFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    throw new AgentToolError(vscode.l10n.t('Open a folder first: Image Studio reads and writes images inside the workspace folder.'));
  return folder;
}

/** The workspace folder as an agent root. */
export function workspaceRoot(folder: vscode.WorkspaceFolder): AgentRoot {
  const uri = (path: string) => vscode.Uri.parse(path, true);
  return {
    fs: workspaceFileSystem,
    dir: folder.uri.toString(),
    ...(folder.uri.scheme === 'file' ? { absolute: folder.uri.fsPath } : {}),
    relative: (path) => relativeToFolder(folder, uri(path)),
    async size(path) {
      try {
        return (await vscode.workspace.fs.stat(uri(path))).size;
      } catch {
        return undefined;
      }
    },
  };
}

/** The tools' context for one call. */
export async function agentContext(deps: AgentHostDeps): Promise<AgentContext> {
  const folder = agentFolder();
  // Registers the key with the log's redaction, so every answer is scrubbed of it.
  await deps.keys.resolve();
  const defaults = readGenerationDefaults(folder.uri);
  const output = readOutputSettings(folder.uri);
  return {
    root: workspaceRoot(folder),
    today: deps.generation.calendar.today(),
    providerKind: readProviderConfig().kind,
    models: deps.generation.models,
    prices: studioPrices(deps.log),
    defaultModel: defaults.model,
    outputFolder: output.outputFolder,
    template: output.fileNameTemplate,
    sidecar: output.writeSidecar,
    concurrency: defaults.concurrency,
    adapters: (onEvent) => ({ ...deps.generation.adapters(), onEvent }),
    async connect() {
      try {
        return (await deps.generation.connect()).client;
      } catch (e) {
        if (e instanceof UserFacingError) throw new AgentToolError(e.message);
        throw e;
      }
    },
    scrub: (text) => deps.log.redact(text),
  };
}
