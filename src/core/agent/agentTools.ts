// The one entry both doors call: a tool's name and raw input to a plan (checked, priced, side-effect
// free, for a confirmation) and to an answer. A refusal or failure becomes an error answer the
// model can read and act on; the key never reaches it (every answer is scrubbed by the door).
import { isImageStudioError } from '../client/errors';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import { answer } from './agentAnswers';
import type { AgentContext, ToolAnswer, ToolPlan, ToolProgress } from './agentContext';
import { AgentToolError, isAgentToolError } from './agentErrors';
import { planAssets } from './assetTools';
import { planEdit, planGenerate } from './imageTools';
import { ASSETS_TOOL, EDIT_TOOL, GENERATE_TOOL, toolDefinition } from './toolDefinitions';
import { checkToolInput, type AssetsInput, type EditInput, type GenerateInput } from './toolInput';

/** Checks and plans a call; throws an AgentToolError when it is refused (nothing read outside the root, nothing sent). */
export async function planTool(name: string, input: unknown, ctx: AgentContext): Promise<ToolPlan> {
  const tool = toolDefinition(name);
  if (!tool) throw new AgentToolError(t('There is no tool named {name}.', { name }));
  if (tool.name === GENERATE_TOOL.name) return planGenerate(checkToolInput<GenerateInput>(GENERATE_TOOL, input), ctx);
  if (tool.name === EDIT_TOOL.name) return planEdit(checkToolInput<EditInput>(EDIT_TOOL, input), ctx);
  return planAssets(checkToolInput<AssetsInput>(ASSETS_TOOL, input), ctx);
}

/** Runs a plan; every failure is an error answer. */
export async function runPlan(plan: ToolPlan, ctx: AgentContext, progress: ToolProgress, signal?: AbortSignal): Promise<ToolAnswer> {
  try {
    return await plan.run(progress, signal);
  } catch (e) {
    return errorAnswer(ctx, e);
  }
}

/** Plans and runs a call in one go (no confirmation between). */
export async function runTool(
  name: string,
  input: unknown,
  ctx: AgentContext,
  progress: ToolProgress,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  let plan: ToolPlan;
  try {
    plan = await planTool(name, input, ctx);
  } catch (e) {
    return errorAnswer(ctx, e);
  }
  return runPlan(plan, ctx, progress, signal);
}

/** A refusal or failure as the answer the model reads. */
export function errorAnswer(ctx: Pick<AgentContext, 'scrub'>, e: unknown): ToolAnswer {
  if (isAgentToolError(e) || isImageStudioError(e)) return answer(ctx, [e.message], true);
  return answer(ctx, [t('The tool failed: {message}', { message: errorMessage(e) })], true);
}
