import * as vscode from 'vscode';
import type { OutputFormat } from '../../core/types';
import type { GenerateParams } from '../services/jobTypes';
import { pickGenerationOptions, type RememberedOptions } from './generationOptionsPicker';
import { reportFailure, runJobWithProgress, type JobCommandResult, type JobReportingDeps } from './jobReporting';
import { UserFacingError } from '../services/userFacingError';
import { REMEMBERED_OPTIONS_KEY } from '../services/retiredModels';
import { readArguments } from './argumentReader';

/** Arguments accepted from keybindings, tasks, other extensions and tests (all optional but the prompt). */
export interface GenerateImageArgs {
  prompt?: string;
  model?: string;
  size?: string;
  n?: number;
  quality?: string;
  background?: string;
  format?: OutputFormat;
  outputFolder?: string;
  stream?: boolean;
  /** 2.6 models: low, medium, high. */
  complexity?: string;
  /** GIF output: frames and milliseconds per frame. */
  gifFrames?: number;
  gifFrameMs?: number;
  /** If the model refuses a transparent background: true runs the key-colour fallback, false reports it (absent: asks). */
  transparencyFallback?: boolean;
}

/** What the command returns (see JobCommandResult). */
export type GenerateImageResult = JobCommandResult;

/** Hooks the command needs from the rest of the extension. */
export interface GenerateImageDeps extends JobReportingDeps {
  state: vscode.Memento;
  /** Opens the Studio (optionally with a prompt). */
  openStudio(prompt?: string): Promise<void>;
  /** The workspace's folders (a test gives none); images can only be written into one. */
  folders?(): readonly unknown[];
}

const REMEMBER_KEY = REMEMBERED_OPTIONS_KEY;
const RECENT_KEY = 'imageStudio.recentPrompts';
const MAX_RECENT = 20;
const LONG_PROMPT = 400;

/** Reads arguments defensively: anything of the wrong type is ignored, never trusted. */
export function parseGenerateArgs(raw: unknown): GenerateImageArgs | undefined {
  if (typeof raw === 'string') return { prompt: raw };
  if (!raw || typeof raw !== 'object' || raw instanceof vscode.Uri) return undefined;
  const a = readArguments(raw as Record<string, unknown>);
  return {
    prompt: a.text('prompt'),
    model: a.text('model'),
    size: a.text('size'),
    n: a.whole('n'),
    quality: a.text('quality'),
    background: a.text('background'),
    format: a.oneOf('format', ['png', 'jpeg', 'webp', 'gif', 'svg']),
    outputFolder: a.text('outputFolder'),
    stream: a.flag('stream'),
    complexity: a.text('complexity'),
    gifFrames: a.whole('gifFrames'),
    gifFrameMs: a.whole('gifFrameMs'),
    transparencyFallback: a.flag('transparencyFallback'),
  };
}

/** `Image Studio: Generate Image`: a prompt (or arguments) → images in the workspace → preview. */
export async function generateImageCommand(deps: GenerateImageDeps, rawArgs?: unknown): Promise<GenerateImageResult | undefined> {
  const args = parseGenerateArgs(rawArgs) ?? {};
  // Said before the prompt is asked for: a prompt typed and then refused for want of a folder is lost.
  if (!(deps.folders?.() ?? vscode.workspace.workspaceFolders ?? []).length) {
    const error = new UserFacingError(vscode.l10n.t('Open a folder first: Image Studio writes images into the workspace.'), 'openFolder');
    return { saved: [], failures: [], cancelled: false, error: reportFailure(deps, error, false) };
  }
  let params: GenerateParams | undefined;
  if (args.prompt !== undefined) {
    params = { ...args, prompt: args.prompt, outputFormat: args.format };
  } else {
    params = await askForPrompt(deps);
    if (!params) return undefined;
  }
  const job = params;
  return runJobWithProgress(deps, job.prompt, (signal, onStage) => deps.generation.generate(job, { onStage }, signal));
}

