import * as vscode from 'vscode';
import { isImageStudioError } from '../../core/client/errors';
import type { ImageFormat } from '../../core/types';
import type { GenerateParams, GenerationService, JobOutcome, SavedImage } from '../services/generationService';
import { UserFacingError } from '../services/generationService';
import type { Log } from '../services/log';
import { pickGenerationOptions, type RememberedOptions } from './generationOptionsPicker';

/** Arguments accepted from keybindings, tasks, other extensions and tests (all optional but the prompt). */
export interface GenerateImageArgs {
  prompt?: string;
  model?: string;
  size?: string;
  n?: number;
  quality?: string;
  background?: string;
  format?: ImageFormat;
  outputFolder?: string;
  stream?: boolean;
}

/** What the command returns: paths relative to the workspace folder, and what failed. */
export interface GenerateImageResult {
  saved: string[];
  failures: string[];
  cancelled: boolean;
  error?: string;
}

/** Hooks the command needs from the rest of the extension. */
export interface GenerateImageDeps {
  generation: GenerationService;
  log: Log;
  state: vscode.Memento;
  /** Opens the Studio (optionally with a prompt); shows results when given. */
  openStudio(prompt?: string): Promise<void>;
  showResults?(saved: SavedImage[], prompt: string): Promise<void>;
}

const REMEMBER_KEY = 'imageStudio.lastGenerateOptions';
const LONG_PROMPT = 400;

/** Reads arguments defensively: anything of the wrong type is ignored, never trusted. */
export function parseGenerateArgs(raw: unknown): GenerateImageArgs | undefined {
  if (typeof raw === 'string') return { prompt: raw };
  if (!raw || typeof raw !== 'object' || raw instanceof vscode.Uri) return undefined;
  const o = raw as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const format = str('format');
  return {
    prompt: str('prompt'),
    model: str('model'),
    size: str('size'),
    n: typeof o.n === 'number' && Number.isInteger(o.n) ? o.n : undefined,
    quality: str('quality'),
    background: str('background'),
    format: format === 'png' || format === 'jpeg' || format === 'webp' ? format : undefined,
    outputFolder: str('outputFolder'),
    stream: typeof o.stream === 'boolean' ? o.stream : undefined,
  };
}

/** `Image Studio: Generate Image`: a prompt (or arguments) → images in the workspace → preview. */
export async function generateImageCommand(deps: GenerateImageDeps, rawArgs?: unknown): Promise<GenerateImageResult | undefined> {
  const args = parseGenerateArgs(rawArgs) ?? {};
  let params: GenerateParams | undefined;
  if (args.prompt !== undefined) {
    params = { ...args, prompt: args.prompt, outputFormat: args.format };
  } else {
    params = await askForPrompt(deps);
    if (!params) return undefined;
  }
  return runWithProgress(deps, params);
}

async function askForPrompt(deps: GenerateImageDeps): Promise<GenerateParams | undefined> {
  const remembered = deps.state.get<RememberedOptions>(REMEMBER_KEY) ?? {};
  const input = vscode.window.createInputBox();
  const optionsButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('settings'), tooltip: 'More options…' };
  const studioButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('paintcan'), tooltip: 'Open in the Studio (long prompts, masks, previews)' };
  input.title = 'Image Studio: Generate Image';
  input.placeholder = 'Describe the image, e.g. "a pixel-art fox sprite on a transparent background"';
  input.prompt = describeRemembered(remembered);
  input.buttons = [optionsButton, studioButton];
  input.ignoreFocusOut = true;
  input.onDidChangeValue((v) => {
    input.validationMessage = v.length > LONG_PROMPT ? { message: 'Long prompt: the Studio (button above) is easier to edit in.', severity: vscode.InputBoxValidationSeverity.Info } : undefined;
  });
  const choice = await new Promise<{ kind: 'accept' | 'options' | 'studio'; prompt: string } | undefined>((resolve) => {
    input.onDidAccept(() => { if (input.value.trim()) resolve({ kind: 'accept', prompt: input.value }); });
    input.onDidTriggerButton((b) => resolve({ kind: b === optionsButton ? 'options' : 'studio', prompt: input.value }));
    input.onDidHide(() => resolve(undefined));
    input.show();
  });
  input.dispose();
  if (!choice) return undefined;
  if (choice.kind === 'studio') {
    await deps.openStudio(choice.prompt);
    return undefined;
  }
  let options = remembered;
  if (choice.kind === 'options') {
    const picked = await pickGenerationOptions(remembered);
    if (!picked) return undefined;
    options = picked;
    await deps.state.update(REMEMBER_KEY, options);
  }
  let prompt = choice.prompt.trim();
  if (!prompt) {
    prompt = (await vscode.window.showInputBox({ title: 'Image Studio: Generate Image', prompt: describeRemembered(options), ignoreFocusOut: true }))?.trim() ?? '';
    if (!prompt) return undefined;
  }
  return { prompt, ...options };
}

