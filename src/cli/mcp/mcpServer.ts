// The MCP door: the agent tools of core/agent over the official SDK's low-level Server (the tools'
// JSON Schemas are core's, shared with VS Code's language-model tools, so McpServer's zod schemas
// would be a second copy). Each call is planned first (nothing sent for a refused one), held to the
// cost limit (the client confirms a dearer call through elicitation where it can), then run with
// progress notifications and the request's cancellation signal.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AgentContext, ToolAnswer, ToolPlan } from '../../core/agent/agentContext';
import { describePlan } from '../../core/agent/agentCost';
import { errorAnswer, planTool, runPlan } from '../../core/agent/agentTools';
import { AGENT_TOOLS } from '../../core/agent/toolDefinitions';
import { formatUsd } from '../../core/pricing';

/** The version the server reports (kept equal to package.json's by a unit test). */
export const MCP_SERVER_VERSION = '0.1.0';

/** How often a running call says it is still working. */
const HEARTBEAT_MS = 15_000;

/** What the server is made with. */
export interface McpServerOptions {
  /** A fresh context for each call (today's date, the current settings). */
  context(): AgentContext;
  /** Calls estimated above this many USD need the client's confirmation. */
  maxCost: number;
  /** A line for the server's log (stderr): never the key. */
  log(line: string): void;
}

const INSTRUCTIONS =
  'Image Studio makes and edits images with the OpenAI Images API on the user\'s own key and saves them in this folder with provenance sidecars. Use image_studio_generate for a new image, image_studio_edit to change an existing one (a mask keeps the rest identical), and image_studio_assets to declare images the project keeps (image-studio.json: exact sizes with "resize", transparency, reproducible builds, CI checks). Paths are relative to the server\'s root folder.';

/** The MCP server with the three tools; connect it to a transport. */
export function createMcpServer(options: McpServerOptions): Server {
  // The low-level Server is the SDK's way to serve tools described by plain JSON Schema.
  const server = new Server(
    { name: 'image-studio', version: MCP_SERVER_VERSION },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: AGENT_TOOLS.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: 'object'; [key: string]: unknown },
      annotations: {
        title: tool.title,
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: tool.name !== 'image_studio_assets',
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const ctx = options.context();
    const { name } = request.params;
    const token = request.params._meta?.progressToken;
    let sent = 0;
    const progress = (message: string, done?: number, total?: number): void => {
      if (token === undefined) return;
      // Progress must increase with every notification: a counter, with the build's counts in the words.
      const text = total !== undefined && done !== undefined ? `${message} (${done}/${total})` : message;
      void extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: ++sent, message: ctx.scrub(text) },
        })
        .catch(() => undefined);
    };
    let plan: ToolPlan;
    try {
      plan = await planTool(name, request.params.arguments ?? {}, ctx);
    } catch (e) {
      return result(errorAnswer(ctx, e));
    }
    options.log(`${name}: ${plan.title}${plan.cost ? ` (estimated ${plan.cost.text})` : ''}`);
    if (plan.cost && plan.cost.high > options.maxCost + 1e-9) {
      const refusal = await costRefusal(server, plan, options.maxCost, extra.signal);
      if (refusal) {
        options.log(`${name}: refused, ${refusal}`);
        return result({ text: ctx.scrub(refusal), isError: true, files: [], previews: [] });
      }
    }
    progress(plan.title);
    // A generation can take minutes with no event between; clients that time a call out reset their
    // clock on progress, so the server says it is still working.
    let last = plan.title;
    const heartbeat = setInterval(() => progress(`${last} (still working)`), HEARTBEAT_MS);
    let answer: ToolAnswer;
    try {
      answer = await runPlan(plan, ctx, (message, done, total) => progress((last = message), done, total), extra.signal);
    } finally {
      clearInterval(heartbeat);
    }
    options.log(
      `${name}: ${answer.isError ? 'failed' : 'done'}${answer.files.length ? `, wrote ${answer.files.map((f) => f.path).join(', ')}` : ''}`,
    );
    return result(answer);
  });
  return server;
}

/**
 * Why a call over the limit is refused, or undefined when the client confirmed it. A client that
 * cannot ask its user (no elicitation) gets the refusal with what to do.
 */
async function costRefusal(server: Server, plan: ToolPlan, maxCost: number, signal: AbortSignal): Promise<string | undefined> {
  const limit = formatUsd(maxCost);
  const refused = `Refused: the estimated cost (${plan.cost!.text}) is above this server's limit of ${limit} (--max-cost). Nothing was sent. Ask for fewer images, a lower quality or a smaller size, or ask the user to restart the server with a higher --max-cost.`;
  if (!server.getClientCapabilities()?.elicitation) return refused;
  try {
    const reply = await server.elicitInput(
      {
        message: [...describePlan(plan), `This is above the limit of ${limit} set for this server (--max-cost). Go ahead?`].join('\n'),
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Spend it', description: `Send this request (estimated ${plan.cost!.text}).` } },
          required: ['confirm'],
        },
      },
      { signal },
    );
    if (reply.action === 'accept' && reply.content?.confirm === true) return undefined;
    return `Refused: the user did not confirm the estimated cost (${plan.cost!.text}, above the limit of ${limit}). Nothing was sent.`;
  } catch {
    return refused;
  }
}

function result(answer: ToolAnswer): CallToolResult {
  return {
    content: [
      { type: 'text', text: answer.text },
      ...answer.previews.map((p) => ({ type: 'image' as const, data: Buffer.from(p.bytes).toString('base64'), mimeType: p.mimeType })),
    ],
    ...(answer.isError ? { isError: true } : {}),
  };
}