async function askForPrompt(deps: GenerateImageDeps): Promise<GenerateParams | undefined> {
  const remembered = deps.state.get<RememberedOptions>(REMEMBER_KEY) ?? {};
  const recent = deps.state.get<string[]>(RECENT_KEY)?.filter((p) => typeof p === 'string') ?? [];
  let choice: PromptChoice | undefined;
  let value = '';
  for (;;) {
    choice = await askOnce(remembered, recent, value);
    if (choice?.kind !== 'recent') break;
    // Prompt recall: pick an earlier prompt, then edit it in the same box.
    const picked = await vscode.window.showQuickPick(
      recent.map((p) => ({ label: p.replace(/\s+/g, ' ').slice(0, 200), prompt: p })),
      {
        title: vscode.l10n.t('Image Studio: Recent prompts'),
        placeHolder: vscode.l10n.t('Choose a prompt to reuse (you can edit it next)'),
      },
    );
    value = picked?.prompt ?? choice.prompt;
  }
  if (!choice) return undefined;
  if (choice.kind === 'studio') {
    await deps.openStudio(choice.prompt);
    return undefined;
  }
  let options = remembered;
  if (choice.kind === 'options') {
    const picked = await pickGenerationOptions(deps.generation.models, remembered, deps.generation.calendar.today());
    if (!picked) return undefined;
    options = picked;
    await deps.state.update(REMEMBER_KEY, options);
  }
  let prompt = choice.prompt.trim();
  if (!prompt) {
    prompt =
      (
        await vscode.window.showInputBox({
          title: vscode.l10n.t('Image Studio: Generate Image'),
          prompt: describeRemembered(options),
          ignoreFocusOut: true,
        })
      )?.trim() ?? '';
    if (!prompt) return undefined;
  }
  await deps.state.update(RECENT_KEY, [prompt, ...recent.filter((p) => p !== prompt)].slice(0, MAX_RECENT));
  return { prompt, ...options };
}

type PromptChoice = { kind: 'accept' | 'options' | 'studio' | 'recent'; prompt: string };

/** The prompt box once; resolves with what the user did (or undefined when dismissed). */
async function askOnce(remembered: RememberedOptions, recent: readonly string[], value: string): Promise<PromptChoice | undefined> {
  const input = vscode.window.createInputBox();
  const optionsButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('settings'), tooltip: vscode.l10n.t('More options…') };
  const studioButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('paintcan'),
    tooltip: vscode.l10n.t('Open in the Studio (long prompts, masks, previews)'),
  };
  const recentButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('history'), tooltip: vscode.l10n.t('Recent prompts…') };
  input.title = vscode.l10n.t('Image Studio: Generate Image');
  input.placeholder = vscode.l10n.t('Describe the image, e.g. "a pixel-art fox sprite on a transparent background"');
  input.prompt = describeRemembered(remembered);
  input.value = value;
  input.buttons = recent.length ? [recentButton, optionsButton, studioButton] : [optionsButton, studioButton];
  input.ignoreFocusOut = true;
  input.onDidChangeValue((v) => {
    input.validationMessage =
      v.length > LONG_PROMPT
        ? {
            message: vscode.l10n.t('Long prompt: the Studio (button above) is easier to edit in.'),
            severity: vscode.InputBoxValidationSeverity.Info,
          }
        : undefined;
  });
  const choice = await new Promise<PromptChoice | undefined>((resolve) => {
    input.onDidAccept(() => {
      if (input.value.trim()) resolve({ kind: 'accept', prompt: input.value });
      // Enter on an empty box must not silently do nothing.
      else
        input.validationMessage = {
          message: vscode.l10n.t('Describe the image first: the prompt is empty.'),
          severity: vscode.InputBoxValidationSeverity.Error,
        };
    });
    input.onDidTriggerButton((b) =>
      resolve({ kind: b === optionsButton ? 'options' : b === recentButton ? 'recent' : 'studio', prompt: input.value }),
    );
    input.onDidHide(() => resolve(undefined));
    input.show();
  });
  input.dispose();
  return choice;
}

function describeRemembered(o: RememberedOptions): string {
  const parts = [
    o.model,
    o.size,
    o.quality && vscode.l10n.t('quality {quality}', { quality: o.quality }),
    o.n && o.n > 1 ? vscode.l10n.t('{count} images', { count: o.n }) : undefined,
    o.background && vscode.l10n.t('background {background}', { background: o.background }),
    o.outputFormat,
  ];
  const text = parts.filter(Boolean).join(', ');
  return text
    ? vscode.l10n.t('Options: {options}. Press Enter to generate.', { options: text })
    : vscode.l10n.t('Uses your configured defaults. Press Enter to generate.');
}
