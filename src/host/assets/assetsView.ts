// The Image Assets view in the Explorer: each manifest, and under it each asset with its state.
// Items carry the state in contextValue so the menus offer Build, Rebuild, Review, Keep and Revert
// only where they apply.
import * as vscode from 'vscode';
import { stateLabel, type AssetStatus } from '../../core/assets/status';
import type { AssetsModel, LoadedManifest } from './assetsModel';

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
}

export type AssetsTreeNode = ManifestNode | AssetNode;

const ICONS: Record<string, [string, string?]> = {
  'up-to-date': ['pass', 'testing.iconPassed'],
  stale: ['history', 'list.warningForeground'],
  missing: ['circle-large-outline', 'list.warningForeground'],
  'changed-by-hand': ['edit', 'descriptionForeground'],
  invalid: ['error', 'list.errorForeground'],
  retiring: ['warning', 'list.warningForeground'],
};

/** The tree of manifests and assets. */
export class AssetsTreeProvider implements vscode.TreeDataProvider<AssetsTreeNode> {
  readonly onDidChangeTreeData: vscode.Event<void>;

  constructor(private readonly model: AssetsModel) {
    this.onDidChangeTreeData = model.onDidChange;
  }

  async getChildren(node?: AssetsTreeNode): Promise<AssetsTreeNode[]> {
    if (!node) {
      const manifests = await this.model.all();
      // One manifest: show its assets at the top level, as most projects have one.
      if (manifests.length === 1 && !manifests[0]!.error) return this.assetsOf(manifests[0]!);
      return manifests.map((manifest) => ({ kind: 'manifest', manifest }));
    }
    return node.kind === 'manifest' ? this.assetsOf(node.manifest) : [];
  }

  /** Every asset node, whatever the nesting (for Build All and the tests). */
  async allAssets(): Promise<AssetNode[]> {
    return (await this.model.all()).flatMap((m) => this.assetsOf(m));
  }

  private assetsOf(m: LoadedManifest): AssetNode[] {
    return m.statuses.map((status) => ({ kind: 'asset', manifest: m.uri, dir: m.dir, path: status.path, status, reviewing: !!this.model.review(m.uri, status.path) }));
  }

  getTreeItem(node: AssetsTreeNode): vscode.TreeItem {
    if (node.kind === 'manifest') {
      const m = node.manifest;
      const item = new vscode.TreeItem(vscode.workspace.asRelativePath(m.uri), vscode.TreeItemCollapsibleState.Expanded);
      const errors = m.parsed.problems.filter((p) => p.severity === 'error').length;
      item.description = m.error ? vscode.l10n.t('cannot be read') : errors
        ? vscode.l10n.t('{count} asset(s), {errors} problem(s)', { count: m.statuses.length, errors })
        : vscode.l10n.t('{count} asset(s)', { count: m.statuses.length });
      item.tooltip = m.error;
      item.resourceUri = m.uri;
      item.contextValue = 'imageStudio.manifest';
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Manifest'), arguments: [m.uri] };
      return item;
    }
    const s = node.status;
    const item = new vscode.TreeItem(s.path, vscode.TreeItemCollapsibleState.None);
    const label = stateLabel(s);
    item.description = node.reviewing ? vscode.l10n.t('{state} · review', { state: label }) : label;
    item.tooltip = new vscode.MarkdownString(`**${s.path}** — ${label}\n\n${s.reason}${s.retiring && s.state !== 'up-to-date' ? `\n\n${s.retiring.message}` : ''}`);
    const [icon, color] = ICONS[s.state === 'up-to-date' && s.retiring ? 'retiring' : s.state] ?? ['circle'];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.id = `${node.manifest.toString()}#${s.path}`;
    item.accessibilityInformation = { label: `${s.path}, ${item.description}` };
    item.contextValue = ['imageStudio.asset', s.state, s.retiring ? 'retiring' : '', node.reviewing ? 'review' : ''].filter(Boolean).join('.');
    if (s.state !== 'missing' && s.state !== 'invalid') item.command = { command: 'imageStudio.assets.open', title: vscode.l10n.t('Open'), arguments: [node] };
    return item;
  }
}
