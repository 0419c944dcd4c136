// The Image Assets view in the Explorer: each manifest, and under it each asset with its state;
// under an asset, its candidates and previous versions, each restorable in one click. Items carry
// the state in contextValue so the menus offer Build, Rebuild, Review, Keep, Revert and Pick
// Candidate only where they apply. While a build runs, each asset's icon follows it.
import * as vscode from 'vscode';
import { listHistory } from '../../core/assets/assetVersions';
import { listCandidates } from '../../core/assets/candidates';
import { stateLabel, type AssetStatus } from '../../core/assets/status';
import type { AssetGateFailure } from '../../core/assets/assetChecks';
import { describeGateFailure } from '../../core/image/checks/describeFailure';
import type { SectionStatus } from '../../core/assets/sections/buildSections';
import { atlasSources, sheetFrameNames } from '../../core/assets/sections/atlasSection';
import { assetOutputs } from '../../core/assets/sections/buildSections';
import type { AssetManifests, BuildMark, LoadedManifest } from './assetManifests';
import { describeRun, isFinished, type BatchTracker, type TrackedRun } from './batchTracker';

/** A manifest in the view. */
export interface ManifestNode {
  kind: 'manifest';
  manifest: LoadedManifest;
}

/** An asset in the view (also what the asset commands take). */
export interface AssetNode {
  kind: 'asset';
  manifest: vscode.Uri;
  dir: vscode.Uri;
  path: string;
  status: AssetStatus;
  reviewing: boolean;
  /** The gates (`checks`) its file fails. */
  failures: AssetGateFailure[];
  /** Previous versions and candidates kept for it. */
  versions?: { history: number; candidates: number };
}

/** A previous version or a candidate of an asset: open it, restore it or pick it. */
export interface VersionNode {
  kind: 'version';
  role: 'history' | 'candidate';
  manifest: vscode.Uri;
  path: string;
  /** The image, as the file system names it (a Uri string). */
  image: string;
}

/** A batch run in the view (not collected yet), with its state and request counts. */
export interface BatchNode {
  kind: 'batch';
  run: TrackedRun;
}

/** A sheet, atlas, icon set or typed module in the view; sheets and atlases open onto their frames. */
export interface SectionNode {
  kind: 'section';
  manifest: vscode.Uri;
  dir: vscode.Uri;
  status: SectionStatus;
  frames: string[];
}

/** One frame of a sheet or an atlas. */
export interface FrameNode {
  kind: 'frame';
  parent: SectionNode;
  name: string;
  index: number;
}

export type AssetsTreeNode = ManifestNode | AssetNode | VersionNode | BatchNode | SectionNode | FrameNode;

const ICONS: Record<string, [string, string?]> = {
  'up-to-date': ['pass', 'testing.iconPassed'],
  stale: ['history', 'list.warningForeground'],
  missing: ['circle-large-outline', 'list.warningForeground'],
  'changed-by-hand': ['edit', 'descriptionForeground'],
  invalid: ['error', 'list.errorForeground'],
  retiring: ['warning', 'list.warningForeground'],
  failing: ['error', 'list.errorForeground'],
  building: ['loading~spin'],
  built: ['pass', 'testing.iconPassed'],
  failed: ['error', 'list.errorForeground'],
};

/** The icon id an asset shows now (a build's mark first, then its state). */
export function assetIcon(status: AssetStatus, mark: BuildMark | undefined): string {
  return mark?.state ?? (status.state === 'up-to-date' && status.retiring ? 'retiring' : status.state);
}

