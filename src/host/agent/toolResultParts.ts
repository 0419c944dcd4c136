// A tool's answer as a LanguageModelToolResult: the text, and the previews as image parts where
// this VS Code has LanguageModelDataPart (finalized after 1.96, so it is looked up at run time;
// without it the model gets the text alone, which names every file).
import * as vscode from 'vscode';
import type { ToolAnswer } from '../../core/agent/agentContext';

/** The part constructor newer VS Code versions have. */
interface DataPartClass {
  image(data: Uint8Array, mimeType: string): unknown;
}

/** The data-part class of this VS Code, or undefined where there is none. */
export function dataPartClass(): DataPartClass | undefined {
  const candidate = (vscode as unknown as { LanguageModelDataPart?: Partial<DataPartClass> }).LanguageModelDataPart;
  return typeof candidate?.image === 'function' ? (candidate as DataPartClass) : undefined;
}

/** The result VS Code hands the model. */
export function toolResult(answer: ToolAnswer): vscode.LanguageModelToolResult {
  const dataPart = dataPartClass();
  const parts: unknown[] = [new vscode.LanguageModelTextPart(answer.text)];
  if (dataPart) for (const preview of answer.previews) parts.push(dataPart.image(preview.bytes, preview.mimeType));
  // 1.96's types list text and prompt-tsx parts only; a data part is one of the `unknown` parts later versions take.
  return new vscode.LanguageModelToolResult(parts as vscode.LanguageModelTextPart[]);
}
