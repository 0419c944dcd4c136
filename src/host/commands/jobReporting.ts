import * as vscode from 'vscode';
import { isImageStudioError } from '../../core/client/errors';
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { JobOutcome, SavedImage } from '../services/jobTypes';
import { UserFacingError } from '../services/userFacingError';
import type { Log } from '../services/log';
import { OutputLocationError } from '../services/outputLocation';
import type { ExternalJobMessage } from '../../shared/protocol';
import { jobTitle } from './jobTitle';
import { replacementOffered, switchSavedModel } from '../services/retiredModels';
import { errorMessage } from '../../core/errorMessage';
import { announceResult } from '../services/resultOpening';
import { compareWithOriginal, editedFrom } from '../services/editOriginal';

/** What image commands return: paths relative to the workspace folder, and what failed. */
export interface JobCommandResult {
  saved: string[];
  failures: string[];
  cancelled: boolean;
  error?: string;
  /** What was said but did not stop the job (a shutdown date ahead, an experimental size). */
  warnings?: string[];
}

/** What reporting a job needs from the rest of the extension. */
export interface JobReportingDeps {
  generation: ImageJobRunner;
  log: Log;
  /** Shows results in the Studio gallery, when the Studio is available. */
  showResults?(saved: SavedImage[], prompt: string): Promise<void>;
  /** Shows the job's progress in the Studio, when it is open. */
  jobProgress?(message: ExternalJobMessage): void;
  /** Workspace state, where remembered options live (switched with the model). */
  state?: vscode.Memento;
}

/**
 * Runs a job under a cancellable progress notification (Cancel aborts the request), then opens the
 * first image and says what was saved and what failed. Never throws: failures become messages
 * with the action that fixes them, and the returned result. `inputs` (an edit's images) let an
 * edit's result offer Compare with the original.
 */
export async function runJobWithProgress(
  deps: JobReportingDeps,
  prompt: string,
  job: (signal: AbortSignal, onStage: (message: string) => void) => Promise<JobOutcome>,
  inputs: readonly vscode.Uri[] = [],
): Promise<JobCommandResult> {
  const controller = new AbortController();
  // Named by the prompt: two jobs from the palette at once must not both read "Sending…".
  const title = jobTitle(prompt);
  // Unique without a counter kept in the module: a random id per job.
  const jobId = `cmd-${globalThis.crypto.randomUUID()}`;
  const studio = (text: string, done = false) => deps.jobProgress?.({ type: 'externalJob', jobId, title, text, done });
  let outcome: JobOutcome;
  try {
    studio(vscode.l10n.t('Starting…'));
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return job(controller.signal, (message) => {
          progress.report({ message });
          studio(message);
        });
      },
    );
  } catch (err) {
    studio('', true);
    return { saved: [], failures: [], cancelled: controller.signal.aborted, error: reportFailure(deps, err, controller.signal.aborted) };
  }
  studio('', true);
  await reportOutcome(deps, outcome, prompt, inputs);
  return {
    saved: outcome.saved.map((s) => s.relativePath),
    failures: outcome.failures,
    cancelled: outcome.cancelled,
    warnings: [...outcome.warnings, ...(outcome.notes ?? [])],
  };
}

