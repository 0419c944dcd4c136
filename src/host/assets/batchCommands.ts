// The Image Assets view's batch commands: Build All as a Batch (offered by Build All when a run is
// large, with the saving the price table estimates), and status, collect and cancel of a batch.
// Collect saves through the engine's asset placement (core's collectRun) and opens the review of
// what it replaced, like an interactive rebuild. Assets no batch can carry (their model's row says
// batch: false, or a markup edit) are counted out of the offer and handed back to be built now.
import * as vscode from 'vscode';
import type { AssetStatus } from '../../core/assets/status';
import { batchUnsupportedReason, notBatchableReason } from '../../core/batch/batchTarget';
import { cancelRun, collectRun } from '../../core/batch/collect';
import { submitBatches, type SkippedAsset } from '../../core/batch/submit';
import { previewBeside } from '../services/resultOpening';
import { estimateCost, formatUsd, type PriceTable } from '../../core/pricing';
import { offThreadPixels } from '../services/imageWorkerClient';
import { checkManifestPaths } from '../../core/assets/assetPaths';
import { processLockOwner } from '../services/processLockOwner';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import { readProviderConfig } from '../services/settings';
import type { LoadedManifest } from './assetManifests';
import { describeRun, isFinished, type BatchTracker, type TrackedRun } from './batchTracker';
import type { AssetCommandDeps } from './assetCommandDeps';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';

/** From this many assets to build, Build All offers a batch. */
export const BATCH_OFFER_MIN_ASSETS = 20;

/** What the batch commands need besides the asset commands' dependencies. */
export interface BatchCommandDeps extends AssetCommandDeps {
  tracker: BatchTracker;
  prices: () => PriceTable;
}

const toBuild = (m: LoadedManifest): AssetStatus[] => m.statuses.filter((s) => s.state === 'missing' || s.state === 'stale');
const batchable = (models: ModelCatalogue, s: AssetStatus): boolean => !s.resolved || !notBatchableReason(models, s.resolved);

/** The interactive price of the assets and the half the Batch API charges; undefined without prices. */
export function batchSaving(statuses: AssetStatus[], table: PriceTable): { full: number; batch: number } | undefined {
  let full = 0;
  for (const s of statuses) {
    const a = s.resolved;
    const cost =
      a &&
      estimateCost(table, {
        model: a.model,
        quality: String(a.options.quality ?? 'auto'),
        size: String(a.options.size ?? 'auto'),
        n: 1,
        ...(a.options.complexity !== undefined ? { complexity: String(a.options.complexity) } : {}),
      });
    if (!cost) return undefined;
    full += (cost.low + cost.high) / 2;
  }
  return { full, batch: full / 2 };
}

/**
 * Build All on a large run: asks whether to send it as a batch (why, and the saving). Returns
 * 'batch', 'interactive', or undefined when the question was dismissed.
 */
export async function askBatchOrNow(deps: BatchCommandDeps, manifests: LoadedManifest[]): Promise<'batch' | 'interactive' | undefined> {
  const all = manifests.flatMap(toBuild);
  // Only what a batch can carry counts towards the offer and its saving; the rest is built now either way.
  const statuses = all.filter((s) => batchable(deps.manifests.models, s));
  if (statuses.length < BATCH_OFFER_MIN_ASSETS || batchUnsupportedReason(readProviderConfig())) return 'interactive';
  const saving = batchSaving(statuses, deps.prices());
  const price = saving
    ? vscode.l10n.t('about {batch} instead of {full} (estimated from the price table)', {
        batch: formatUsd(saving.batch),
        full: formatUsd(saving.full),
      })
    : vscode.l10n.t('half the price');
  const asBatch = vscode.l10n.t('Build All as a Batch');
  const now = vscode.l10n.t('Build Now');
  const others = all.filter((s) => !batchable(deps.manifests.models, s));
  const models = [...new Set(others.map((s) => s.resolved?.model ?? ''))].join(', ');
  const offer =
    others.length === 0
      ? vscode.l10n.t(
          "{count} assets to build. Sent as one batch through OpenAI's Batch API they cost {price}, meet no rate limits and arrive within 24 hours, even with this window closed.",
          { count: statuses.length, price },
        )
      : vscode.l10n.t(
          "{count} assets to build. Sent as one batch through OpenAI's Batch API they cost {price}, meet no rate limits and arrive within 24 hours, even with this window closed. {others} more are built now either way: the Batch API does not take them ({models}).",
          { count: statuses.length, price, others: others.length, models },
        );
  const choice = await vscode.window.showInformationMessage(offer, asBatch, now);
  return choice === asBatch ? 'batch' : choice === now ? 'interactive' : undefined;
}

