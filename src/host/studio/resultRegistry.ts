import * as vscode from 'vscode';
import type { SavedImage } from '../services/generationService';

const KEY = 'imageStudio.studio.results';

/** A SavedImage as JSON (URIs as strings) for workspaceState. */
interface StoredResult extends Omit<SavedImage, 'uri' | 'sidecarUri'> {
  uri: string;
  sidecarUri?: string;
}

function toStored(image: SavedImage): StoredResult {
  return { ...image, uri: image.uri.toString(), sidecarUri: image.sidecarUri?.toString() };
}

function fromStored(s: StoredResult): SavedImage | undefined {
  try {
    return { ...s, uri: vscode.Uri.parse(s.uri, true), sidecarUri: s.sidecarUri ? vscode.Uri.parse(s.sidecarUri, true) : undefined };
  } catch {
    return undefined;
  }
}

/**
 * The Studio gallery's results by opaque id, newest first. The webview names a result only by its
 * id; this is the one place an id turns back into a file, and only for files inside a workspace
 * folder. Kept in workspaceState so the gallery survives a window reload.
 */
export class ResultRegistry {
  private results: SavedImage[];

  constructor(private readonly memento: vscode.Memento, private readonly max = 48) {
    const stored = memento.get<unknown>(KEY);
    this.results = Array.isArray(stored) ? stored.map((s) => fromStored(s as StoredResult)).filter((r): r is SavedImage => r !== undefined) : [];
  }

  /** Puts images at the top (a known id moves up) and persists the list. */
  add(images: readonly SavedImage[]): void {
    const ids = new Set(images.map((i) => i.id));
    this.results = [...images, ...this.results.filter((r) => !ids.has(r.id))].slice(0, this.max);
    void this.memento.update(KEY, this.results.map(toStored));
  }

  /** The image behind an id, or undefined when unknown or no longer inside a workspace folder. */
  get(id: string): SavedImage | undefined {
    const found = this.results.find((r) => r.id === id);
    return found && isInWorkspace(found.uri) ? found : undefined;
  }

  /** Every result still inside the workspace, newest first. */
  list(): SavedImage[] {
    return this.results.filter((r) => isInWorkspace(r.uri));
  }
}

/** True when the URI lies inside one of the open workspace folders. */
export function isInWorkspace(uri: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}
