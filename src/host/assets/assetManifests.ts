// The workspace's manifests and their assets' states, for the Image Assets view, the manifest
// editor's diagnostics and CodeLens, the assets board and the build commands. Read through
// workspace.fs with core's status computation, so the view says exactly what `image-studio assets
// status` says. It tells the truth at every moment: entries the manifest cannot use are listed
// with their problem, a build marks each asset as it starts and ends, and changes made outside VS
// Code (images, sidecars, history, manifests) are picked up by a file watcher.
import * as vscode from 'vscode';
import { countVersions } from '../../core/assets/assetVersions';
import { parseManifest } from '../../core/assets/manifest';
import { loadManifest } from '../../core/assets/loadManifest';
import { MANIFEST_FILE_NAME, type ParsedManifest } from '../../core/assets/manifestTypes';
import { type AssetStatus, type StatusContext } from '../../core/assets/status';
import { assetStatuses } from '../../core/assets/statusCache';
import { checkAssetFiles, type AssetGateFailure } from '../../core/assets/assetChecks';
import { offThreadPixels } from '../services/imageWorkerClient';
import { sectionsContextOf, sectionStatuses, type SectionsContext, type SectionStatus } from '../../core/assets/sections/buildSections';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { HostCalendar } from '../services/hostCalendar';
import { readProviderConfig } from '../services/settings';
import { errorMessage } from '../../core/errorMessage';
import { AssetReviews, type PendingReview } from './assetReviews';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';

export type { PendingReview } from './assetReviews';

/** One manifest with its parse result and the status of each of its assets. */
export interface LoadedManifest {
  uri: vscode.Uri;
  /** The manifest's folder (asset paths are relative to it). */
  dir: vscode.Uri;
  parsed: ParsedManifest;
  /** Every entry in manifest order; one the manifest cannot use is `invalid`, with its first problem. */
  statuses: AssetStatus[];
  /** The gates (`checks`) that the assets' files fail, as `assets check` reports them. */
  failures: AssetGateFailure[];
  /** Previous versions and candidates kept for each asset (by path; absent: none). */
  versions: Record<string, { history: number; candidates: number }>;
  /** Sheets, atlases, icon sets and the typed module, with their states. */
  sections: SectionStatus[];
  /** Set when the file could not be read at all. */
  error?: string;
}

/** What a running build says about one asset, until that build ends and the statuses are read again. */
export type BuildMark = { state: 'building' } | { state: 'built' } | { state: 'failed'; message: string };

/** Images and sidecars whose change can change a state (the manifest watcher covers the manifests). */
const WATCHED = '**/*.{png,jpg,jpeg,webp,gif,svg,json}';
/** Changes come in bursts (an image, its sidecar, a history move): one refresh after the burst. */
const SETTLE_MS = 300;

