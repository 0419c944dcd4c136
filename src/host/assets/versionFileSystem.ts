// Readable names for an asset's other versions in a compare editor. VS Code names an image compare
// tab after the two files ("20261206-193431.png ↔ banner.png", since it no longer uses the title
// given to vscode.diff), and a history file is named after the moment it was replaced. So the
// previous side is shown through this read-only scheme under a name that says what it is
// ("banner (previous, 2026-12-06 19.34.31).png"); its bytes are the history file's, unchanged.
import * as vscode from 'vscode';

/** The scheme of the read-only views of history and candidate files. */
export const VERSION_SCHEME = 'image-studio-version';

/** A read-only Uri showing `real` under the name `name` (keep the extension: the image preview picks by it). */
export function versionView(real: vscode.Uri, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${name.replace(/[/\\]/g, '-')}`, query: real.toString() });
}

/** "banner (previous, 2026-12-06 19.34.31).png" for a history file named 20261206-193431.png. */
export function previousName(assetPath: string, historyFile: vscode.Uri, role: 'previous' | 'candidate' = 'previous'): string {
  const file = assetPath.split('/').pop() ?? assetPath;
  const dot = file.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [file.slice(0, dot), file.slice(dot)] : [file, ''];
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(historyFile.path.split('/').pop() ?? '');
  const when = m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}.${m[5]}.${m[6]}` : '';
  const what = role === 'previous' ? vscode.l10n.t('previous') : vscode.l10n.t('candidate');
  return `${stem} (${when ? `${what}, ${when}` : what})${ext}`;
}

/** The file behind a view: only a history or candidate file inside a workspace folder (a link could name anything). */
function realOf(uri: vscode.Uri): vscode.Uri {
  let real: vscode.Uri;
  try {
    real = vscode.Uri.parse(uri.query, true);
  } catch {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  if (
    real.scheme === VERSION_SCHEME ||
    !vscode.workspace.getWorkspaceFolder(real) ||
    !real.path.includes('/.image-studio/') ||
    real.path.includes('/../')
  )
    throw vscode.FileSystemError.NoPermissions(uri);
  return real;
}

/** Registers the read-only scheme: stat and read go to the real file; everything else is refused. */
export function registerVersionFileSystem(): vscode.Disposable {
  const never = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  const refuse = (uri: vscode.Uri): never => {
    throw vscode.FileSystemError.NoPermissions(uri);
  };
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: never.event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: async (uri) => ({ ...(await vscode.workspace.fs.stat(realOf(uri))), permissions: vscode.FilePermission.Readonly }),
    readFile: (uri) => vscode.workspace.fs.readFile(realOf(uri)),
    readDirectory: () => [],
    createDirectory: refuse,
    writeFile: refuse,
    delete: refuse,
    rename: refuse,
  };
  return vscode.Disposable.from(never, vscode.workspace.registerFileSystemProvider(VERSION_SCHEME, provider, { isReadonly: true }));
}
