// The workspace's batch runs for the Image Assets view: read back from `.image-studio/batches/`
// on activation (so a window reload loses nothing), polled with backoff while any is running, and
// announced once when one finishes, with Review to collect it. Every state change is written back
// to the run's record by core, so the CLI and the view always agree. The records are files of the
// repository: one that cannot be read, or a batch the server does not know, is logged and the
// others go on. In Restricted Mode nothing is asked of the server until the user runs a batch
// command or trusts the folder (a cloned repository's records are not a reason to use the key).
import * as vscode from 'vscode';
import { FINAL_STATUSES, type BatchApiClient } from '../../core/batch/batchApi';
import { BATCHES_FOLDER, listRuns, type BatchRun } from '../../core/batch/batchRuns';
import { refreshRun } from '../../core/batch/collect';
import type { FetchLike, HostLookup, ProviderConfig } from '../../core/types';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { AssetManifests } from './assetManifests';

/** A run and the manifest folder it was submitted from. */
export interface TrackedRun {
  manifest: vscode.Uri;
  dir: vscode.Uri;
  run: BatchRun;
}

/** The Batch API of the configured provider, with its key (resolved when first needed). */
export type BatchConnection = () => Promise<{ api: BatchApiClient; provider: ProviderConfig; fetch: FetchLike; lookupHost?: HostLookup }>;

/** First poll delay, and the longest: a batch takes minutes to hours, so polls thin out. */
const FIRST_DELAY_MS = 5_000;
const LONGEST_DELAY_MS = 5 * 60_000;

/** Whether a batch will change no more. */
export function isFinished(run: BatchRun): boolean {
  return FINAL_STATUSES.includes(run.batch.status);
}