/** What a batch submission did, and what it hands back to be built interactively now. */
export interface SubmittedBatches {
  batches: string[];
  skipped: SkippedAsset[];
  /** Not in a batch because none can carry them (their model, a markup edit): built now. */
  notInBatch: Array<{ path: string; reason: string }>;
  buildNow: Array<{ manifest: LoadedManifest; paths: string[] }>;
  error?: string;
}

/** Submits the stale and missing assets of every manifest as batches; what no batch can carry is handed back in `buildNow`. */
export async function submitAsBatches(deps: BatchCommandDeps, manifests: LoadedManifest[]): Promise<SubmittedBatches> {
  const reason = batchUnsupportedReason(readProviderConfig());
  if (reason) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{reason} Build All builds them interactively instead.', { reason }));
    return { batches: [], skipped: [], notInBatch: [], buildNow: [], error: reason };
  }
  const { api, provider } = await deps.generation.batchApi();
  const out: SubmittedBatches = { batches: [], skipped: [], notInBatch: [], buildNow: [] };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting the image assets as a batch') },
    async () => {
      for (const m of manifests) {
        if (!toBuild(m).length) continue;
        // Inputs are uploaded: none may be a link to a file outside the manifest's folder.
        await checkManifestPaths(workspaceFileSystem, m.dir.toString(), m.parsed.manifest);
        const outcome = await submitBatches(m.parsed, {
          ...deps.manifests.context(m.dir),
          api,
          provider,
          now: () => deps.generation.calendar.now(),
        });
        out.skipped.push(...outcome.skipped);
        out.notInBatch.push(...outcome.interactive);
        if (outcome.interactive.length) out.buildNow.push({ manifest: m, paths: outcome.interactive.map((a) => a.path) });
        for (const a of outcome.interactive) deps.log.info(`Asset ${a.path} is built interactively: ${a.reason}`);
        deps.tracker.add(outcome.runs.map((run) => ({ manifest: m.uri, dir: m.dir, run })));
        for (const run of outcome.runs) {
          out.batches.push(run.batchId);
          deps.log.info(`Submitted batch ${run.batchId}: ${run.assets.length} asset(s) to ${run.endpoint}`);
        }
      }
    },
  );
  const later = out.skipped.length
    ? ` ${vscode.l10n.t('{count} left for later: {list}', { count: out.skipped.length, list: out.skipped.map((s) => `${s.path} (${skippedInWords(s)})`).join('; ') })}`
    : '';
  const now = out.notInBatch.length
    ? ` ${vscode.l10n.t('{count} built now instead of in the batch: {list}', { count: out.notInBatch.length, list: out.notInBatch.map((s) => `${s.path} (${s.reason})`).join('; ') })}`
    : '';
  const text = out.batches.length
    ? vscode.l10n.t(
        'Image Assets: submitted {batches} as a batch; results within 24 hours. The view shows its progress, and a notification offers Review when it has finished.',
        { batches: out.batches.join(', ') },
      )
    : out.notInBatch.length
      ? vscode.l10n.t('Image Assets: no asset could go in a batch.')
      : vscode.l10n.t('Image Assets: nothing to submit; every asset is up to date or already in a batch.');
  void vscode.window.showInformationMessage(`${text}${later}${now}`);
  return out;
}

