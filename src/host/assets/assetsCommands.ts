// The Image Assets view's commands: Build, Rebuild, Build All (one cancellable progress with
// counts), Open, Reveal, and the review of a rebuilt asset beside its previous version with Keep
// and Revert. Each takes a view item or `{ manifest, path }` and returns what it did.
import * as vscode from 'vscode';
import { buildAssets, type BuildOutcome } from '../../core/engine/buildAssets';
import type { PlanCode } from '../../core/assets/plan';
import { HISTORY_FOLDER } from '../../core/assets/manifestRules';
import { listCandidates, pickCandidate } from '../../core/assets/candidates';
import { discardHistory, restoreFromHistory } from '../../core/save/replaceFile';
import { offThreadPixels } from '../services/imageWorkerClient';
import { readGenerationDefaults } from '../services/settings';
import { checkManifestPaths } from '../../core/assets/assetPaths';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import { reportFailure } from '../commands/jobReporting';
import type { LoadedManifest } from './assetManifests';
import { switchToReplacement } from './useReplacement';
import type { AssetCommandDeps } from './assetCommandDeps';
import { assetTarget } from './assetTarget';
import { acceptAssetCommand } from './acceptAsset';
import { askBatchOrNow, batchStatus, cancelTracked, collectTracked, submitThenBuild, type BatchCommandDeps } from './batchCommands';
import { buildSections } from '../../core/assets/sections/buildSections';
import type { ImagesClient } from '../../core/client/imagesClient';
import type { EngineAdapters } from '../../core/engine/engineTypes';
import { engineSheetImages } from '../../core/engine/sheetImages';

/** What the asset commands need (the batch commands' tracker and prices too). */
/** What Build, Rebuild and Build All return. */
export interface AssetBuildResult {
  built: string[];
  /** Saved, but not what the manifest declares (a "transparent" asset that is opaque, pixels not protected). */
  warnings: string[];
  /** Assets built with "n" > 1 whose other candidates wait to be picked. */
  candidates: Array<{ path: string; count: number }>;
  failed: Array<{ path: string; message: string }>;
  skipped: Array<{ path: string; code: PlanCode; reason: string }>;
  cancelled: boolean;
  error?: string;
}

/**
 * Refuses a manifest whose paths (outputs, sizes, inputs, mask, palette files) go through a symbolic link out of
 * its folder, or whose .image-studio is a link: core's one rule, the same the CLI applies (history
 * and candidates are checked again where they are written), so a build writes and uploads only
 * inside the manifest's folder.
 */
async function checkLinks(manifest: LoadedManifest): Promise<void> {
  await checkManifestPaths(workspaceFileSystem, manifest.dir.toString(), manifest.parsed.manifest);
}