function describeRemembered(o: RememberedOptions): string {
  const parts = [o.model, o.size, o.quality && `quality ${o.quality}`, o.n && o.n > 1 ? `${o.n} images` : undefined, o.background && `background ${o.background}`, o.outputFormat];
  const text = parts.filter(Boolean).join(', ');
  return text ? `Options: ${text}. Press Enter to generate.` : 'Uses your configured defaults. Press Enter to generate.';
}

async function runWithProgress(deps: GenerateImageDeps, params: GenerateParams): Promise<GenerateImageResult> {
  const controller = new AbortController();
  let outcome: JobOutcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Image Studio', cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return deps.generation.generate(params, { onStage: (message) => progress.report({ message }) }, controller.signal);
      },
    );
  } catch (err) {
    return { saved: [], failures: [], cancelled: controller.signal.aborted, error: reportFailure(deps, err, controller.signal.aborted) };
  }
  await reportOutcome(deps, outcome, params.prompt);
  return { saved: outcome.saved.map((s) => s.relativePath), failures: outcome.failures, cancelled: outcome.cancelled };
}

async function reportOutcome(deps: GenerateImageDeps, outcome: JobOutcome, prompt: string): Promise<void> {
  for (const w of outcome.warnings) void vscode.window.showWarningMessage(`Image Studio: ${w}`);
  if (outcome.saved.length > 0) {
    await vscode.commands.executeCommand('vscode.open', outcome.saved[0]!.uri, { preview: true, preserveFocus: false });
    if (deps.showResults) await deps.showResults(outcome.saved, prompt);
  }
  if (outcome.failures.length > 0) {
    const summary = `Image Studio saved ${outcome.saved.length} image(s); ${outcome.failures.length} failed: ${outcome.failures[0]}`;
    void vscode.window.showWarningMessage(summary, 'Open Log').then((c) => { if (c) deps.log.show(); });
  } else if (outcome.saved.length > 0) {
    const where = outcome.saved.map((s) => s.relativePath).join(', ');
    void vscode.window.showInformationMessage(`Image Studio saved ${where}${outcome.cancelled ? ' before you cancelled' : ''}.`);
  }
}

/** Shows an error with the action that fixes it; returns the message. */
export function reportFailure(deps: Pick<GenerateImageDeps, 'log'>, err: unknown, cancelled: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  if (cancelled || (isImageStudioError(err) && err.kind === 'cancelled')) {
    void vscode.window.showInformationMessage('Image Studio: cancelled; nothing was written.');
    return message;
  }
  const actions: string[] = [];
  if ((err instanceof UserFacingError && err.action === 'setApiKey') || (isImageStudioError(err) && err.kind === 'invalid_key')) actions.push('Set API Key');
  if (err instanceof UserFacingError && err.action === 'openSettings') actions.push('Open Settings');
  actions.push('Open Log');
  deps.log.error(message);
  void vscode.window.showErrorMessage(`Image Studio: ${message}`, ...actions).then((choice) => {
    if (choice === 'Set API Key') void vscode.commands.executeCommand('imageStudio.setApiKey');
    else if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'imageStudio');
    else if (choice === 'Open Log') deps.log.show();
  });
  return message;
}
