// "Add to Image Assets": an image with a provenance sidecar becomes a declared asset. The entry is
// filled from the sidecar (prompt, model, options), written into the nearest manifest (created in
// the workspace folder when there is none) with comments kept, and the sidecar gains the asset
// record, so the image is up to date at once instead of being rebuilt.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { parseManifest } from '../../core/assets/manifest';
import { optionsAgainstDefaults, setAssetEntry } from '../../core/assets/manifestEdit';
import { MANIFEST_FILE_NAME, type AssetSpec, type Manifest } from '../../core/assets/manifestTypes';
import { formatForPath } from '../../core/assets/manifestRules';
import { resolveAsset, specHash } from '../../core/assets/resolve';
import type { AssetRecord } from '../../core/assets/status';
import { sha256Hex } from '../../core/provenance';
import { replaceFileContent, sidecarBytes } from '../../core/save/writeFiles';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { AssetManifests } from './assetManifests';

const OPTION_NAMES = ['size', 'quality', 'background', 'moderation', 'outputCompression', 'inputFidelity'] as const;

/** What Add to Image Assets did; `kept` when the path was declared already and the user kept that entry. */
export interface AddedAsset {
  manifest: string;
  path: string;
  entry: AssetSpec;
  kept?: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The manifest in the image's folder or the nearest one above it inside the workspace folder. */
async function nearestManifest(image: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<vscode.Uri> {
  let dir = vscode.Uri.joinPath(image, '..');
  for (;;) {
    const candidate = vscode.Uri.joinPath(dir, MANIFEST_FILE_NAME);
    if (await exists(candidate)) return candidate;
    if (dir.toString() === folder.uri.toString() || !dir.path.startsWith(folder.uri.path))
      return vscode.Uri.joinPath(folder.uri, MANIFEST_FILE_NAME);
    dir = vscode.Uri.joinPath(dir, '..');
  }
}

/**
 * The entry a sidecar describes against the manifest's defaults (what they would change is said,
 * what they already say is left out); refuses what an asset cannot reproduce.
 */
export function entryFromProvenance(sidecar: Record<string, unknown>, defaults: Manifest['defaults'] = {}): AssetSpec {
  if (sidecar.tool !== 'image-studio' || typeof sidecar.model !== 'string')
    throw new Error(vscode.l10n.t('The sidecar is not an Image Studio provenance file.'));
  if (sidecar.endpoint !== 'generations')
    throw new Error(
      vscode.l10n.t(
        'Only generated images can be added for now: an edit or variation sidecar names its inputs by file name only, so add its "inputs" to the manifest by hand.',
      ),
    );
  if (typeof sidecar.prompt !== 'string' || !sidecar.prompt.trim()) throw new Error(vscode.l10n.t('The sidecar records no prompt.'));
  const params = (sidecar.parameters ?? {}) as Record<string, unknown>;
  return {
    prompt: sidecar.prompt,
    ...(sidecar.model !== defaults.model ? { model: sidecar.model } : {}),
    ...optionsAgainstDefaults(params, defaults, OPTION_NAMES),
  };
}

/** Adds the image at `image` to the nearest manifest. */
export async function addToImageAssets(manifests: AssetManifests, image: vscode.Uri): Promise<AddedAsset> {
  const folder = vscode.workspace.getWorkspaceFolder(image);
  if (!folder) throw new Error(vscode.l10n.t('The image is not inside a workspace folder.'));
  let sidecarText: string;
  try {
    sidecarText = new TextDecoder().decode(await vscode.workspace.fs.readFile(image.with({ path: `${image.path}.json` })));
  } catch {
    throw new Error(
      vscode.l10n.t('{image} has no provenance sidecar ({image}.json), so there is nothing to declare it from.', {
        image: vscode.workspace.asRelativePath(image),
      }),
    );
  }
  const sidecar = JSON.parse(sidecarText) as Record<string, unknown>;
  entryFromProvenance(sidecar); // refuses a sidecar that cannot become an asset before any manifest is touched
  const manifestUri = await nearestManifest(image, folder);
  const dir = vscode.Uri.joinPath(manifestUri, '..');
  const path = image.path.slice(dir.path.replace(/\/$/, '').length + 1);
  if (!formatForPath(path)) throw new Error(vscode.l10n.t('{path} is not a PNG, JPEG or WebP path.', { path }));
  const text = (await exists(manifestUri))
    ? new TextDecoder().decode(await vscode.workspace.fs.readFile(manifestUri))
    : '{\n  "assets": {}\n}\n';
  const defaults = parseManifest(manifests.models, text).manifest.defaults;
  // Nothing is overwritten without a clear question: the declared entry may hold hand-written work.
  if (
    path in parseManifest(manifests.models, text).manifest.assets ||
    findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['assets', path])
  ) {
    const replace = vscode.l10n.t('Replace Entry');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{path} is already an asset of {manifest}. Replace its entry with the prompt and options of this image?', {
        path,
        manifest: vscode.workspace.asRelativePath(manifestUri),
      }),
      {
        modal: true,
        detail: vscode.l10n.t("The manifest's other entries and comments stay as they are; the current entry of {path} is replaced.", {
          path,
        }),
      },
      replace,
    );
    if (choice !== replace) return { manifest: manifestUri.toString(), path, entry: entryFromProvenance(sidecar, defaults), kept: true };
  }
  // Only this entry is written; the rest of the file (comments, layout) stays as it is.
  const entry = entryFromProvenance(sidecar, defaults);
  const edited = setAssetEntry(text, path, entry);
  const parsed = parseManifest(manifests.models, edited);
  const problem = parsed.problems.find((p) => p.severity === 'error' && p.path[1] === path);
  if (problem || !(path in parsed.manifest.assets))
    throw new Error(
      vscode.l10n.t('The entry for {path} would not be valid: {problem}', {
        path,
        problem: problem?.message ?? vscode.l10n.t('unknown problem'),
      }),
    );
  // The sidecar becomes the lock for this asset: its spec hash and the file's content hash.
  const record: AssetRecord = {
    path,
    specHash: await specHash(resolveAsset(manifests.models, parsed.manifest, path), []),
    sha256: await sha256Hex(await vscode.workspace.fs.readFile(image)),
  };
  await vscode.workspace.fs.createDirectory(dir);
  await replaceFileContent(workspaceFileSystem, manifestUri.toString(), new TextEncoder().encode(edited));
  await replaceFileContent(
    workspaceFileSystem,
    image.with({ path: `${image.path}.json` }).toString(),
    sidecarBytes({ ...sidecar, asset: record }),
  );
  await manifests.refresh();
  return { manifest: manifestUri.toString(), path, entry };
}
