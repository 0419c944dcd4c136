// "Rebuild with the replacement": an asset whose model is shutting down or gone gets the model the
// table names as its replacement, written into the manifest (comments kept), and is rebuilt; the
// previous image is kept for review like any rebuild.
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { replaceFileContent } from '../../core/save/writeFiles';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { LoadedManifest } from './assetManifests';

/** Sets the asset's model to its replacement in the manifest file; returns the new model. */
export async function switchToReplacement(manifest: LoadedManifest, path: string): Promise<string> {
  const status = manifest.statuses.find((s) => s.path === path);
  const replacement = status?.retiring?.replacement;
  if (!status || !replacement) throw new Error(vscode.l10n.t('{path} does not use a model that is being retired.', { path }));
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(manifest.uri));
  const edited = applyEdits(
    text,
    modify(text, ['assets', path, 'model'], replacement, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }),
  );
  await replaceFileContent(workspaceFileSystem, manifest.uri.toString(), new TextEncoder().encode(edited));
  return replacement;
}