/** Loads and refreshes every `image-studio.json` of the workspace. */
export class AssetManifests implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private manifests: LoadedManifest[] = [];
  private loading: Promise<LoadedManifest[]> | undefined;
  private readonly reviews: AssetReviews;
  private readonly marks = new Map<string, BuildMark>();
  private readonly disposables: vscode.Disposable[] = [];
  private settle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly calendar: HostCalendar,
    /** The extension's models now (the imageStudio.models setting): manifests are checked against them. */
    private readonly modelsNow: () => ModelCatalogue,
    memento?: vscode.Memento,
  ) {
    this.reviews = new AssetReviews(memento, (uri) => vscode.Uri.parse(uri, true));
    const manifestWatcher = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_FILE_NAME}`);
    const again = (): void => void this.refresh();
    const fileWatcher = vscode.workspace.createFileSystemWatcher(WATCHED);
    const soon = (uri: vscode.Uri): void => this.refreshSoon(uri);
    this.disposables.push(
      manifestWatcher,
      manifestWatcher.onDidChange(again),
      manifestWatcher.onDidCreate(again),
      manifestWatcher.onDidDelete(again),
      fileWatcher,
      fileWatcher.onDidChange(soon),
      fileWatcher.onDidCreate(soon),
      fileWatcher.onDidDelete(soon),
    );
  }

  /** The last loaded manifests (loading them the first time). */
  async all(): Promise<LoadedManifest[]> {
    return this.loading ?? this.refresh();
  }

  /** Re-reads every manifest and status, then tells listeners (`quiet`: only when something changed). */
  refresh(quiet = false): Promise<LoadedManifest[]> {
    const before = quiet ? snapshot(this.manifests) : undefined;
    const run = this.load().then(async (list) => {
      this.manifests = list;
      const pruned = await this.reviews.prune((image) => workspaceFileSystem.exists(image));
      // A view re-rendered under the pointer loses the user's click: a watcher's refresh that found
      // nothing new (the build's own writes, already shown) says nothing.
      if (!quiet || pruned || snapshot(list) !== before) this.changed.fire();
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
    const old = list[at]!;
    const changed =
      JSON.stringify([fresh.statuses, fresh.failures, fresh.versions, fresh.sections]) !==
        JSON.stringify([old.statuses, old.failures, old.versions, old.sections]) || fresh.error !== old.error;
    this.manifests = list.map((m, i) => (i === at ? fresh : m));
    this.loading = Promise.resolve(this.manifests);
    if (changed) this.changed.fire();
    return fresh;
  }

  /** The models manifests are read against now. */
  get models(): ModelCatalogue {
    return this.modelsNow();
  }

  /** The status context of a manifest's folder. */
  context(dir: vscode.Uri): StatusContext {
    return {
      fs: workspaceFileSystem,
      dir: dir.toString(),
      providerKind: readProviderConfig().kind,
      today: this.calendar.today(),
      models: this.models,
    };
  }

  /** The sections' context of a manifest (its folder on the workspace file system). */
  sectionsContext(parsed: ParsedManifest, uri: vscode.Uri): SectionsContext {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    return sectionsContextOf(parsed.manifest, workspaceFileSystem, vscode.Uri.joinPath(uri, '..').toString(), name);
  }

  /** Remembers a rebuilt asset's previous version until Keep or Revert (in the workspace state). */
  addReview(review: PendingReview): void {
    this.reviews.add(review);
  }

  review(manifest: vscode.Uri, path: string): PendingReview | undefined {
    return this.reviews.get(manifest, path);
  }

  endReview(manifest: vscode.Uri, path: string): void {
    this.reviews.delete(manifest, path);
    this.changed.fire();
  }

  /** What a running build says about an asset (until that build ends: see unmark). */
  mark(manifest: vscode.Uri, path: string, mark: BuildMark): void {
    this.marks.set(`${manifest.toString()}#${path}`, mark);
    this.changed.fire();
  }

  /** Forgets a build's mark (the build ended; its statuses are read again next). */
  unmark(manifest: vscode.Uri, path: string): void {
    this.marks.delete(`${manifest.toString()}#${path}`);
  }

  markOf(manifest: vscode.Uri, path: string): BuildMark | undefined {
    return this.marks.get(`${manifest.toString()}#${path}`);
  }

  // A change below a manifest's folder (an image replaced outside VS Code, a sidecar, the history):
  // that manifest is read again once the burst of changes has settled.
  private refreshSoon(uri: vscode.Uri): void {
    const touched = this.manifests.some((m) => uri.path.startsWith(`${m.dir.path.replace(/\/$/, '')}/`));
    if (!touched || this.marks.size) return;
    clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = undefined;
      void this.refresh(true);
    }, SETTLE_MS);
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
      const context = this.context(dir);
      const parsed = await loadManifest(context.models, workspaceFileSystem, uri.toString());
      const statuses = withUnusableEntries(parsed, await assetStatuses(parsed, context));
      // The gates read each declaring asset's pixels: in the worker thread, off the host's event loop.
      // What cannot be read (a `.image-studio` that is a link out of the folder) shows no gates and
      // no versions rather than hiding the assets: Build then refuses the link, saying why.
      const { failures } = await checkAssetFiles(statuses, context, offThreadPixels).catch(() => ({ failures: [] }));
      const versions: LoadedManifest['versions'] = {};
      for (const s of statuses) {
        const counts = await countVersions(context, s.path).catch(() => ({ history: 0, candidates: 0 }));
        if (counts.history || counts.candidates) versions[s.path] = counts;
      }
      const sections = await sectionStatuses(this.sectionsContext(parsed, uri));
      return { uri, dir, parsed, statuses, failures, versions, sections };
    } catch (e) {
      return {
        uri,
        dir,
        parsed: parseManifest(this.models, '{"assets": {}}'),
        statuses: [],
        failures: [],
        versions: {},
        sections: [],
        error: errorMessage(e),
      };
    }
  }

  /** The manifests as last loaded, without reading again. */
  get current(): readonly LoadedManifest[] {
    return this.manifests;
  }

  dispose(): void {
    clearTimeout(this.settle);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

/** What the view shows of the manifests, to tell whether a read changed anything. */
function snapshot(list: readonly LoadedManifest[]): string {
  return JSON.stringify(list.map((m) => [m.uri.toString(), m.statuses, m.failures, m.versions, m.sections, m.error]));
}

/**
 * The statuses of the valid assets with the entries the manifest cannot use put back in their
 * place, each `invalid` with its first problem: a bad entry must not vanish from the view.
 */
export function withUnusableEntries(parsed: ParsedManifest, statuses: AssetStatus[]): AssetStatus[] {
  const byPath = new Map(statuses.map((s) => [s.path, s]));
  const out: AssetStatus[] = [];
  const order = Object.entries(parsed.assetOffsets).sort(([, a], [, b]) => a.offset - b.offset);
  for (const [path] of order) {
    const known = byPath.get(path);
    if (known) {
      out.push(known);
      byPath.delete(path);
      continue;
    }
    const problem = parsed.problems.find((p) => p.severity === 'error' && p.path[0] === 'assets' && p.path[1] === path);
    out.push({ path, state: 'invalid', reason: problem?.message ?? vscode.l10n.t('This entry cannot be used.') });
  }
  return [...out, ...byPath.values()];
}

/** Whether a status stands for an entry the manifest itself refused (its problem is a diagnostic already). */
export function isUnusableEntry(parsed: ParsedManifest, status: AssetStatus): boolean {
  return status.state === 'invalid' && !(status.path in parsed.manifest.assets);
}