/** Loads, polls and announces batch runs. */
export class BatchTracker implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private tracked: TrackedRun[] = [];
  private readonly announced = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delayMs = FIRST_DELAY_MS;
  private disposed = false;
  private trustListener: vscode.Disposable | undefined;

  constructor(
    private readonly manifests: AssetManifests,
    private readonly connect: BatchConnection,
    private readonly log: { info(m: string): void; warn(m: string): void },
    /** Called when a finished, uncollected run is first seen (the notification with Review). */
    private readonly announce: (run: TrackedRun) => void = announceFinished,
    /** Whether the window trusts its folder: without it, start() reads the records but polls nothing. */
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {}

  /** The runs as last read, oldest first. */
  get runs(): readonly TrackedRun[] {
    return this.tracked;
  }

  /** The run with this batch id. */
  find(batchId: string): TrackedRun | undefined {
    return this.tracked.find((t) => t.run.batchId === batchId);
  }

  /** Asset paths (per manifest) in a batch that is not collected yet. */
  inBatch(manifest: vscode.Uri, path: string): TrackedRun | undefined {
    return this.tracked.find(
      (t) => !t.run.collected && t.manifest.toString() === manifest.toString() && t.run.assets.some((a) => a.path === path),
    );
  }

  /**
   * Reads every run recorded next to the workspace's manifests, then polls the running ones; in
   * Restricted Mode it polls only once the folder is trusted (or a batch command asks).
   */
  async start(): Promise<void> {
    await this.reload();
    if (this.isTrusted()) {
      await this.pollNow();
      return;
    }
    this.log.info('Restricted Mode: batch runs are shown from their records and not polled until the folder is trusted.');
    this.trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => void this.pollNow());
  }

  /** Re-reads the records from disk (they are the truth; the CLI may have changed them). */
  async reload(): Promise<void> {
    const found: TrackedRun[] = [];
    for (const m of await this.manifests.all()) {
      if (m.error) continue;
      try {
        const unreadable = (p: { file: string; message: string }): void =>
          this.log.warn(
            `${vscode.workspace.asRelativePath(vscode.Uri.joinPath(m.dir, p.file))} cannot be read (the other runs are read on): ${p.message}`,
          );
        for (const run of await listRuns(workspaceFileSystem, m.dir.toString(), unreadable))
          found.push({ manifest: m.uri, dir: m.dir, run });
      } catch (e) {
        this.log.warn(`Batch runs next to ${vscode.workspace.asRelativePath(m.uri)} cannot be read: ${(e as Error).message}`);
      }
    }
    this.tracked = found;
    this.changed.fire();
  }

  /** Adds runs just submitted and polls again soon. */
  add(runs: TrackedRun[]): void {
    this.tracked.push(...runs);
    this.delayMs = FIRST_DELAY_MS;
    this.changed.fire();
    this.schedule();
  }

  /** Replaces a run's record after collect or cancel. */
  update(t: TrackedRun): void {
    const i = this.tracked.findIndex((x) => x.run.batchId === t.run.batchId);
    if (i >= 0) this.tracked[i] = t;
    this.changed.fire();
    this.schedule();
  }

  /** Asks the API for every running batch's state now; announces the ones that finished. */
  async pollNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A run whose record is gone (deleted, or its folder with it) is forgotten, not polled forever.
    const gone = new Set<TrackedRun>();
    for (const t of this.tracked) if (!isFinished(t.run) && !(await isRecorded(t))) gone.add(t);
    if (gone.size) {
      this.tracked = this.tracked.filter((t) => !gone.has(t));
      this.log.info(`Forgot ${gone.size} batch run(s) whose record was deleted.`);
    }
    const running = this.tracked.filter((t) => !isFinished(t.run));
    let moved = false;
    if (running.length) {
      try {
        const { api } = await this.connect();
        for (const t of running) {
          const before = JSON.stringify([t.run.batch.status, t.run.batch.requestCounts]);
          try {
            await refreshRun(t.run, { api, fs: workspaceFileSystem, dir: t.dir.toString(), onWarning: (m) => this.log.warn(m) });
          } catch (e) {
            // A batch the server does not know (or a record it refuses) stops only itself.
            this.log.warn(`Polling batch ${t.run.batchId} failed (trying again later): ${(e as Error).message}`);
            continue;
          }
          if (JSON.stringify([t.run.batch.status, t.run.batch.requestCounts]) !== before) moved = true;
        }
      } catch (e) {
        this.log.warn(`Polling the batch runs failed (trying again later): ${(e as Error).message}`);
      }
    }
    // Progress resets the backoff; a batch that sits still is asked less and less often.
    this.delayMs = moved ? FIRST_DELAY_MS : Math.min(this.delayMs * 2, LONGEST_DELAY_MS);
    for (const t of this.tracked) {
      if (!isFinished(t.run) || t.run.collected || this.announced.has(t.run.batchId)) continue;
      this.announced.add(t.run.batchId);
      this.log.info(`Batch ${t.run.batchId} is ${t.run.batch.status}: ready to collect.`);
      this.announce(t);
    }
    this.changed.fire();
    this.schedule();
  }

  private schedule(): void {
    if (this.disposed || this.timer || !this.tracked.some((t) => !isFinished(t.run))) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow();
    }, this.delayMs);
  }

  dispose(): void {
    this.disposed = true;
    this.trustListener?.dispose();
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}

function announceFinished(t: TrackedRun): void {
  const { total, completed, failed } = t.run.batch.requestCounts;
  const review = vscode.l10n.t('Review');
  const text = vscode.l10n.t(
    'Image Studio batch {id} is {status}: {completed} of {total} image(s) made, {failed} failed. Review saves them into the workspace.',
    { id: t.run.batchId, status: t.run.batch.status, completed, total: total || t.run.assets.length, failed },
  );
  void vscode.window.showInformationMessage(text, review).then((choice) => {
    if (choice === review) void vscode.commands.executeCommand('imageStudio.assets.batchCollect', { batchId: t.run.batchId, review: true });
  });
}

/** A run's state in words, as the view shows it. */
export function describeRun(t: TrackedRun): string {
  const { total, completed, failed } = t.run.batch.requestCounts;
  const counts = vscode.l10n.t('{completed} of {total} done, {failed} failed', { completed, total: total || t.run.assets.length, failed });
  const collected = t.run.collected
    ? ` · ${vscode.l10n.t('collected: {count} saved', { count: t.run.collected.saved.length + t.run.collected.alreadySaved.length })}`
    : '';
  return `${t.run.batch.status.replace('_', ' ')} · ${counts}${collected}`;
}

/** Whether a run's record is still on disk (an error other than "not found" counts as there). */
async function isRecorded(t: TrackedRun): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(t.dir, BATCHES_FOLDER, `${t.run.batchId}.json`));
    return true;
  } catch (e) {
    return !(e instanceof vscode.FileSystemError && e.code === 'FileNotFound');
  }
}