/** Builds some assets of several manifests under one progress notification. */
async function buildUnderProgress(
  deps: AssetCommandDeps,
  jobs: Array<{ manifest: LoadedManifest; paths?: string[]; force?: boolean }>,
  title: string,
): Promise<AssetBuildResult> {
  const result: AssetBuildResult = { built: [], warnings: [], candidates: [], failed: [], skipped: [], cancelled: false };
  const controller = new AbortController();
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const total = jobs.reduce(
          (n, j) =>
            n +
            j.manifest.statuses.filter((s) => (j.paths ? j.paths.includes(s.path) : s.state === 'missing' || s.state === 'stale')).length,
          0,
        );
        let done = 0;
        // A model that refuses transparency is asked about once per build, not once per asset.
        const adapters = deps.generation.adapters();
        let fallback: Promise<boolean> | undefined;
        const askedOnce = {
          transparencyFallback: (model: string, refusal: string) => (fallback ??= adapters.decide.transparencyFallback(model, refusal)),
        };
        for (const job of jobs) {
          if (controller.signal.aborted) break;
          await checkLinks(job.manifest);
          const { client } = await deps.generation.connect();
          const outcome: BuildOutcome = await buildAssets(
            job.manifest.parsed,
            {
              ...deps.manifests.context(job.manifest.dir),
              client,
              adapters: { ...adapters, decide: askedOnce },
              transparencyFallback: 'ask',
              concurrency: readGenerationDefaults(job.manifest.uri).concurrency,
              signal: controller.signal,
              onProgress: (e) => {
                if (e.type === 'start')
                  progress.report({
                    message: vscode.l10n.t('{path} ({index} of {total})', {
                      path: e.path,
                      index: done + 1,
                      total: Math.max(total, done + 1),
                    }),
                  });
                else {
                  done++;
                  progress.report({ increment: total ? 100 / total : 0 });
                }
              },
            },
            { ...(job.paths ? { paths: job.paths } : {}), force: !!job.force },
          );
          for (const b of outcome.built) {
            result.built.push(b.path);
            deps.log.info(`Built asset ${b.path}${b.replaced ? ' (previous version kept for review)' : ''}`);
            if (b.replaced) deps.manifests.addReview({ manifest: job.manifest.uri, path: b.path, previous: b.replaced });
            for (const w of b.warnings) deps.log.warn(w);
            result.warnings.push(...b.warnings);
            if (b.candidates.length) result.candidates.push({ path: b.path, count: b.candidates.length });
          }
          result.failed.push(...outcome.failed);
          result.skipped.push(...outcome.skipped);
          for (const f of outcome.failed) deps.log.warn(`Asset ${f.path} failed: ${f.message}`);
          if (outcome.cancelled) result.cancelled = true;
          // Build All (not a pick of assets) goes on to the sheets, atlases, icon sets and typed module.
          if (!job.paths && !controller.signal.aborted) {
            const sections = await buildViewSections(
              deps,
              job.manifest,
              { client, adapters: { ...adapters, decide: askedOnce }, signal: controller.signal },
              !!job.force,
            );
            result.built.push(...sections.built.map((b) => b.path));
            result.failed.push(...sections.failed.map((f) => ({ path: f.path, message: f.message })));
          }
        }
      },
    );
  } catch (err) {
    result.error = reportFailure(deps, err, controller.signal.aborted);
  } finally {
    await deps.manifests.refresh();
  }
  const [onlyJob] = jobs;
  const [onlyBuilt] = result.built;
  const single =
    jobs.length === 1 && result.built.length === 1 && onlyJob && onlyBuilt !== undefined
      ? { manifest: onlyJob.manifest.uri, path: onlyBuilt }
      : undefined;
  summarise(result, single && deps.manifests.review(single.manifest, single.path) ? single : undefined);
  return result;
}

