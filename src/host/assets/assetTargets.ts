// What an asset command acts on: a view item, `{ manifest, path }` from a CodeLens, the board or a
// test, read against the manifest as it is now; and the check that nothing it writes or uploads
// goes through a link out of the workspace folder.
import * as vscode from 'vscode';
import { checkRealLocation } from '../services/outputLocation';
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
 * Refuses a manifest whose asset, input or mask paths go through a symbolic link out of the
 * workspace folder: a build writes (and uploads) only inside it, whatever the workspace contains.
 */
export async function checkLinks(manifest: LoadedManifest): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(manifest.uri);
  if (!folder) throw new Error(vscode.l10n.t('{manifest} is not inside a workspace folder.', { manifest: manifest.uri.toString(true) }));
  for (const s of manifest.statuses) {
    for (const p of [s.path, ...(s.resolved?.inputs ?? []), ...(s.resolved?.mask ? [s.resolved.mask] : [])])
      await checkRealLocation(folder, vscode.Uri.joinPath(manifest.dir, p));
  }
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
