// The review side of the Image Assets view: Review a rebuilt (or picked, or restored) asset beside
// its previous version, Keep or Revert it, Pick one of its candidates (said and reviewable like a
// rebuild), and open or restore any previous version in one click. A picked candidate that is
// reverted goes back among the candidates, so it can still be picked later.
import * as vscode from 'vscode';
import { returnToCandidates } from '../../core/assets/assetVersions';
import { listCandidates, pickCandidate } from '../../core/assets/candidates';
import { HISTORY_FOLDER } from '../../core/assets/manifestRules';
import { discardHistory, restoreFromHistory, type HistoryEntry } from '../../core/save/replaceFile';
import { sidecarPath } from '../../core/save/writeFiles';
import { offThreadPixels } from '../services/imageWorkerClient';
import { previewBeside } from '../services/resultOpening';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { AssetCommandDeps } from './assetCommandDeps';
import { assetTarget, checkLinks, versionUri } from './assetTargets';
import { previousName, versionView } from './versionFileSystem';

const fileName = (image: string): string => vscode.Uri.parse(image, true).path.split('/').pop() ?? image;

/** Opens the compare editor: the previous version (under a readable name) ↔ the asset now. */
async function compare(deps: AssetCommandDeps, manifest: vscode.Uri, dir: vscode.Uri, path: string, previous: string): Promise<void> {
  const before = vscode.Uri.parse(previous, true);
  const current = vscode.Uri.joinPath(dir, path);
  await vscode.commands.executeCommand(
    'vscode.diff',
    versionView(before, previousName(path, before)),
    current,
    vscode.l10n.t('{path}: previous ↔ now', { path }),
  );
  deps.log.info(`Review of ${path} (${vscode.workspace.asRelativePath(manifest)}) opened.`);
}

/** Says what replaced an asset, with Keep, Revert and Compare. */
function offerReview(manifest: vscode.Uri, path: string, text: string): void {
  const keep = vscode.l10n.t('Keep');
  const revert = vscode.l10n.t('Revert');
  const review = vscode.l10n.t('Compare');
  void vscode.window.showInformationMessage(text, keep, revert, review).then((choice) => {
    const arg = { manifest, path };
    if (choice === keep) void vscode.commands.executeCommand('imageStudio.assets.keep', arg);
    if (choice === revert) void vscode.commands.executeCommand('imageStudio.assets.revert', arg);
    if (choice === review) void vscode.commands.executeCommand('imageStudio.assets.review', arg);
  });
}

