// Image Studio's agent tools as VS Code language-model tools (contributes.languageModelTools,
// vscode.lm.registerTool, final since 1.95): usable from agent mode and with #generateImage,
// #editImage and #imageAssets. Each call is planned first: the confirmation names what is sent,
// where the files go and the estimated cost (VS Code offers to allow it for the session); then it
// runs through core/agent and the engine. In Restricted Mode the tools refuse, and say so.
import * as vscode from 'vscode';
import type { AgentContext, ToolPlan } from '../../core/agent/agentContext';
import { describePlan } from '../../core/agent/agentCost';
import { errorAnswer, planTool, runPlan } from '../../core/agent/agentTools';
import { AGENT_TOOLS } from '../../core/agent/toolDefinitions';
import { agentContext, type AgentHostDeps } from './agentWorkspace';
import { toolResult } from './toolResultParts';

/** Registers the three tools; none when this VS Code has no language-model tools API. */
export function registerLanguageModelTools(deps: AgentHostDeps): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') {
    deps.log.info('This VS Code has no language-model tools API; the agent tools are not registered.');
    return [];
  }
  return AGENT_TOOLS.map((tool) => vscode.lm.registerTool<Record<string, unknown>>(tool.name, agentTool(tool.name, deps)));
}

/** The text a refused call in Restricted Mode answers. */
export function restrictedModeText(): string {
  return vscode.l10n.t(
    "Image Studio's tools are disabled in Restricted Mode: this workspace is not trusted, so nothing was read, written or sent. Ask the user to trust the workspace (Manage Workspace Trust) to use them.",
  );
}

/** What VS Code shows before a call: the progress line, and the confirmation when the call sends or writes. */
export async function prepareAgentTool(name: string, input: unknown, deps: AgentHostDeps): Promise<vscode.PreparedToolInvocation> {
  return agentTool(name, deps).prepareInvocation!(
    { input: input as Record<string, unknown> },
    new vscode.CancellationTokenSource().token,
  ) as Promise<vscode.PreparedToolInvocation>;
}

function agentTool(name: string, deps: AgentHostDeps): vscode.LanguageModelTool<Record<string, unknown>> {
  return {
    async prepareInvocation(options) {
      if (!vscode.workspace.isTrusted) return { invocationMessage: restrictedModeText() };
      let plan: ToolPlan;
      try {
        plan = await planTool(name, options.input, await agentContext(deps));
      } catch {
        // The call is refused when it runs, with the reason; nothing to confirm.
        return { invocationMessage: vscode.l10n.t('Checking the Image Studio call…') };
      }
      if (!plan.sends && !plan.writes) return { invocationMessage: plan.title };
      const message = new vscode.MarkdownString();
      // Plain text: a prompt is the agent's words and must not render as markdown or links.
      for (const line of describePlan(plan)) message.appendText(line).appendMarkdown('\n\n');
      return {
        invocationMessage: plan.title,
        confirmationMessages: { title: vscode.l10n.t('Image Studio: {title}?', { title: plan.title }), message },
      };
    },
    async invoke(options, token) {
      if (!vscode.workspace.isTrusted) return toolResult({ text: restrictedModeText(), isError: true, files: [], previews: [] });
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      const scrub = { scrub: (text: string) => deps.log.redact(text) };
      try {
        let ctx: AgentContext;
        let plan: ToolPlan;
        try {
          ctx = await agentContext(deps);
          plan = await planTool(name, options.input, ctx);
        } catch (e) {
          return toolResult(errorAnswer(scrub, e));
        }
        deps.log.info(`Agent tool ${name}: ${plan.title}${plan.cost ? ` (estimated ${plan.cost.text})` : ''}`);
        const answer = await runPlan(plan, ctx, (line) => deps.log.debug(`${name}: ${line}`), controller.signal);
        deps.log.info(
          `Agent tool ${name}: ${answer.isError ? 'failed' : 'done'}${answer.files.length ? `, wrote ${answer.files.map((f) => f.path).join(', ')}` : ''}`,
        );
        return toolResult(answer);
      } finally {
        cancel.dispose();
      }
    },
  };
}
