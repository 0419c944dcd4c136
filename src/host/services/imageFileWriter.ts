import * as vscode from 'vscode';
import { pickFreeName } from '../../core/naming';

/** What was written for one image. */
export interface WrittenFile {
  uri: vscode.Uri;
  name: string;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function isFileExists(err: unknown): boolean {
  return err instanceof vscode.FileSystemError && err.code === 'FileExists';
}

/**
 * Writes bytes under a fresh name in `dir` and never replaces an existing file: the bytes go to a
 * hidden temporary file first and are renamed into place with `overwrite: false`, so a crash or a
 * cancel never leaves a half-written image under the final name. Goes through workspace.fs so
 * Remote, WSL, Codespaces and virtual workspaces work.
 */
export async function writeNewFile(dir: vscode.Uri, baseName: string, ext: string, bytes: Uint8Array): Promise<WrittenFile> {
  await vscode.workspace.fs.createDirectory(dir);
  const temp = vscode.Uri.joinPath(dir, `.${baseName.slice(0, 60)}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    // Inside the try: a write that fails part-way (a full disk) must not leave the temp file.
    await vscode.workspace.fs.writeFile(temp, bytes);
    // Another writer may take the name between the check and the rename: then try the next one.
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = await pickFreeName(baseName, ext, (candidate) => exists(vscode.Uri.joinPath(dir, candidate)));
      const target = vscode.Uri.joinPath(dir, name);
      try {
        await vscode.workspace.fs.rename(temp, target, { overwrite: false });
        return { uri: target, name };
      } catch (err) {
        if (!isFileExists(err)) throw err;
      }
    }
    throw new Error(`Could not find a free file name for ${baseName}.${ext} in ${dir.path}.`);
  } catch (err) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw err;
  }
}

/** Writes a sidecar next to an image (`<image name>.json`), also without overwriting anything. */
export async function writeSidecarFor(image: WrittenFile, content: unknown): Promise<vscode.Uri> {
  const dir = vscode.Uri.joinPath(image.uri, '..');
  const written = await writeNewFile(dir, image.name, 'json', new TextEncoder().encode(JSON.stringify(content, null, 2) + '\n'));
  return written.uri;
}