/** Why an asset was left out of the batch, in the view's words (core's `reason` speaks to the CLI). */
export function skippedInWords(s: SkippedAsset): string {
  switch (s.code) {
    case 'after-inputs':
      return vscode.l10n.t('its inputs are built first: once this batch is collected, Build All as a Batch again');
    case 'in-batch':
      return vscode.l10n.t('already in a batch that is not collected yet');
    case 'changed-by-hand':
      return vscode.l10n.t('changed by hand: left alone (Rebuild replaces it; the file is kept in the history)');
    case 'forced':
      return vscode.l10n.t('rebuilt on request');
    case 'reprocess-only':
      return vscode.l10n.t('only its processing steps changed: Build re-processes it with no request');
    default:
      return s.reason;
  }
}

/** Submits what a batch can carry, then builds the rest (a model the Batch API does not take) now through `build`. */
export async function submitThenBuild(
  deps: BatchCommandDeps,
  manifests: LoadedManifest[],
  build: (jobs: SubmittedBatches['buildNow'], title: string) => Promise<{ skipped: Array<{ path: string; reason: string }> }>,
): Promise<unknown> {
  const { buildNow, ...submitted } = await submitAsBatches(deps, manifests);
  if (!buildNow.length) return submitted;
  const built = await build(buildNow, vscode.l10n.t('Building the image assets a batch cannot carry'));
  return { ...built, ...submitted, skipped: [...submitted.skipped, ...built.skipped] };
}

/** Resolves a command argument (a view node, `{ batchId }`, or nothing: asks when several fit). */
async function chooseRun(
  deps: BatchCommandDeps,
  arg: unknown,
  fits: (t: TrackedRun) => boolean,
  none: string,
): Promise<TrackedRun | undefined> {
  const id =
    (arg as { batchId?: unknown; run?: { batchId?: unknown } } | undefined)?.batchId ??
    (arg as { run?: { batchId?: unknown } } | undefined)?.run?.batchId;
  if (typeof id === 'string') {
    const t = deps.tracker.find(id);
    if (!t) throw new Error(vscode.l10n.t('No batch {id} is recorded in .image-studio/batches of this workspace.', { id }));
    return t;
  }
  const candidates = deps.tracker.runs.filter(fits);
  if (!candidates.length) throw new Error(none);
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.run.batchId, description: describeRun(t), t })),
    { placeHolder: vscode.l10n.t('Which batch?') },
  );
  return picked?.t;
}

/** Collects a finished run; with `review`, opens the review of what it replaced. */
export async function collectTracked(deps: BatchCommandDeps, arg: unknown): Promise<unknown> {
  const t = await chooseRun(
    deps,
    arg,
    (x) => isFinished(x.run) && !x.run.collected,
    vscode.l10n.t('No finished batch is waiting to be collected.'),
  );
  if (!t) return { cancelled: true };
  const manifest = await deps.manifests.manifest(t.manifest);
  // The one rule for where files go, as for a build: nothing is saved through a link out of the folder.
  await checkManifestPaths(workspaceFileSystem, t.dir.toString(), manifest.parsed.manifest);
  const { api, provider, fetch, lookupHost } = await deps.generation.batchApi();
  const replaced: string[] = [];
  const collected = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Collecting batch {id}', { id: t.run.batchId }) },
    (progress) =>
      collectRun(manifest.parsed, t.run, {
        ...deps.manifests.context(t.dir),
        api,
        fetch,
        lookupHost,
        provider,
        pixels: offThreadPixels,
        now: () => deps.generation.calendar.now(),
        lockOwner: processLockOwner(),
        onWarning: (m) => deps.log.warn(m),
        onProgress: (e) => {
          if (e.type === 'saved') {
            progress.report({ message: e.path });
            deps.log.info(`Saved asset ${e.path} from batch ${t.run.batchId}`);
            if (e.replaced) {
              deps.manifests.addReview({ manifest: t.manifest, path: e.path, previous: e.replaced });
              replaced.push(e.path);
            }
          } else if (e.type === 'failed') deps.log.warn(`Asset ${e.path} failed in batch ${t.run.batchId}: ${e.message ?? ''}`);
        },
      }),
  );
  deps.tracker.update(t);
  await deps.manifests.refresh();
  const text = vscode.l10n.t(
    'Batch {id}: {saved} saved, {already} already saved, {failed} failed (they stay stale for the next build), {skipped} skipped.',
    {
      id: t.run.batchId,
      saved: collected.saved.length,
      already: collected.alreadySaved.length,
      failed: collected.failed.length,
      skipped: collected.skipped.length,
    },
  );
  if (collected.failed.length)
    void vscode.window.showWarningMessage(`${text} ${collected.failed.map((f) => `${f.path}: ${f.message}`).join('; ')}`);
  else void vscode.window.showInformationMessage(text);
  const review = (arg as { review?: unknown } | undefined)?.review === true;
  if (review && replaced[0]) await vscode.commands.executeCommand('imageStudio.assets.review', { manifest: t.manifest, path: replaced[0] });
  else if (review && collected.saved[0]) await previewBeside(vscode.Uri.joinPath(t.dir, collected.saved[0]));
  return { batchId: t.run.batchId, status: t.run.batch.status, ...collected, reviewing: replaced };
}

