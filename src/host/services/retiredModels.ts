// A model past its shutdown, wherever the user named it: the switch offered when a job is refused,
// and the migration of saved defaults (the imageStudio.model setting at each level, and the
// remembered Generate options), always with a notice, never silently.
import * as vscode from 'vscode';
import { isImageStudioError } from '../../core/client/errors';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';
import { effectiveStatus, type EffectiveStatus } from '../../core/models/lifecycle';
import type { ProviderConfig } from '../../core/types';
import type { Log } from './log';
import type { ModelLifecycle } from './modelLifecycle';
import { readProviderConfig } from './settings';

/** Where the Generate command keeps the options it remembers (see generateImage.ts). */
export const REMEMBERED_OPTIONS_KEY = 'imageStudio.lastGenerateOptions';

const LEVELS = [
  // Named when the notice is written (the bundle is the one of this session's language).
  ['globalValue', vscode.ConfigurationTarget.Global, () => vscode.l10n.t('user settings')],
  ['workspaceValue', vscode.ConfigurationTarget.Workspace, () => vscode.l10n.t('workspace settings')],
  ['workspaceFolderValue', vscode.ConfigurationTarget.WorkspaceFolder, () => vscode.l10n.t('folder settings')],
] as const;

/** The model's status where requests go now (table, overridden by the cached server answer). */
export function statusHere(
  models: ModelCatalogue,
  model: string,
  lifecycle: ModelLifecycle,
  provider: ProviderConfig = readProviderConfig(),
): EffectiveStatus {
  return effectiveStatus(models.capabilities(model), provider.kind, lifecycle.calendar.today(), lifecycle.current(provider));
}

/** The replacement to offer for a refused job, or undefined when the error is not a retirement. */
export function replacementOffered(err: unknown): string | undefined {
  return isImageStudioError(err, 'model_retired') && err.replacement ? err.replacement : undefined;
}

/**
 * Switches every saved default naming `from` (settings at each level, remembered options) to `to`.
 * Returns where it changed, for the notice.
 */
export async function switchSavedModel(from: string, to: string, state: vscode.Memento | undefined): Promise<string[]> {
  const changed: string[] = [];
  const config = vscode.workspace.getConfiguration('imageStudio');
  const seen = config.inspect<string>('model');
  for (const [field, target, where] of LEVELS) {
    if (seen?.[field] !== from) continue;
    if (target !== vscode.ConfigurationTarget.Global && !vscode.workspace.workspaceFolders?.length) continue;
    try {
      await config.update('model', to, target);
      changed.push(where());
    } catch {
      // A level that cannot be written (no folder) keeps its value; the refusal will say so again.
    }
  }
  const remembered = state?.get<Record<string, unknown>>(REMEMBERED_OPTIONS_KEY);
  if (remembered?.model === from) {
    await state!.update(REMEMBERED_OPTIONS_KEY, { ...remembered, model: to });
    changed.push(vscode.l10n.t('remembered Generate options'));
  }
  return changed;
}

/** Migrates saved defaults that name a model retired here; shows one notice per model. */
export async function migrateRetiredDefaults(
  models: ModelCatalogue,
  lifecycle: ModelLifecycle,
  state: vscode.Memento,
  log: Log,
): Promise<Array<{ from: string; to: string; where: string[] }>> {
  const config = vscode.workspace.getConfiguration('imageStudio');
  const seen = config.inspect<string>('model');
  const named = new Set<string>();
  for (const [field] of LEVELS) {
    const value = seen?.[field];
    if (typeof value === 'string') named.add(value);
  }
  const remembered = state.get<Record<string, unknown>>(REMEMBERED_OPTIONS_KEY)?.model;
  if (typeof remembered === 'string') named.add(remembered);
  const done: Array<{ from: string; to: string; where: string[] }> = [];
  for (const model of named) {
    const status = statusHere(models, model, lifecycle);
    if (status.state !== 'retired' || !status.replacement) continue;
    const where = await switchSavedModel(model, status.replacement, state);
    if (!where.length) continue;
    done.push({ from: model, to: status.replacement, where });
    const text = status.shutdown
      ? vscode.l10n.t('Image Studio: {model} was shut down on {date}; your default model is now {replacement} ({where}).', {
          model,
          date: status.shutdown,
          replacement: status.replacement,
          where: where.join(', '),
        })
      : vscode.l10n.t('Image Studio: {model} was shut down; your default model is now {replacement} ({where}).', {
          model,
          replacement: status.replacement,
          where: where.join(', '),
        });
    log.info(text);
    void vscode.window.showInformationMessage(text, vscode.l10n.t('Open Settings')).then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'imageStudio.model');
    });
  }
  return done;
}

/** For a job refused because its model is retired (the Studio): a notification with the one-click switch. */
export function offerReplacement(err: unknown, log: Log, state?: vscode.Memento): void {
  const to = replacementOffered(err);
  if (!to) return;
  const from = (err as { value?: string }).value ?? '';
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('Image Studio: {message}', { message: (err as Error).message }),
      vscode.l10n.t('Switch to {to}', { to }),
    )
    .then(async (choice) => {
      if (!choice) return;
      const where = from ? await switchSavedModel(from, to, state) : [];
      log.info(`Switched the model from ${from} to ${to} (${where.join(', ') || 'nothing saved named it'}).`);
      void vscode.window.showInformationMessage(
        where.length
          ? vscode.l10n.t("Image Studio: choose {to} in the Studio's Model list; your saved default now is {to} ({where}).", {
              to,
              where: where.join(', '),
            })
          : vscode.l10n.t("Image Studio: choose {to} in the Studio's Model list.", { to }),
      );
    });
}
