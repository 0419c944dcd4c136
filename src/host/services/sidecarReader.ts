import * as vscode from 'vscode';
import type { SavedImage } from './jobTypes';

/** Reads a saved image's sidecar, or undefined when there is none or it is unreadable (a workspace file: never trusted). */
export async function readSidecar(image: Pick<SavedImage, 'sidecarUri'>): Promise<Record<string, unknown> | undefined> {
  if (!image.sidecarUri) return undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(image.sidecarUri)));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
