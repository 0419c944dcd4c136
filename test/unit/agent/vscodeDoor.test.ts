// The VS Code door's static parts: the manifest declares exactly core's tools (names, descriptions,
// schemas, # references, the tool set, the MCP provider), and VS Code starts the MCP server with
// the key in its environment, never on its command line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AGENT_TOOLS } from '../../../src/core/agent/toolDefinitions';
import { mcpLaunch } from '../../../src/host/agent/mcpLaunch';
import { CANARY_KEY } from '../support';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

describe('agent tools: the VS Code door', () => {
  describe("VS Code's manifest", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: {
        languageModelTools: Array<{
          name: string;
          modelDescription: string;
          inputSchema: unknown;
          toolReferenceName: string;
          canBeReferencedInPrompt: boolean;
        }>;
        languageModelToolSets: Array<{ name: string; tools: string[] }>;
        mcpServerDefinitionProviders: Array<{ id: string }>;
      };
    };

    it("declares exactly core's tools, with core's descriptions and schemas, each with a # reference", () => {
      const declared = manifest.contributes.languageModelTools;
      assert.deepEqual(
        declared.map((t) => t.name),
        AGENT_TOOLS.map((t) => t.name),
      );
      for (const tool of AGENT_TOOLS) {
        const d = declared.find((t) => t.name === tool.name)!;
        assert.equal(d.modelDescription, tool.description, `${tool.name}: run the tools' package.json update after changing core`);
        assert.deepEqual(d.inputSchema, tool.inputSchema, tool.name);
        assert.ok(d.canBeReferencedInPrompt && /^[\w-]+$/.test(d.toolReferenceName));
      }
      assert.deepEqual(manifest.contributes.languageModelToolSets, [
        {
          name: 'imageStudio',
          description: '%languageModelToolSets.imageStudio.description%',
          icon: '$(file-media)',
          tools: AGENT_TOOLS.map((t) => t.name),
        },
      ]);
      assert.deepEqual(
        manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id),
        ['imageStudio.mcpServer'],
      );
    });
  });

  describe("VS Code's MCP server launch", () => {
    const base = {
      runtime: '/opt/code/code',
      cliPath: '/ext/dist/cli.js',
      root: '/home/me/game',
      output: { outputFolder: 'images', fileNameTemplate: '{slug}-{index}', writeSidecar: false },
      defaultModel: 'gpt-image-2',
    };

    it('passes the key in the environment only, never on the command line', () => {
      const launch = mcpLaunch({
        ...base,
        provider: { kind: 'openai', baseUrl: 'https://gateway.example/v1', project: 'p1' },
        key: CANARY_KEY,
      });
      assert.equal(launch.command, '/opt/code/code');
      assert.deepEqual(launch.args, [
        '/ext/dist/cli.js',
        'mcp',
        '--root',
        '/home/me/game',
        '--out',
        'images',
        '--name',
        '{slug}-{index}',
        '--no-sidecar',
        '--model',
        'gpt-image-2',
        '--base-url',
        'https://gateway.example/v1',
        '--project',
        'p1',
      ]);
      assert.ok(!launch.args.join(' ').includes(CANARY_KEY));
      assert.deepEqual(launch.env, { ELECTRON_RUN_AS_NODE: '1', OPENAI_API_KEY: CANARY_KEY });
    });

    it("names Azure's key variable and flags, and leaves the key out until there is one", () => {
      const launch = mcpLaunch({
        ...base,
        provider: { kind: 'azure', endpoint: 'https://r.openai.azure.com', deployment: 'img' },
        key: CANARY_KEY,
      });
      assert.deepEqual(launch.args.slice(-6), [
        '--provider',
        'azure',
        '--azure-endpoint',
        'https://r.openai.azure.com',
        '--azure-deployment',
        'img',
      ]);
      assert.equal(launch.env.AZURE_OPENAI_API_KEY, CANARY_KEY);
      assert.deepEqual(mcpLaunch({ ...base, provider: { kind: 'compatible', baseUrl: 'http://127.0.0.1:8000/v1' } }).env, {
        ELECTRON_RUN_AS_NODE: '1',
      });
    });
  });
});