/** Cancels a running batch; what it finished can be collected once it is cancelled. */
export async function cancelTracked(deps: BatchCommandDeps, arg: unknown): Promise<unknown> {
  const t = await chooseRun(
    deps,
    arg,
    (x) => !isFinished(x.run) && x.run.batch.status !== 'cancelling',
    vscode.l10n.t('No batch is running.'),
  );
  if (!t) return { cancelled: true };
  const { api } = await deps.generation.batchApi();
  await cancelRun(t.run, { api, fs: deps.manifests.context(t.dir).fs, dir: t.dir.toString() });
  deps.tracker.update(t);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Cancelling batch {id}: what it finished can be collected once it is cancelled.', { id: t.run.batchId }),
  );
  return { batchId: t.run.batchId, status: t.run.batch.status };
}

/** One run as Show Image Asset Batch Status lists it. */
export interface BatchStatusRow {
  batchId: string;
  status: string;
  description: string;
  assets: string[];
  collected: boolean;
}

/**
 * Polls every running batch now and shows them all: a list to act on (Collect a finished one,
 * Cancel a running one), or a message when there is none. Returns the rows at once; the list
 * is not waited for.
 */
export async function batchStatus(deps: BatchCommandDeps): Promise<BatchStatusRow[]> {
  await deps.tracker.reload();
  await deps.tracker.pollNow();
  const rows = deps.tracker.runs.map((t) => ({
    batchId: t.run.batchId,
    status: t.run.batch.status,
    description: describeRun(t),
    assets: t.run.assets.map((a) => a.path),
    collected: !!t.run.collected,
  }));
  if (!rows.length)
    void vscode.window.showInformationMessage(vscode.l10n.t('Image Assets: no batch has been submitted in this workspace.'));
  else void showRuns(deps.tracker.runs);
  return rows;
}

/** The runs in a list; choosing one collects it when finished, or offers to cancel it while it runs. */
async function showRuns(runs: readonly TrackedRun[]): Promise<void> {
  const items = [...runs].reverse().map((t) => ({
    label: vscode.l10n.t('Batch {id}', { id: t.run.batchId }),
    description: describeRun(t),
    detail: t.run.assets.map((a) => a.path).join(', '),
    t,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Image Asset Batches'),
    placeHolder: vscode.l10n.t('Choose a finished batch to collect it, or a running one to cancel it'),
  });
  if (!picked) return;
  const t = picked.t;
  if (t.run.collected) return;
  if (isFinished(t.run)) void vscode.commands.executeCommand('imageStudio.assets.batchCollect', { batchId: t.run.batchId, review: true });
  else if (t.run.batch.status !== 'cancelling') {
    const cancel = vscode.l10n.t('Cancel Batch');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Batch {id} is {state}. Cancel it? What it finished can still be collected.', {
        id: t.run.batchId,
        state: describeRun(t),
      }),
      cancel,
    );
    if (choice === cancel) void vscode.commands.executeCommand('imageStudio.assets.batchCancel', { batchId: t.run.batchId });
  }
}
