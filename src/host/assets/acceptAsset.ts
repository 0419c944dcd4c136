// "Accept as Up to Date" in the Image Assets view: the file as it is becomes up to date for the
// current spec, with no request (a reworded prompt need not cost a re-roll). A file changed by
// hand is accepted only after a modal question, as the CLI needs --force.
import * as vscode from 'vscode';
import { acceptAsset } from '../../core/assets/accept';
import type { AssetCommandDeps } from './assetCommandDeps';
import { assetTarget } from './assetTargets';

/** Accepts the asset in `arg`; `{ force: true }` answers the hand-edit question for a test. */
export async function acceptAssetCommand(
  deps: AssetCommandDeps,
  arg: unknown,
): Promise<{ accepted: boolean; path: string; reason?: string; outputs?: string[] }> {
  const t = await assetTarget(deps, arg);
  const status = t.manifest.statuses.find((s) => s.path === t.path);
  if (!status) throw new Error(vscode.l10n.t('{path} is not an asset of this manifest.', { path: t.path }));
  let force = (arg as { force?: unknown }).force === true;
  if (status.state === 'changed-by-hand' && !force) {
    const accept = vscode.l10n.t('Accept As It Is');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{path} was changed by hand. Accept the file as it is as the asset for its current spec?', { path: t.path }),
      { modal: true },
      accept,
    );
    if (choice !== accept) return { accepted: false, path: t.path, reason: vscode.l10n.t('not confirmed') };
    force = true;
  }
  const ctx = { ...deps.manifests.context(t.manifest.dir), now: deps.generation.calendar.now() };
  const outcome = await acceptAsset(ctx, status, force);
  await deps.manifests.refresh();
  if (!outcome.accepted) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{path} was not accepted: {reason}', { path: t.path, reason: outcome.reason ?? '' }),
    );
    return { accepted: false, path: t.path, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  }
  deps.log.info(`Asset ${t.path} accepted as up to date${force ? ' (changed by hand)' : ''}`);
  if (!outcome.unchanged)
    void vscode.window.showInformationMessage(vscode.l10n.t('{path} is up to date for its current spec.', { path: t.path }));
  return { accepted: true, path: t.path, outputs: outcome.outputs };
}