/** Lets the user choose a candidate; each one is previewed beside (without the focus) as it is highlighted. */
async function chooseCandidate(path: string, candidates: string[]): Promise<string | undefined> {
  const items = candidates.map((c) => ({ label: fileName(c), candidate: c }));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = vscode.l10n.t('Pick the candidate to use for {path}', { path });
  pick.placeholder = vscode.l10n.t('Each candidate opens beside as you move through the list; the current image is kept for Revert.');
  pick.items = items;
  pick.onDidChangeActive(([item]) => {
    if (item) void previewBeside(vscode.Uri.parse(item.candidate, true));
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.candidate);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The review, keep, revert, pick and version commands, as [id, handler] pairs for registerAssetCommands. */
export function reviewCommands(deps: AssetCommandDeps): Array<[string, (arg: unknown) => Promise<unknown>]> {
  const now = (): Date => deps.generation.calendar.now();
  return [
    [
      'imageStudio.assets.review',
      async (arg) => {
        const t = await assetTarget(deps, arg);
        const review = deps.manifests.review(t.manifest.uri, t.path);
        if (!review) throw new Error(vscode.l10n.t('{path} has no previous version to review.', { path: t.path }));
        await compare(deps, t.manifest.uri, t.manifest.dir, t.path, review.previous.image);
        offerReview(
          t.manifest.uri,
          t.path,
          vscode.l10n.t('Review {path}: keep the new image or revert to the previous one.', { path: t.path }),
        );
        return { previous: review.previous.image, current: vscode.Uri.joinPath(t.manifest.dir, t.path).toString() };
      },
    ],
    [
      'imageStudio.assets.keep',
      async (arg) => {
        const t = await assetTarget(deps, arg);
        const review = deps.manifests.review(t.manifest.uri, t.path);
        if (!review) throw new Error(vscode.l10n.t('{path} has nothing to keep or revert.', { path: t.path }));
        await discardHistory(workspaceFileSystem, review.previous);
        deps.manifests.endReview(t.manifest.uri, t.path);
        await deps.manifests.refresh();
        return { kept: t.path };
      },
    ],
    [
      'imageStudio.assets.revert',
      async (arg) => {
        const t = await assetTarget(deps, arg);
        const review = deps.manifests.review(t.manifest.uri, t.path);
        if (!review) throw new Error(vscode.l10n.t('{path} has nothing to keep or revert.', { path: t.path }));
        const fs = workspaceFileSystem;
        const dir = t.manifest.dir.toString();
        // The rejected version goes to the history in turn (nothing made is ever lost); a rejected
        // pick goes back among the candidates, where Pick Candidate finds it again.
        const rejected = await restoreFromHistory(
          { fs, path: fs.join(dir, t.path), historyDir: fs.join(dir, `${HISTORY_FOLDER}/${t.path}`), now: now() },
          review.previous,
        );
        const candidate =
          rejected && review.pickedFor ? await returnToCandidates({ fs, dir, now: now() }, t.path, review.pickedFor, rejected) : undefined;
        deps.manifests.endReview(t.manifest.uri, t.path);
        await deps.manifests.refresh();
        return { reverted: t.path, rejectedKeptAt: candidate ?? rejected?.image, ...(candidate ? { candidate } : {}) };
      },
    ],
    [
      'imageStudio.assets.pickCandidate',
      async (arg) => {
        const t = await assetTarget(deps, arg);
        const ctx = { ...deps.manifests.context(t.manifest.dir), pixels: offThreadPixels, now };
        const listed = await listCandidates(ctx, t.path);
        if (!listed.length)
          throw new Error(vscode.l10n.t('{path} has no candidates to pick: give it "n" above 1 and build it.', { path: t.path }));
        const given = (arg as { candidate?: unknown; image?: unknown }).candidate ?? (arg as { image?: unknown }).image;
        const chosen = typeof given === 'string' ? listed.find((c) => c === given) : await chooseCandidate(t.path, listed);
        if (typeof given === 'string' && !chosen)
          throw new Error(vscode.l10n.t('{candidate} is not a candidate of {path}.', { candidate: given, path: t.path }));
        if (!chosen) return { picked: undefined };
        await checkLinks(t.manifest);
        const specHash = t.manifest.statuses.find((s) => s.path === t.path)?.specHash;
        const done = await pickCandidate(ctx, t.manifest.parsed, t.path, chosen);
        // A pick is reviewed like a rebuild: Keep or Revert against the version it replaced.
        if (done.replaced)
          deps.manifests.addReview({ manifest: t.manifest.uri, path: t.path, previous: done.replaced, pickedFor: specHash });
        for (const w of done.warnings) void vscode.window.showWarningMessage(w);
        await deps.manifests.refresh();
        deps.log.info(`Asset ${t.path}: picked candidate ${fileName(chosen)}`);
        const said = vscode.l10n.t('Picked {candidate} for {path}.', { candidate: fileName(chosen), path: t.path });
        if (done.replaced)
          offerReview(t.manifest.uri, t.path, `${said} ${vscode.l10n.t('The image it replaced is kept: keep the new one or revert.')}`);
        else void vscode.window.showInformationMessage(said);
        return { picked: chosen, previous: done.replaced?.image };
      },
    ],
    [
      'imageStudio.assets.openVersion',
      async (arg) => {
        const t = await assetTarget(deps, arg);
        const uri = versionUri(t.manifest, (arg as { image?: unknown }).image);
        await previewBeside(uri);
        return { opened: uri.toString() };
      },
    ],
    [
      'imageStudio.assets.restoreVersion',
      async (arg) => {
        const t = await assetTarget(deps, arg);
        const uri = versionUri(t.manifest, (arg as { image?: unknown }).image);
        await checkLinks(t.manifest);
        const fs = workspaceFileSystem;
        const dir = t.manifest.dir.toString();
        const image = uri.toString();
        const entry: HistoryEntry = (await fs.exists(sidecarPath(image))) ? { image, sidecar: sidecarPath(image) } : { image };
        // The image in place now goes to the history and becomes the review's previous version.
        const replaced = await restoreFromHistory(
          { fs, path: fs.join(dir, t.path), historyDir: fs.join(dir, `${HISTORY_FOLDER}/${t.path}`), now: now() },
          entry,
        );
        if (replaced) deps.manifests.addReview({ manifest: t.manifest.uri, path: t.path, previous: replaced });
        await deps.manifests.refresh();
        deps.log.info(`Asset ${t.path}: restored ${fileName(image)} from the history`);
        const said = vscode.l10n.t('Restored {version} as {path}.', { version: fileName(image), path: t.path });
        if (replaced)
          offerReview(t.manifest.uri, t.path, `${said} ${vscode.l10n.t('The image it replaced is kept: keep this one or revert.')}`);
        else void vscode.window.showInformationMessage(said);
        return { restored: image, previous: replaced?.image };
      },
    ],
  ];
}
