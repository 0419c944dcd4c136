// What an asset command acts on: a view item, `{ manifest, path }` from a CodeLens, the board or a
// test, read against the manifest as it is now; and the check that nothing it writes or uploads
// goes through a link out of the manifest's folder.
import * as vscode from 'vscode';
import { checkManifestPaths } from '../../core/assets/assetPaths';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { LoadedManifest } from './assetManifests';
import type { AssetCommandDeps } from './assetCommandDeps';

/** Resolves a command argument (a view item, or `{ manifest, path }` from a CodeLens or a test). */
export async function assetTarget(
  deps: Pick<AssetCommandDeps, 'manifests'>,
  arg: unknown,
): Promise<{ manifest: LoadedManifest; path: string }> {
  const a = arg as { manifest?: vscode.Uri | string; path?: unknown } | undefined;
  if (!a || typeof a.path !== 'string' || !a.manifest) throw new Error(vscode.l10n.t('Choose an asset in the Image Assets view.'));
  const uri = typeof a.manifest === 'string' ? vscode.Uri.parse(a.manifest, true) : a.manifest;
  const manifest = await deps.manifests.manifest(uri);
  if (!(a.path in manifest.parsed.manifest.assets))
    throw new Error(
      vscode.l10n.t('{path} is not an asset of {manifest}.', { path: a.path, manifest: vscode.workspace.asRelativePath(uri) }),
    );
  return { manifest, path: a.path };
}

/**
 * Refuses a manifest whose paths (outputs, sizes, inputs, mask, palette files) go through a symbolic link out of
 * its folder, or whose .image-studio is a link: core's one rule, the same the CLI applies (history
 * and candidates are checked again where they are written), so a build writes and uploads only
 * inside the manifest's folder.
 */
export async function checkLinks(manifest: LoadedManifest): Promise<void> {
  await checkManifestPaths(workspaceFileSystem, manifest.dir.toString(), manifest.parsed.manifest);
}

/** A file of the asset's history or candidates, only inside the manifest's `.image-studio` folder. */
export function versionUri(manifest: LoadedManifest, image: unknown): vscode.Uri {
  const uri = typeof image === 'string' ? vscode.Uri.parse(image, true) : undefined;
  const inside = `${manifest.dir.path.replace(/\/$/, '')}/.image-studio/`;
  if (
    !uri ||
    uri.scheme !== manifest.dir.scheme ||
    uri.authority !== manifest.dir.authority ||
    !uri.path.startsWith(inside) ||
    uri.path.includes('/../')
  )
    throw new Error(vscode.l10n.t('Choose a previous version or a candidate in the Image Assets view.'));
  return uri;
}
