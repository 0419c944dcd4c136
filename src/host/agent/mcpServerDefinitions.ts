// Image Studio's MCP server in VS Code's own MCP list (contributes.mcpServerDefinitionProviders,
// VS Code 1.101+). The API is newer than the oldest VS Code the extension supports (1.96), so it is
// looked up at run time and nothing is registered where it is missing. The definition VS Code
// lists carries no key; the key is added to the server's environment only when VS Code resolves
// the definition to start it, from SecretStorage (or OPENAI_API_KEY) as every other job takes it.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ApiKeyStore } from '../services/apiKeyStore';
import type { Log } from '../services/log';
import { readGenerationDefaults, readOutputSettings, readProviderConfig } from '../services/settings';
import { mcpLaunch } from './mcpLaunch';

/** The provider's id, as declared in package.json. */
export const MCP_PROVIDER_ID = 'imageStudio.mcpServer';

/** The parts of the 1.101 API used here. */
interface McpStdioDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  cwd?: vscode.Uri;
}
type McpStdioDefinitionClass = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioDefinition;
interface McpProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioDefinition[]>;
  resolveMcpServerDefinition?(server: McpStdioDefinition, token: vscode.CancellationToken): vscode.ProviderResult<McpStdioDefinition>;
}
type RegisterProvider = (id: string, provider: McpProvider) => vscode.Disposable;

/** What the server definition needs. */
export interface McpDefinitionDeps {
  extensionUri: vscode.Uri;
  version: string;
  keys: ApiKeyStore;
  log: Log;
}

/** Registers the provider where VS Code has the API; returns what to dispose. */
export function registerMcpServerDefinitions(deps: McpDefinitionDeps): vscode.Disposable[] {
  const register = (vscode.lm as unknown as { registerMcpServerDefinitionProvider?: RegisterProvider }).registerMcpServerDefinitionProvider;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioDefinitionClass }).McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Definition !== 'function') {
    deps.log.info(`VS Code ${vscode.version} has no MCP server definition API (1.101+); Image Studio's MCP server is not listed.`);
    return [];
  }
  const changed = new vscode.EventEmitter<void>();
  const provider: McpProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      // The CLI works on a local folder, in a trusted workspace only.
      if (!folder || folder.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return [];
      const launch = mcpLaunch({
        runtime: process.execPath,
        cliPath: join(deps.extensionUri.fsPath, 'dist', 'cli.js'),
        root: folder.uri.fsPath,
        provider: readProviderConfig(),
        output: readOutputSettings(folder.uri),
        defaultModel: readGenerationDefaults(folder.uri).model,
        ...(process.env.IMAGE_STUDIO_TODAY ? { today: process.env.IMAGE_STUDIO_TODAY } : {}),
      });
      const definition = new Definition('Image Studio', launch.command, launch.args, launch.env, deps.version); // l10n-ignore: the product's name
      definition.cwd = folder.uri;
      return [definition];
    },
    resolveMcpServerDefinition: async (server) => {
      const { key } = await deps.keys.resolve();
      if (!key) deps.log.warn('Starting the MCP server without an API key: its image tools will say so until one is set.');
      const variable = readProviderConfig().kind === 'azure' ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
      if (!key) return server;
      // Only here, as VS Code starts the process: the listed definition never holds the key.
      const started = new Definition(server.label, server.command, [...server.args], { ...server.env, [variable]: key }, deps.version);
      if (server.cwd) started.cwd = server.cwd;
      return started;
    },
  };
  return [
    changed,
    register(MCP_PROVIDER_ID, provider),
    deps.keys.onDidChange(() => changed.fire()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('imageStudio') && changed.fire()),
  ];
}
