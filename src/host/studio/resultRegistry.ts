import * as vscode from 'vscode';
import type { SavedImage } from '../services/jobTypes';
import { insertInOrder } from './galleryOrder';

const KEY = 'imageStudio.studio.results';

/** A SavedImage as JSON (URIs as strings) for workspaceState. */
interface StoredResult extends Omit<SavedImage, 'uri' | 'sidecarUri'> {
  uri: string;
  sidecarUri?: string;
  batch?: string;
}

/** A result and the job that made it (so a batch keeps its order). */
type Entry = SavedImage & { batch?: string };

function toStored(image: Entry): StoredResult {
  return { ...image, uri: image.uri.toString(), sidecarUri: image.sidecarUri?.toString() };
}

function fromStored(s: StoredResult): Entry | undefined {
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
  private results: Entry[];
  /** Images read from the workspace's sidecars (History): known by id, not kept across reloads. */
  private readonly history = new Map<string, SavedImage>();

  constructor(
    private readonly memento: vscode.Memento,
    private readonly max = 48,
  ) {
    const stored = memento.get<unknown>(KEY);
    this.results = Array.isArray(stored) ? stored.map((s) => fromStored(s as StoredResult)).filter((r): r is Entry => r !== undefined) : [];
  }

  /** Puts images at the top in their order (a known id moves up) and persists the list. */
  add(images: readonly SavedImage[]): void {
    const ids = new Set(images.map((i) => i.id));
    this.results = [...images, ...this.results.filter((r) => !ids.has(r.id))].slice(0, this.max);
    this.persist();
  }

  /** Adds one image of a running job after its batch's lower indexes, so the order survives a reload. */
  addToBatch(batch: string, image: SavedImage): void {
    this.results = insertInOrder(this.results, { ...image, batch }).slice(0, this.max);
    this.persist();
  }

  /** Takes a result out of the gallery (the file is not touched). */
  remove(id: string): boolean {
    const before = this.results.length;
    this.results = this.results.filter((r) => r.id !== id);
    const removed = this.history.delete(id) || this.results.length !== before;
    this.persist();
    return removed;
  }

  /** Makes History's images known by id (for their actions) without adding them to the gallery. */
  remember(images: readonly SavedImage[]): void {
    for (const image of images) this.history.set(image.id, image);
  }

  /** The results whose file is `uri` (a deleted file's cards). */
  idsOf(uri: vscode.Uri): string[] {
    const key = uri.toString();
    return [...this.results, ...this.history.values()].filter((r) => r.uri.toString() === key).map((r) => r.id);
  }

  /** The image behind an id, or undefined when unknown or no longer inside a workspace folder. */
  get(id: string): SavedImage | undefined {
    const found = this.results.find((r) => r.id === id) ?? this.history.get(id);
    return found && isInWorkspace(found.uri) ? found : undefined;
  }

  /** Every result still inside the workspace, newest first. */
  list(): SavedImage[] {
    return this.results.filter((r) => isInWorkspace(r.uri));
  }

  private persist(): void {
    void this.memento.update(KEY, this.results.map(toStored));
  }
}

/** True when the URI lies inside one of the open workspace folders. */
export function isInWorkspace(uri: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}
