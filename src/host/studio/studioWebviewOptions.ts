import * as vscode from 'vscode';
import { realPathOutside, resolveOutputFolder } from '../services/outputLocation';
import { readOutputSettings } from '../services/settings';

/**
 * The output folder of every workspace folder whose setting resolves inside it, on a local disk
 * by its real path too. A folder whose setting points outside, or that is a link to a folder
 * outside, is left out: the webview must not be able to load from there.
 */
export function outputFolders(): vscode.Uri[] {
  const found: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const dir = resolveOutputFolder(folder, readOutputSettings(folder.uri).outputFolder);
      if (realPathOutside(folder, dir)) continue;
      if (!found.some((f) => f.toString() === dir.toString())) found.push(dir);
    } catch {
      // An invalid output folder is reported when generating; here it simply isn't a root.
    }
  }
  return found;
}

/** Webview options: scripts on, resources only from dist/, media/ and the output folders. */
export function studioWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media'), ...outputFolders()],
  };
}

/** True when `uri` is one of `roots` or below it (same scheme and authority). */
export function isUnderRoots(uri: vscode.Uri, roots: readonly vscode.Uri[]): boolean {
  return roots.some((root) => {
    if (root.scheme !== uri.scheme || root.authority !== uri.authority) return false;
    const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
    return uri.path === root.path || uri.path.startsWith(base);
  });
}
