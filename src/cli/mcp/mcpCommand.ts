// `image-studio mcp [--root DIR]`: the agent tools as an MCP server over stdio, for Claude Code,
// Codex CLI, Cursor, VS Code and any other MCP client. The key comes from the environment only
// (OPENAI_API_KEY, AZURE_OPENAI_API_KEY; OPENAI_BASE_URL for another server), never from a flag or
// a tool's input; every path is inside the root; stdout carries only the protocol, logs go to stderr.
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { AgentContext } from '../../core/agent/agentContext';
import { defaultMaxCost } from '../../core/agent/agentCost';
import { AgentToolError } from '../../core/agent/agentErrors';
import type { AgentRoot } from '../../core/agent/agentRoot';
import { todayOn } from '../../core/calendar';
import { redact } from '../../core/client/errors';
import type { ImagesClient } from '../../core/client/imagesClient';
import { DEFAULT_CONCURRENCY } from '../../core/engine/fanOut';
import { DEFAULT_MODEL } from '../../core/models/defaultModel';
import { DEFAULT_PRICES } from '../../core/pricing';
import { int, providerFrom, str } from '../args';
import { cliAdapters, cliApiKey, cliCalendar, cliClient } from '../cliEngine';
import type { CliIo } from '../cliIo';
import { loadModelCatalogue, serverModelsFor } from '../modelKnowledge';
import { HELP, UsageError } from '../usage';
import { nodeAgentRoot } from './mcpRoot';
import { createMcpServer } from './mcpServer';

const OPTIONS = {
  root: { type: 'string' },
  'max-cost': { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  model: { type: 'string' },
  'no-sidecar': { type: 'boolean' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'max-retries': { type: 'string' },
  models: { type: 'string' },
  'no-model-list': { type: 'boolean' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  organization: { type: 'string' },
  project: { type: 'string' },
  'azure-endpoint': { type: 'string' },
  'azure-deployment': { type: 'string' },
  'azure-api-version': { type: 'string' },
  endpoints: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Serves until the client closes stdin or the process is told to stop; returns the exit code. */
export async function runMcp(argv: string[], io: CliIo, fail: (text: string) => void): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (the key is read from OPENAI_API_KEY, never from a flag)`);
  }
  if (values.help) {
    io.stdout(`${HELP.mcp}\n`);
    return 0;
  }
  const provider = providerFrom(values, io.env);
  const calendar = cliCalendar(io.env);
  const maxCost = values['max-cost'] === undefined ? defaultMaxCost(DEFAULT_PRICES) : Number(values['max-cost']);
  if (!Number.isFinite(maxCost) || maxCost < 0)
    throw new UsageError(`--max-cost must be an amount in USD such as 0.5 (got '${values['max-cost']}')`);
  let root: AgentRoot;
  try {
    root = await nodeAgentRoot(str(values.root) ?? process.cwd());
  } catch (e) {
    throw new UsageError(
      `--root ${str(values.root) ?? '.'} is not a folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const models = await loadModelCatalogue(str(values.models) ?? str(io.env.IMAGE_STUDIO_MODELS));
  const apiKey = cliApiKey(provider, io.env, false);
  const keys = [io.env.OPENAI_API_KEY, io.env.AZURE_OPENAI_API_KEY].filter((k): k is string => !!k);
  const scrub = (text: string): string => keys.reduce((out, key) => redact(out, key), text);
  const log = (line: string): void => fail(scrub(line));
  const timeoutMs = (int(values.timeout, 'timeout', 1, 3600) ?? 600) * 1000;
  const maxRetries = int(values['max-retries'], 'max-retries', 0, 5) ?? 2;
  const concurrency = int(values.concurrency, 'concurrency', 1, 10) ?? DEFAULT_CONCURRENCY;
  const context = (): AgentContext => {
    const today = todayOn(calendar);
    return {
      root,
      today,
      providerKind: provider.kind,
      models,
      prices: DEFAULT_PRICES,
      defaultModel: str(values.model) ?? DEFAULT_MODEL,
      outputFolder: str(values.out) ?? 'images',
      template: str(values.name) ?? '{slug}-{date}-{index}',
      sidecar: !values['no-sidecar'],
      concurrency,
      adapters: (onEvent) => ({ ...cliAdapters({ calendar, transparencyFallback: false }), onEvent }),
      scrub,
      async connect(): Promise<ImagesClient> {
        if (!apiKey && provider.kind !== 'compatible')
          throw new AgentToolError(
            `No API key: the server reads it from ${provider.kind === 'azure' ? 'AZURE_OPENAI_API_KEY or OPENAI_API_KEY' : 'OPENAI_API_KEY'} in its environment (never from an argument). Nothing was sent; ask the user to set it in the MCP client's configuration.`,
          );
        const server = values['no-model-list'] ? undefined : await serverModelsFor(provider, apiKey, io.fetch, today, io.env);
        return cliClient(io, {
          provider,
          apiKey,
          today,
          timeoutMs,
          maxRetries,
          models,
          ...(server ? { server } : {}),
          log: (level, m) => level === 'warn' && log(`warning: ${m}`),
        });
      },
    };
  };
  const server = createMcpServer({ context, maxCost, log });
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      io.stdout(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  const transport = new StdioServerTransport(io.stdin as NodeJS.ReadStream, stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    // The client ends the session by closing our stdin; a signal (Ctrl-C, the client killing us) stops it too.
    io.stdin.once('end', () => void server.close());
    io.signal?.addEventListener('abort', () => void server.close(), { once: true });
  });
  await server.connect(transport);
  log(
    `serving image_studio_generate, image_studio_edit and image_studio_assets in ${root.dir} (max cost ${maxCost} USD a call${apiKey ? '' : '; no API key set'})`,
  );
  await closed;
  return 0;
}
