import * as vscode from 'vscode';
import { saveNewImage } from '../../core/save/tempSpool';
import { writeNewFile as writeNewFileAt, writeSidecar } from '../../core/save/writeFiles';
import type { GeneratedImage } from '../../core/types';
import { workspaceFileSystem } from './workspaceFileSystem';

/** What was written for one image. */
export interface WrittenFile {
  uri: vscode.Uri;
  name: string;
}

/**
 * Writes bytes under a fresh name in `dir` and never replaces an existing file, through core's
 * save pipeline over workspace.fs (the CLI uses the same one over Node's fs): temp file, rename
 * with `overwrite: false`, temp removed on every failure. The name is picked so that its sidecar
 * name is free too.
 */
export async function writeNewFile(dir: vscode.Uri, baseName: string, ext: string, bytes: Uint8Array): Promise<WrittenFile> {
  const written = await writeNewFileAt(workspaceFileSystem, dir.toString(), baseName, ext, bytes, { sidecar: ext !== 'json' });
  return { uri: vscode.Uri.parse(written.path, true), name: written.name };
}

/** Saves a result under a fresh name in `dir`, like writeNewFile: a streamed image's temp file is moved into place. */
export async function saveNewImageFile(dir: vscode.Uri, baseName: string, ext: string, image: GeneratedImage): Promise<WrittenFile> {
  const written = await saveNewImage(workspaceFileSystem, dir.toString(), baseName, ext, image, { sidecar: true });
  return { uri: vscode.Uri.parse(written.path, true), name: written.name };
}

/** Writes a sidecar next to an image (`<image name>.json`), also without overwriting anything. */
export async function writeSidecarFor(image: WrittenFile, content: unknown): Promise<vscode.Uri> {
  return vscode.Uri.parse(await writeSidecar(workspaceFileSystem, image.uri.toString(), content), true);
}
