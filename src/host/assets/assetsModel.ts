// The workspace's manifests and their assets' states, for the Image Assets view, the manifest
// editor's diagnostics and CodeLens, and the build commands. Read through workspace.fs with core's
// status computation, so the view says exactly what `image-studio assets status` says.
import * as vscode from 'vscode';
import { parseManifest } from '../../core/assets/manifest';
import { MANIFEST_FILE_NAME, type ParsedManifest } from '../../core/assets/manifestTypes';
import { assetStatuses, type AssetStatus, type StatusContext } from '../../core/assets/status';
import type { HistoryEntry } from '../../core/save/replaceFile';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import { hostToday } from '../services/hostCalendar';
import { readProviderConfig } from '../services/settings';
import { errorMessage } from '../../core/errorMessage';

/** One manifest with its parse result and the status of each of its valid assets. */
export interface LoadedManifest {
  uri: vscode.Uri;
  /** The manifest's folder (asset paths are relative to it). */
  dir: vscode.Uri;
  parsed: ParsedManifest;
  statuses: AssetStatus[];
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
export class AssetsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private manifests: LoadedManifest[] = [];
  private loading: Promise<LoadedManifest[]> | undefined;
  private readonly reviews = new Map<string, PendingReview>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_FILE_NAME}`);

  constructor() {
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

  /** The loaded manifest at `uri`, re-read now. */
  async manifest(uri: vscode.Uri): Promise<LoadedManifest> {
    const list = await this.refresh();
    const found = list.find((m) => m.uri.toString() === uri.toString());
    if (!found)
      throw new Error(
        vscode.l10n.t('{manifest} is not an Image Studio manifest of this workspace.', { manifest: vscode.workspace.asRelativePath(uri) }),
      );
    return found;
  }

  /** The status context of a manifest's folder. */
  context(dir: vscode.Uri): StatusContext {
    return { fs: workspaceFileSystem, dir: dir.toString(), providerKind: readProviderConfig().kind, today: hostToday() };
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
    for (const uri of uris) {
      const dir = vscode.Uri.joinPath(uri, '..');
      try {
        // Read like every repository file: a manifest that is a pipe or a device is an error, not a wait.
        const parsed = parseManifest(new TextDecoder().decode(await workspaceFileSystem.readFile(uri.toString())));
        out.push({ uri, dir, parsed, statuses: await assetStatuses(parsed, this.context(dir)) });
      } catch (e) {
        out.push({ uri, dir, parsed: parseManifest('{"assets": {}}'), statuses: [], error: errorMessage(e) });
      }
    }
    return out;
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