/** Lets the user choose a candidate; each one is previewed beside as it is highlighted. */
async function chooseCandidate(path: string, candidates: string[]): Promise<string | undefined> {
  const items = candidates.map((c) => ({ label: vscode.Uri.parse(c, true).path.split('/').pop() ?? c, candidate: c }));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = vscode.l10n.t('Pick the candidate to use for {path}', { path });
  pick.placeholder = vscode.l10n.t('Each candidate opens beside as you move through the list; the current image is kept for Revert.');
  pick.items = items;
  pick.onDidChangeActive(([item]) => {
    if (item)
      void vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(item.candidate, true), {
        viewColumn: vscode.ViewColumn.Beside,
        preview: true,
        preserveFocus: true,
      });
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

function summarise(r: AssetBuildResult, reviewable?: { manifest: vscode.Uri; path: string }): void {
  if (r.error) return;
  const parts = [vscode.l10n.t('built {count}', { count: r.built.length })];
  if (r.failed.length)
    parts.push(
      vscode.l10n.t('{count} failed ({failures})', {
        count: r.failed.length,
        failures: r.failed.map((f) => `${f.path}: ${f.message}`).join('; '),
      }),
    );
  const handMade = r.skipped.filter((s) => s.code === 'changed-by-hand');
  if (handMade.length) parts.push(vscode.l10n.t('{count} changed by hand left alone (Rebuild replaces them)', { count: handMade.length }));
  if (r.cancelled) parts.push(vscode.l10n.t('cancelled: finished assets are saved'));
  for (const w of r.warnings) parts.push(w);
  for (const c of r.candidates)
    parts.push(vscode.l10n.t('{count} more candidate(s) of {path} to choose from (Pick Candidate…)', { count: c.count, path: c.path }));
  const text = vscode.l10n.t('Image Assets: {summary}.', { summary: parts.join(', ') });
  const review = vscode.l10n.t('Review');
  if (r.failed.length || r.warnings.length) void vscode.window.showWarningMessage(text);
  else
    void vscode.window.showInformationMessage(text, ...(reviewable ? [review] : [])).then((choice) => {
      if (choice === review) void vscode.commands.executeCommand('imageStudio.assets.review', reviewable);
    });
}

/** Builds a manifest's sections after its assets; a sheet rebuilt from a new generation is offered for review. */
async function buildViewSections(
  deps: AssetCommandDeps,
  manifest: LoadedManifest,
  engine: { client: ImagesClient; adapters: EngineAdapters; signal: AbortSignal },
  force: boolean,
) {
  const ctx = deps.manifests.sectionsContext(manifest.parsed, manifest.uri);
  const make = engineSheetImages({ ...engine, dir: ctx.dir, defaults: manifest.parsed.manifest.defaults });
  const outcome = await buildSections(ctx, make, { force });
  for (const b of outcome.built) {
    deps.log.info(`Built ${b.section} ${b.path} (${b.requests} request(s))`);
    for (const w of b.warnings) deps.log.warn(w);
  }
  for (const f of outcome.failed) deps.log.warn(`${f.section} ${f.path} failed: ${f.message}`);
  return outcome;
}

/** Registers the asset commands. */
export function registerAssetCommands(deps: BatchCommandDeps): vscode.Disposable[] {
  const guard =
    <T>(run: (arg: unknown) => Promise<T>) =>
    async (arg: unknown): Promise<T | { error: string }> => {
      try {
        return await run(arg);
      } catch (err) {
        return { error: reportFailure(deps, err, false) };
      }
    };
  const register = (id: string, run: (arg: unknown) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, guard(run));
  return [
    register('imageStudio.assets.refresh', async () => (await deps.manifests.refresh()).length),
    register('imageStudio.assets.build', async (arg) => {
      const t = await assetTarget(deps, arg);
      return buildUnderProgress(deps, [{ manifest: t.manifest, paths: [t.path] }], vscode.l10n.t('Building {path}', { path: t.path }));
    }),
    register('imageStudio.assets.rebuild', async (arg) => {
      const t = await assetTarget(deps, arg);
      return buildUnderProgress(
        deps,
        [{ manifest: t.manifest, paths: [t.path], force: true }],
        vscode.l10n.t('Rebuilding {path}', { path: t.path }),
      );
    }),
    register('imageStudio.assets.useReplacement', async (arg) => {
      const t = await assetTarget(deps, arg);
      const model = await switchToReplacement(t.manifest, t.path);
      deps.log.info(`Asset ${t.path} now uses ${model}`);
      const refreshed = await deps.manifests.manifest(t.manifest.uri);
      return {
        model,
        ...(await buildUnderProgress(
          deps,
          [{ manifest: refreshed, paths: [t.path], force: true }],
          vscode.l10n.t('Rebuilding {path} with {model}', { path: t.path, model }),
        )),
      };
    }),
    register('imageStudio.assets.buildAll', async (arg) => {
      const manifests = (await deps.manifests.refresh()).filter((m) => !m.error);
      // A large run is offered as a batch (half the price); `{ mode }` answers for a test or a keybinding.
      const asked = (arg as { mode?: unknown } | undefined)?.mode;
      const mode = asked === 'batch' || asked === 'interactive' ? asked : await askBatchOrNow(deps, manifests);
      if (!mode) return { built: [], failed: [], skipped: [], cancelled: true };
      if (mode === 'batch') return submitThenBuild(deps, manifests, (jobs, title) => buildUnderProgress(deps, jobs, title));
      return buildUnderProgress(
        deps,
        manifests.map((manifest) => ({ manifest })),
        vscode.l10n.t('Building image assets'),
      );
    }),
    register('imageStudio.assets.buildAllAsBatch', async () =>
      submitThenBuild(
        deps,
        (await deps.manifests.refresh()).filter((m) => !m.error),
        (jobs, title) => buildUnderProgress(deps, jobs, title),
      ),
    ),
    register('imageStudio.assets.batchStatus', async () => batchStatus(deps)),
    register('imageStudio.assets.batchCollect', async (arg) => collectTracked(deps, arg)),
    register('imageStudio.assets.batchCancel', async (arg) => cancelTracked(deps, arg)),
    register('imageStudio.assets.open', async (arg) => {
      const t = await assetTarget(deps, arg);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(t.manifest.dir, t.path));
    }),
    register('imageStudio.assets.reveal', async (arg) => {
      const t = await assetTarget(deps, arg);
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.joinPath(t.manifest.dir, t.path));
    }),
    register('imageStudio.assets.review', async (arg) => {
      const t = await assetTarget(deps, arg);
      const review = deps.manifests.review(t.manifest.uri, t.path);
      if (!review)
        throw new Error(vscode.l10n.t('{path} has no previous version to review (it was not rebuilt in this session).', { path: t.path }));
      const previous = vscode.Uri.parse(review.previous.image, true);
      const current = vscode.Uri.joinPath(t.manifest.dir, t.path);
      await vscode.commands.executeCommand('vscode.diff', previous, current, vscode.l10n.t('{path}: previous ↔ rebuilt', { path: t.path }));
      const keep = vscode.l10n.t('Keep');
      const revert = vscode.l10n.t('Revert');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('Review {path}: keep the rebuilt image or revert to the previous one.', { path: t.path }),
          keep,
          revert,
        )
        .then((choice) => {
          if (choice === keep) void vscode.commands.executeCommand('imageStudio.assets.keep', { manifest: t.manifest.uri, path: t.path });
          if (choice === revert)
            void vscode.commands.executeCommand('imageStudio.assets.revert', { manifest: t.manifest.uri, path: t.path });
        });
      return { previous: previous.toString(), current: current.toString() };
    }),
    register('imageStudio.assets.keep', async (arg) => {
      const t = await assetTarget(deps, arg);
      const review = deps.manifests.review(t.manifest.uri, t.path);
      if (!review) throw new Error(vscode.l10n.t('{path} has nothing to keep or revert.', { path: t.path }));
      await discardHistory(workspaceFileSystem, review.previous);
      deps.manifests.endReview(t.manifest.uri, t.path);
      await deps.manifests.refresh();
      return { kept: t.path };
    }),
    register('imageStudio.assets.revert', async (arg) => {
      const t = await assetTarget(deps, arg);
      const review = deps.manifests.review(t.manifest.uri, t.path);
      if (!review) throw new Error(vscode.l10n.t('{path} has nothing to keep or revert.', { path: t.path }));
      const fs = workspaceFileSystem;
      const dir = t.manifest.dir.toString();
      // The rejected rebuild goes to the history in turn: nothing made is ever lost.
      const rejected = await restoreFromHistory(
        { fs, path: fs.join(dir, t.path), historyDir: fs.join(dir, `${HISTORY_FOLDER}/${t.path}`), now: deps.generation.calendar.now() },
        review.previous,
      );
      deps.manifests.endReview(t.manifest.uri, t.path);
      await deps.manifests.refresh();
      return { reverted: t.path, rejectedKeptAt: rejected?.image };
    }),
    register('imageStudio.assets.accept', async (arg) => acceptAssetCommand(deps, arg)),
    register('imageStudio.assets.pickCandidate', async (arg) => {
      const t = await assetTarget(deps, arg);
      const ctx = { ...deps.manifests.context(t.manifest.dir), pixels: offThreadPixels, now: () => deps.generation.calendar.now() };
      const listed = await listCandidates(ctx, t.path);
      if (!listed.length)
        throw new Error(vscode.l10n.t('{path} has no candidates to pick: give it "n" above 1 and build it.', { path: t.path }));
      const given = (arg as { candidate?: unknown }).candidate;
      const chosen = typeof given === 'string' ? listed.find((c) => c === given) : await chooseCandidate(t.path, listed);
      if (typeof given === 'string' && !chosen)
        throw new Error(vscode.l10n.t('{candidate} is not a candidate of {path}.', { candidate: given, path: t.path }));
      if (!chosen) return { picked: undefined };
      await checkLinks(t.manifest);
      const done = await pickCandidate(ctx, t.manifest.parsed, t.path, chosen);
      // A pick is reviewed like a rebuild: Keep or Revert against the version it replaced.
      if (done.replaced) deps.manifests.addReview({ manifest: t.manifest.uri, path: t.path, previous: done.replaced });
      for (const w of done.warnings) void vscode.window.showWarningMessage(w);
      await deps.manifests.refresh();
      deps.log.info(`Asset ${t.path}: picked candidate ${vscode.Uri.parse(chosen, true).path.split('/').pop() ?? chosen}`);
      return { picked: chosen, previous: done.replaced?.image };
    }),
    register('imageStudio.assets.list', async () =>
      (await deps.tree.allAssets()).map((n) => {
        const item = deps.tree.getTreeItem(n);
        return {
          manifest: n.manifest.toString(),
          path: n.path,
          state: n.status.state,
          description: item.description,
          contextValue: item.contextValue,
        };
      }),
    ),
    register('imageStudio.assets.listBatches', async () =>
      deps.tree.batchNodes().map((n) => {
        const item = deps.tree.getTreeItem(n);
        return { batchId: n.run.run.batchId, label: item.label, description: item.description, contextValue: item.contextValue };
      }),
    ),
  ];
}
