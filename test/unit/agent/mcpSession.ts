// One MCP session as a client would start it: `image-studio mcp` spawned over stdio by the SDK's own
// Client, with the canary key and the fake API in its environment. Every text the client sees is
// kept (answers, progress, elicitation questions) so the suite can search it for the key, and
// titled calls go into the transcript.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Transcript } from '../../support/transcript';
import { CANARY_KEY, TODAY } from '../support';

/** A running session. */
export interface Session {
  client: Client;
  stderr(): string;
  /** Every text the client saw: answers, progress messages, elicitation questions. */
  seen: string[];
  /** Calls a tool; a `title` puts the call and its answer in the transcript. */
  call(name: string, args: Record<string, unknown>, title?: string, signal?: AbortSignal): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** How a test wants its session. */
export interface SessionOptions {
  env?: Record<string, string>;
  args?: string[];
  /** Declares elicitation and answers the server's questions (true: confirm). */
  elicit?: (message: string) => boolean;
}

/** Starts `cli mcp --root root` against the fake at `baseUrl`. */
export async function startSession(
  o: SessionOptions & { cli: string; root: string; cache: string; baseUrl: string; transcript: Transcript },
): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [o.cli, 'mcp', '--root', o.root, ...(o.args ?? [])],
    env: {
      PATH: process.env.PATH ?? '',
      OPENAI_API_KEY: CANARY_KEY,
      OPENAI_BASE_URL: o.baseUrl,
      IMAGE_STUDIO_TODAY: TODAY,
      XDG_CACHE_HOME: o.cache,
      ...o.env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'image-studio-tests', version: '1.0.0' }, { capabilities: o.elicit ? { elicitation: {} } : {} });
  const seen: string[] = [];
  if (o.elicit) {
    const elicit = o.elicit;
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      const message = (request.params as { message: string }).message;
      seen.push(message);
      return elicit(message) ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
    });
  }
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    seen,
    async call(name, args, title, signal) {
      const progress: string[] = [];
      const asked = seen.length;
      const result = (await client.callTool({ name, arguments: args }, undefined, {
        onprogress: (p) => void progress.push(`progress ${p.progress}: ${p.message ?? ''}`),
        ...(signal ? { signal } : {}),
      })) as CallToolResult;
      const questions = seen.slice(asked).map((q) => `elicitation/create asked the user: ${q.replace(/\n/g, ' / ')}`);
      seen.push(...progress, ...result.content.map((c) => (c.type === 'text' ? c.text : '')));
      if (title) o.transcript.add(title, { method: 'tools/call', params: { name, arguments: args } }, result, [...questions, ...progress]);
      return result;
    },
    close: () => client.close(),
  };
}
