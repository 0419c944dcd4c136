// How VS Code starts Image Studio's MCP server for its own MCP list: the bundled CLI (dist/cli.js
// mcp) on the extension host's runtime, the settings that say where requests go as flags, and the
// key in the environment only, never on the command line (other processes can read a command
// line, and MCP clients show and log it). Pure, so it is unit-tested.
import type { ProviderConfig } from '../../core/types';

/** What the server is started with. */
export interface McpLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** What the launch is made from. */
export interface McpLaunchInput {
  /** The runtime that runs the CLI (the extension host's own executable, run as Node). */
  runtime: string;
  /** dist/cli.js of this extension. */
  cliPath: string;
  /** The workspace folder on disk: the server's --root. */
  root: string;
  provider: ProviderConfig;
  output: { outputFolder: string; fileNameTemplate: string; writeSidecar: boolean };
  defaultModel: string;
  /** Added to the environment only. */
  key?: string;
  /** A pinned day (IMAGE_STUDIO_TODAY), passed on so the server's dates agree with the extension's. */
  today?: string;
}

/** The command, arguments and environment of the server. */
export function mcpLaunch(input: McpLaunchInput): McpLaunch {
  const { provider } = input;
  const flag = (name: string, value: string | undefined): string[] => (value ? [`--${name}`, value] : []);
  const connection =
    provider.kind === 'openai'
      ? [...flag('base-url', provider.baseUrl), ...flag('organization', provider.organization), ...flag('project', provider.project)]
      : provider.kind === 'azure'
        ? [
            '--provider',
            'azure',
            ...flag('base-url', provider.baseUrl),
            ...flag('azure-endpoint', provider.endpoint),
            ...flag('azure-deployment', provider.deployment),
            ...flag('azure-api-version', provider.apiVersion),
          ]
        : ['--provider', 'compatible', ...flag('base-url', provider.baseUrl), ...flag('endpoints', provider.endpoints?.join(','))];
  const args = [
    input.cliPath,
    'mcp',
    '--root',
    input.root,
    ...flag('out', input.output.outputFolder),
    ...flag('name', input.output.fileNameTemplate),
    ...(input.output.writeSidecar ? [] : ['--no-sidecar']),
    ...flag('model', input.defaultModel),
    ...connection,
  ];
  const keyVariable = provider.kind === 'azure' ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
  return {
    command: input.runtime,
    args,
    env: {
      // The extension host's executable is Electron in desktop VS Code: this makes it run as Node.
      ELECTRON_RUN_AS_NODE: '1',
      ...(input.key ? { [keyVariable]: input.key } : {}),
      ...(input.today ? { IMAGE_STUDIO_TODAY: input.today } : {}),
    },
  };
}