/** The tree of manifests and assets. */
export class AssetsTreeProvider implements vscode.TreeDataProvider<AssetsTreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly manifests: AssetManifests,
    private readonly batches?: BatchTracker,
  ) {
    manifests.onDidChange(() => this.changed.fire());
    batches?.onDidChange(() => this.changed.fire());
  }

  /** The batches not collected yet, shown above the assets. */
  batchNodes(): BatchNode[] {
    return (this.batches?.runs ?? []).filter((t) => !t.run.collected).map((run) => ({ kind: 'batch', run }));
  }

  async getChildren(node?: AssetsTreeNode): Promise<AssetsTreeNode[]> {
    if (!node) {
      const manifests = await this.manifests.all();
      // One manifest: show its assets at the top level, as most projects have one.
      const [only] = manifests;
      if (manifests.length === 1 && only && !only.error) return [...this.batchNodes(), ...this.assetsOf(only), ...sectionsOf(only)];
      return [...this.batchNodes(), ...manifests.map((manifest): ManifestNode => ({ kind: 'manifest', manifest }))];
    }
    if (node.kind === 'manifest') return [...this.assetsOf(node.manifest), ...sectionsOf(node.manifest)];
    if (node.kind === 'asset') return this.versionsOf(node);
    return node.kind === 'section' ? node.frames.map((name, index): FrameNode => ({ kind: 'frame', parent: node, name, index })) : [];
  }

  /** Every asset node, whatever the nesting (for Build All and the tests). */
  async allAssets(): Promise<AssetNode[]> {
    return (await this.manifests.all()).flatMap((m) => this.assetsOf(m));
  }

  /** An asset's candidates (to pick) and previous versions (to restore), newest first. */
  async versionsOf(node: AssetNode): Promise<VersionNode[]> {
    const ctx = this.manifests.context(node.dir);
    const base = { kind: 'version' as const, manifest: node.manifest, path: node.path };
    const candidates = (await listCandidates(ctx, node.path)).reverse();
    const history = await listHistory(ctx, node.path);
    return [
      ...candidates.map((image): VersionNode => ({ ...base, role: 'candidate', image })),
      ...history.map((h): VersionNode => ({ ...base, role: 'history', image: h.image })),
    ];
  }

  private assetsOf(m: LoadedManifest): AssetNode[] {
    return m.statuses.map((status) => ({
      kind: 'asset',
      manifest: m.uri,
      dir: m.dir,
      path: status.path,
      status,
      reviewing: !!this.manifests.review(m.uri, status.path),
      failures: m.failures.filter((f) => f.path === status.path),
      ...(m.versions[status.path] ? { versions: m.versions[status.path] } : {}),
    }));
  }

  getTreeItem(node: AssetsTreeNode): vscode.TreeItem {
    if (node.kind === 'batch') return batchItem(node.run);
    if (node.kind === 'version') return versionItem(node);
    if (node.kind === 'section') return sectionItem(node);
    if (node.kind === 'frame') return frameItem(node);
    if (node.kind === 'manifest') {
      const m = node.manifest;
      const item = new vscode.TreeItem(vscode.workspace.asRelativePath(m.uri), vscode.TreeItemCollapsibleState.Expanded);
      const errors = m.parsed.problems.filter((p) => p.severity === 'error').length;
      item.description = m.error
        ? vscode.l10n.t('cannot be read')
        : errors
          ? vscode.l10n.t('{count} asset(s), {errors} problem(s)', { count: m.statuses.length, errors })
          : vscode.l10n.t('{count} asset(s)', { count: m.statuses.length });
      item.tooltip = m.error;
      item.resourceUri = m.uri;
      item.contextValue = 'imageStudio.manifest';
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Manifest'), arguments: [m.uri] };
      return item;
    }
    return this.assetItem(node);
  }

  private assetItem(node: AssetNode): vscode.TreeItem {
    const s = node.status;
    const versions = node.versions;
    const item = new vscode.TreeItem(s.path, versions ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const mark = this.manifests.markOf(node.manifest, s.path);
    const failing = node.failures.length > 0;
    const stateText = failing
      ? vscode.l10n.t('{state} · fails {count} check(s)', { state: stateLabel(s), count: node.failures.length })
      : stateLabel(s);
    const label =
      mark?.state === 'building'
        ? vscode.l10n.t('building…')
        : mark?.state === 'built'
          ? vscode.l10n.t('built')
          : mark?.state === 'failed'
            ? vscode.l10n.t('failed')
            : stateText;
    const inBatch = this.batches?.inBatch(node.manifest, s.path) && s.state !== 'up-to-date';
    const extras = [
      node.reviewing ? vscode.l10n.t('review') : undefined,
      inBatch ? vscode.l10n.t('in a batch') : undefined,
      versions?.candidates ? vscode.l10n.t('{count} candidate(s)', { count: versions.candidates }) : undefined,
    ].filter((x): x is string => !!x);
    item.description = [label, ...extras].join(' · ');
    const why = mark?.state === 'failed' ? mark.message : s.reason;
    const checks = node.failures.map((f) => `\n\n- ${describeGateFailure(f)}`).join('');
    item.tooltip = new vscode.MarkdownString(
      `**${s.path}** — ${label}\n\n${why}${s.retiring && s.state !== 'up-to-date' ? `\n\n${s.retiring.message}` : ''}${checks}`,
    );
    const [icon, color] = ICONS[!mark && failing && s.state === 'up-to-date' ? 'failing' : assetIcon(s, mark)] ?? ['circle'];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.id = `${node.manifest.toString()}#${s.path}`;
    item.accessibilityInformation = { label: `${s.path}, ${item.description}` };
    // `.review` stays last: the menus match it with /\.review$/.
    item.contextValue = [
      'imageStudio.asset',
      s.state,
      s.retiring ? 'retiring' : '',
      failing ? 'failing' : '',
      versions?.candidates ? 'candidates' : '',
      node.reviewing ? 'review' : '',
    ]
      .filter(Boolean)
      .join('.');
    if (s.state !== 'missing' && s.state !== 'invalid')
      item.command = { command: 'imageStudio.assets.open', title: vscode.l10n.t('Open'), arguments: [node] };
    return item;
  }
}

