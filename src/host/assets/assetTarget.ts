// The asset a command acts on: a view item, or `{ manifest, path }` from a CodeLens or a test,
// checked against the manifest as it is on disk now.
import * as vscode from 'vscode';
import type { LoadedManifest } from './assetManifests';
import type { AssetNode } from './assetsView';
import type { AssetCommandDeps } from './assetCommandDeps';

/** Resolves a command argument (a view item, or `{ manifest, path }` from a CodeLens or a test). */
export async function assetTarget(deps: AssetCommandDeps, arg: unknown): Promise<{ manifest: LoadedManifest; path: string }> {
  const a = arg as Partial<AssetNode> & { manifest?: vscode.Uri | string; path?: string };
  if (!a || typeof a.path !== 'string' || !a.manifest) throw new Error(vscode.l10n.t('Choose an asset in the Image Assets view.'));
  const uri = typeof a.manifest === 'string' ? vscode.Uri.parse(a.manifest, true) : a.manifest;
  const manifest = await deps.manifests.manifest(uri);
  if (!(a.path in manifest.parsed.manifest.assets))
    throw new Error(
      vscode.l10n.t('{path} is not an asset of {manifest}.', { path: a.path, manifest: vscode.workspace.asRelativePath(uri) }),
    );
  return { manifest, path: a.path };
}