async function reportOutcome(deps: JobReportingDeps, outcome: JobOutcome, prompt: string, inputs: readonly vscode.Uri[]): Promise<void> {
  for (const w of outcome.warnings) void vscode.window.showWarningMessage(vscode.l10n.t('Image Studio: {warning}', { warning: w }));
  // Notes are about the request, not the result (a preview feature asked for, a shutdown date ahead):
  // each is said once per window, not after every run that went well; the log keeps them all.
  for (const n of outcome.notes ?? []) {
    deps.log.info(n);
    if (deps.generation.firstTimeSaid(n)) void vscode.window.showInformationMessage(vscode.l10n.t('Image Studio: {note}', { note: n }));
  }
  const [first] = outcome.saved;
  if (first && deps.showResults) await deps.showResults(outcome.saved, prompt);
  if (outcome.failures.length > 0) {
    // Whatever arrived is still shown the quiet way: beside, without the focus.
    if (first) await announceResult(first.uri);
    const args = { saved: outcome.saved.length, failed: outcome.failures.length, first: outcome.failures[0] ?? '' };
    const summary =
      args.saved === 1
        ? vscode.l10n.t('Image Studio saved 1 image; {failed} failed: {first}', args)
        : vscode.l10n.t('Image Studio saved {saved} images; {failed} failed: {first}', args);
    void vscode.window.showWarningMessage(summary, vscode.l10n.t('Open Log')).then((c) => {
      if (c) deps.log.show();
    });
  } else if (first) {
    const where = outcome.saved.map((s) => s.relativePath).join(', ');
    const original = inputs.length ? await editedFrom(first, inputs) : undefined;
    const compare = original && {
      label: vscode.l10n.t('Compare with the original'),
      run: () => void compareWithOriginal(original, first.uri),
    };
    await announceResult(
      first.uri,
      outcome.cancelled
        ? vscode.l10n.t('Image Studio saved {where} before you cancelled.', { where })
        : vscode.l10n.t('Image Studio saved {where}.', { where }),
      compare ? [compare] : [],
    );
  }
}

/** Shows an error with the action that fixes it; returns the message. */
export function reportFailure(deps: Pick<JobReportingDeps, 'log' | 'state'>, err: unknown, cancelled: boolean): string {
  const message = errorMessage(err);
  if (cancelled || (isImageStudioError(err) && err.kind === 'cancelled')) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Image Studio: cancelled; nothing was written.'));
    return message;
  }
  const actions: string[] = [];
  // The buttons' words, as the choice comes back in them.
  const setKey = vscode.l10n.t('Set API Key');
  const openSettings = vscode.l10n.t('Open Settings');
  const openFolder = vscode.l10n.t('Open Folder…');
  const openLog = vscode.l10n.t('Open Log');
  if ((err instanceof UserFacingError && err.action === 'setApiKey') || (isImageStudioError(err) && err.kind === 'invalid_key'))
    actions.push(setKey);
  // A refused output folder is a setting to fix.
  if (err instanceof OutputLocationError) actions.push(openSettings);
  if (err instanceof UserFacingError && err.action === 'openFolder') actions.push(openFolder);
  // A model past its shutdown: one click switches the saved default to the replacement.
  const replacement = replacementOffered(err);
  const switchTo = replacement ? vscode.l10n.t('Switch to {replacement}', { replacement }) : undefined;
  if (switchTo) actions.push(switchTo);
  actions.push(openLog);
  deps.log.error(message);
  void vscode.window.showErrorMessage(vscode.l10n.t('Image Studio: {message}', { message }), ...actions).then((choice) => {
    if (choice === setKey) void vscode.commands.executeCommand('imageStudio.setApiKey');
    else if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'imageStudio');
    else if (choice === openFolder) void vscode.commands.executeCommand('workbench.action.files.openFolder');
    else if (choice === openLog) deps.log.show();
    else if (choice && choice === switchTo) void switchAndSay(deps, (err as { value?: string }).value ?? '', replacement!);
  });
  return message;
}

/** Switches the saved model (settings, remembered options) and says where; with nothing saved, sets the user setting. */
async function switchAndSay(deps: Pick<JobReportingDeps, 'log' | 'state'>, from: string, to: string): Promise<void> {
  let where = from ? await switchSavedModel(from, to, deps.state) : [];
  if (!where.length) {
    await vscode.workspace.getConfiguration('imageStudio').update('model', to, vscode.ConfigurationTarget.Global);
    where = [vscode.l10n.t('user settings')];
  }
  deps.log.info(`Switched the model from ${from || 'the refused one'} to ${to} (${where.join(', ')}).`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Image Studio now uses {to} ({where}). Run the command again.', { to, where: where.join(', ') }),
  );
}