function versionItem(node: VersionNode): vscode.TreeItem {
  const uri = vscode.Uri.parse(node.image, true);
  const name = uri.path.split('/').pop() ?? node.image;
  const item = new vscode.TreeItem(
    node.role === 'candidate' ? vscode.l10n.t('Candidate {name}', { name }) : vscode.l10n.t('Previous version {name}', { name }),
    vscode.TreeItemCollapsibleState.None,
  );
  item.description = node.role === 'candidate' ? vscode.l10n.t('not picked yet') : vscode.l10n.t('in the history');
  item.iconPath = new vscode.ThemeIcon(node.role === 'candidate' ? 'symbol-color' : 'history');
  item.resourceUri = uri;
  item.id = `${node.manifest.toString()}#${node.path}#${node.image}`;
  item.tooltip =
    node.role === 'candidate'
      ? vscode.l10n.t('A candidate of {path}. Pick it to put it in place; the current image is kept for Revert.', { path: node.path })
      : vscode.l10n.t('A previous version of {path}. Restore puts it back; the current image goes to the history.', { path: node.path });
  item.accessibilityInformation = { label: `${String(item.label)}, ${item.description}` };
  item.contextValue = `imageStudio.version.${node.role}`;
  item.command = { command: 'imageStudio.assets.openVersion', title: vscode.l10n.t('Open'), arguments: [node] };
  return item;
}

function batchItem(t: TrackedRun): vscode.TreeItem {
  const done = isFinished(t.run);
  const item = new vscode.TreeItem(vscode.l10n.t('Batch {id}', { id: t.run.batchId }), vscode.TreeItemCollapsibleState.None);
  item.description = describeRun(t);
  item.tooltip = new vscode.MarkdownString(
    done
      ? vscode.l10n.t('{count} asset(s) through the Batch API, submitted {date}. Finished: Collect saves the images.', {
          count: t.run.assets.length,
          date: t.run.submittedAt,
        })
      : vscode.l10n.t('{count} asset(s) through the Batch API, submitted {date}. Polled while it runs; it survives closing the window.', {
          count: t.run.assets.length,
          date: t.run.submittedAt,
        }),
  );
  item.iconPath = new vscode.ThemeIcon(done ? 'cloud-download' : 'sync~spin');
  item.id = `batch#${t.run.batchId}`;
  item.accessibilityInformation = { label: `${String(item.label)}, ${item.description}` };
  item.contextValue = `imageStudio.batch.${done ? 'finished' : t.run.batch.status === 'cancelling' ? 'cancelling' : 'running'}`;
  return item;
}

/** The manifest's sheets, atlases, icon sets and module, with the frames of sheets and atlases. */
function sectionsOf(m: LoadedManifest): SectionNode[] {
  const { sheets, atlases } = m.parsed.manifest;
  const assetPaths = assetOutputs(m.parsed.manifest.assets);
  return m.sections.map((status) => {
    let frames: string[] = [];
    if (status.section === 'sheets' && sheets[status.path]) frames = sheetFrameNames(status.path, sheets[status.path]!);
    if (status.section === 'atlases' && atlases[status.path]) {
      const sources = atlasSources(atlases[status.path]!, { assetPaths, sheets });
      frames = [...sources.assets.map((p) => p.replace(/\.[^./]*$/, '')), ...sources.sheets.flatMap((p) => sheetFrameNames(p, sheets[p]!))];
    }
    return { kind: 'section', manifest: m.uri, dir: m.dir, status, frames };
  });
}

function sectionItem(node: SectionNode): vscode.TreeItem {
  const s = node.status;
  const item = new vscode.TreeItem(
    s.path,
    node.frames.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  const kind =
    s.section === 'sheets'
      ? vscode.l10n.t('sheet, {count} frame(s)', { count: node.frames.length })
      : s.section === 'atlases'
        ? vscode.l10n.t('atlas, {count} frame(s)', { count: node.frames.length })
        : s.section === 'icons'
          ? vscode.l10n.t('icon set')
          : vscode.l10n.t('typed module');
  item.description = `${kind} · ${s.state}`;
  item.tooltip = new vscode.MarkdownString(`**${s.path}** — ${s.state}\n\n${s.reason}`);
  const [icon, color] = ICONS[s.state] ?? ['circle'];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.id = `${node.manifest.toString()}#${s.section}#${s.path}`;
  item.accessibilityInformation = { label: `${s.path}, ${item.description}` };
  item.contextValue = ['imageStudio.section', s.section, s.state].join('.');
  if (s.section === 'sheets' && s.state !== 'missing')
    item.command = { command: 'imageStudio.assets.playSheet', title: vscode.l10n.t('Play Sheet'), arguments: [node] };
  else if (s.state !== 'missing')
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.joinPath(node.dir, s.path)] };
  return item;
}

function frameItem(node: FrameNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.description = vscode.l10n.t('frame {index}', { index: node.index });
  item.id = `${node.parent.manifest.toString()}#${node.parent.status.path}#frame#${node.name}`;
  item.iconPath = new vscode.ThemeIcon('symbol-field');
  item.contextValue = 'imageStudio.frame';
  // A sheet's frame opens the player on its animation; an atlas's frame shows its page.
  item.command =
    node.parent.status.section === 'sheets'
      ? { command: 'imageStudio.assets.playSheet', title: vscode.l10n.t('Play Sheet'), arguments: [node.parent] }
      : {
          command: 'vscode.open',
          title: vscode.l10n.t('Open'),
          arguments: [vscode.Uri.joinPath(node.parent.dir, node.parent.status.path)],
        };
  return item;
}
