// Rebuilt assets waiting for Keep or Revert, kept in the workspace state: a reload (or a crash)
// between a rebuild and its review loses no review, and the previous version it points to stays
// reachable. A review whose previous version is gone from the history is dropped when read.
import type * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/save/replaceFile';

/** A rebuilt asset waiting for Keep or Revert. */
export interface PendingReview {
  manifest: vscode.Uri;
  path: string;
  previous: HistoryEntry;
  /** The new version is a picked candidate made for this spec hash: Revert puts it back among the candidates. */
  pickedFor?: string;
}

/** How a review is stored (a Uri becomes its string). */
interface StoredReview {
  manifest: string;
  path: string;
  previous: HistoryEntry;
  pickedFor?: string;
}

const STATE_KEY = 'imageStudio.assetReviews';

/** The pending reviews of a workspace, written through to the memento on every change. */
export class AssetReviews {
  private readonly reviews = new Map<string, StoredReview>();

  constructor(
    private readonly memento: vscode.Memento | undefined,
    private readonly parse: (uri: string) => vscode.Uri,
  ) {
    const stored = memento?.get<unknown>(STATE_KEY);
    for (const r of Array.isArray(stored) ? stored : []) if (isStoredReview(r)) this.reviews.set(key(r.manifest, r.path), r);
  }

  add(review: PendingReview): void {
    const stored: StoredReview = {
      manifest: review.manifest.toString(),
      path: review.path,
      previous: review.previous,
      ...(review.pickedFor ? { pickedFor: review.pickedFor } : {}),
    };
    this.reviews.set(key(stored.manifest, stored.path), stored);
    this.save();
  }

  get(manifest: vscode.Uri, path: string): PendingReview | undefined {
    const r = this.reviews.get(key(manifest.toString(), path));
    return r && { ...r, manifest: this.parse(r.manifest) };
  }

  delete(manifest: vscode.Uri, path: string): void {
    if (this.reviews.delete(key(manifest.toString(), path))) this.save();
  }

  /** Drops the reviews whose previous version no longer exists (kept or deleted outside); true when one went. */
  async prune(exists: (image: string) => Promise<boolean>): Promise<boolean> {
    let changed = false;
    for (const [k, r] of [...this.reviews]) {
      if (await exists(r.previous.image)) continue;
      this.reviews.delete(k);
      changed = true;
    }
    if (changed) this.save();
    return changed;
  }

  private save(): void {
    void this.memento?.update(STATE_KEY, [...this.reviews.values()]);
  }
}

function key(manifest: string, path: string): string {
  return `${manifest}#${path}`;
}

function isStoredReview(v: unknown): v is StoredReview {
  const r = v as Partial<StoredReview> | null;
  return (
    !!r &&
    typeof r.manifest === 'string' &&
    typeof r.path === 'string' &&
    !!r.previous &&
    typeof r.previous.image === 'string' &&
    (r.previous.sidecar === undefined || typeof r.previous.sidecar === 'string')
  );
}
