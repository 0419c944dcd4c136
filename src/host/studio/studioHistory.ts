import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { SavedImage } from '../services/jobTypes';
import { historyFacts } from './sidecarRecords';

/** How many images History lists (the newest), and the largest sidecar it reads. */
const MAX_HISTORY = 200;
const MAX_SIDECAR_BYTES = 256 * 1024;

/**
 * Every image Image Studio made in the workspace, read from the sidecars next to the images (so
 * it includes the CLI's and survives restarts), newest first. An image whose file is gone is
 * left out; a sidecar that is not ours, or damaged, is skipped.
 */
export async function readWorkspaceHistory(): Promise<{ images: SavedImage[]; truncated: boolean }> {
  const sidecars = await vscode.workspace.findFiles('**/*.{png,jpg,jpeg,webp}.json', '{**/node_modules/**,**/.git/**}', 2000);
  const found: Array<SavedImage & { createdAt: number }> = [];
  // Read several at a time: each sidecar costs three round trips through workspace.fs, which one
  // after another made a workspace of a few hundred images take many seconds.
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < sidecars.length; i = next++) {
      const entry = await historyEntry(sidecars[i]!);
      if (entry) found.push(entry);
    }
  };
  await Promise.all(Array.from({ length: READERS }, reader));
  found.sort((a, b) => b.createdAt - a.createdAt || a.index - b.index || a.uri.toString().localeCompare(b.uri.toString()));
  return { images: found.slice(0, MAX_HISTORY).map(({ createdAt: _c, ...image }) => image), truncated: found.length > MAX_HISTORY };
}

/** Sidecars read at once. */
const READERS = 8;

/** One sidecar's image as History lists it, or undefined when it is not one of ours or its image is gone. */
async function historyEntry(sidecarUri: vscode.Uri): Promise<(SavedImage & { createdAt: number }) | undefined> {
  const uri = sidecarUri.with({ path: sidecarUri.path.replace(/\.json$/, '') });
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  try {
    const stat = await vscode.workspace.fs.stat(sidecarUri);
    if (stat.size > MAX_SIDECAR_BYTES) return undefined;
    await vscode.workspace.fs.stat(uri);
    const facts = historyFacts(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecarUri))), uri.path);
    if (!facts) return undefined;
    const { createdAt, ...rest } = facts;
    return {
      ...rest,
      createdAt,
      uri,
      sidecarUri,
      // Stable per file, so History and the gallery agree on an image across reads.
      id: `h-${createHash('sha256').update(uri.toString()).digest('hex').slice(0, 24)}`,
      relativePath: vscode.workspace.asRelativePath(uri, false),
    };
  } catch {
    // Unreadable, damaged or without its image: not part of the history.
    return undefined;
  }
}
