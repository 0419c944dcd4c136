// The workspace's manifests and their assets' states, for the Image Assets view, the manifest
// editor's diagnostics and CodeLens, and the build commands. Read through workspace.fs with core's
// status computation, so the view says exactly what `image-studio assets status` says.
import * as vscode from 'vscode';
import { parseManifest } from '../../core/assets/manifest';
import { loadManifest } from '../../core/assets/loadManifest';
import { MANIFEST_FILE_NAME, type ParsedManifest } from '../../core/assets/manifestTypes';
import { type AssetStatus, type StatusContext } from '../../core/assets/status';
import { assetStatuses } from '../../core/assets/statusCache';
import { checkAssetFiles, type AssetGateFailure } from '../../core/assets/assetChecks';
import { offThreadPixels } from '../services/imageWorkerClient';
import { sectionsContextOf, sectionStatuses, type SectionsContext, type SectionStatus } from '../../core/assets/sections/buildSections';
import type { HistoryEntry } from '../../core/save/replaceFile';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { HostCalendar } from '../services/hostCalendar';
import { readProviderConfig } from '../services/settings';
import { errorMessage } from '../../core/errorMessage';

/** One manifest with its parse result and the status of each of its valid assets. */
export interface LoadedManifest {
  uri: vscode.Uri;
  /** The manifest's folder (asset paths are relative to it). */
  dir: vscode.Uri;
  parsed: ParsedManifest;
  statuses: AssetStatus[];
  /** The gates (`checks`) that the assets' files fail, as `assets check` reports them. */
  failures: AssetGateFailure[];
  /** Sheets, atlases, icon sets and the typed module, with their states. */
  sections: SectionStatus[];
  /** Set when the file could not be read at all. */
  error?: string;
}

/** A rebuilt asset waiting for Keep or Revert. */
export interface PendingReview {
  manifest: vscode.Uri;
  path: string;
  previous: HistoryEntry;
}

/** Loads and refreshes every `image-studio.json` of the workspace. */
export class AssetManifests implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private manifests: LoadedManifest[] = [];
  private loading: Promise<LoadedManifest[]> | undefined;
  private readonly reviews = new Map<string, PendingReview>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_FILE_NAME}`);

  constructor(private readonly calendar: HostCalendar) {
    const again = (): void => void this.refresh();
    this.watcher.onDidChange(again);
    this.watcher.onDidCreate(again);
    this.watcher.onDidDelete(again);
  }

  /** The last loaded manifests (loading them the first time). */
  async all(): Promise<LoadedManifest[]> {
    return this.loading ?? this.refresh();
  }

  /** Re-reads every manifest and status, then tells listeners. */
  refresh(): Promise<LoadedManifest[]> {
    const run = this.load().then((list) => {
      this.manifests = list;
      this.changed.fire();
      return list;
    });
    this.loading = run;
    return run;
  }

  /** The manifest at `uri`, read again now (only it: a command acts on what the file says this moment). */
  async manifest(uri: vscode.Uri): Promise<LoadedManifest> {
    const list = await this.all();
    const at = list.findIndex((m) => m.uri.toString() === uri.toString());
    if (at < 0)
      throw new Error(
        vscode.l10n.t('{manifest} is not an Image Studio manifest of this workspace.', { manifest: vscode.workspace.asRelativePath(uri) }),
      );
    const fresh = await this.read(uri);
    const changed =
      JSON.stringify([fresh.statuses, fresh.failures, fresh.sections]) !==
        JSON.stringify([list[at]!.statuses, list[at]!.failures, list[at]!.sections]) || fresh.error !== list[at]!.error;
    this.manifests = list.map((m, i) => (i === at ? fresh : m));
    this.loading = Promise.resolve(this.manifests);
    if (changed) this.changed.fire();
    return fresh;
  }

  /** The status context of a manifest's folder. */
  context(dir: vscode.Uri): StatusContext {
    return { fs: workspaceFileSystem, dir: dir.toString(), providerKind: readProviderConfig().kind, today: this.calendar.today() };
  }

  /** The sections' context of a manifest (its folder on the workspace file system). */
  sectionsContext(parsed: ParsedManifest, uri: vscode.Uri): SectionsContext {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    return sectionsContextOf(parsed.manifest, workspaceFileSystem, vscode.Uri.joinPath(uri, '..').toString(), name);
  }

  /** Remembers a rebuilt asset's previous version until Keep or Revert. */
  addReview(review: PendingReview): void {
    this.reviews.set(reviewKey(review.manifest, review.path), review);
  }

  review(manifest: vscode.Uri, path: string): PendingReview | undefined {
    return this.reviews.get(reviewKey(manifest, path));
  }

  endReview(manifest: vscode.Uri, path: string): void {
    this.reviews.delete(reviewKey(manifest, path));
    this.changed.fire();
  }

  private async load(): Promise<LoadedManifest[]> {
    const uris = await vscode.workspace.findFiles(`**/${MANIFEST_FILE_NAME}`, '**/{node_modules,.git,.image-studio}/**');
    uris.sort((a, b) => a.path.localeCompare(b.path));
    const out: LoadedManifest[] = [];
    for (const uri of uris) out.push(await this.read(uri));
    return out;
  }

  private async read(uri: vscode.Uri): Promise<LoadedManifest> {
    const dir = vscode.Uri.joinPath(uri, '..');
    try {
      const parsed = await loadManifest(workspaceFileSystem, uri.toString());
      const ctx = this.context(dir);
      const statuses = await assetStatuses(parsed, ctx);
      // The gates read each declaring asset's pixels: in the worker thread, off the host's event loop.
      const { failures } = await checkAssetFiles(statuses, ctx, offThreadPixels);
      const sections = await sectionStatuses(this.sectionsContext(parsed, uri));
      return { uri, dir, parsed, statuses, failures, sections };
    } catch (e) {
      return { uri, dir, parsed: parseManifest('{"assets": {}}'), statuses: [], failures: [], sections: [], error: errorMessage(e) };
    }
  }

  /** The manifests as last loaded, without reading again. */
  get current(): readonly LoadedManifest[] {
    return this.manifests;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function reviewKey(manifest: vscode.Uri, path: string): string {
  return `${manifest.toString()}#${path}`;
}
