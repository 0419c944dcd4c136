// The assets board's cards from the loaded manifests: each asset's state and marks as badges, its
// image (a webview URI at the image's real size, read from the header), the size it is declared
// at for a placeholder, which one-click actions apply, and the estimate to build what needs it.
import * as vscode from 'vscode';
import type { AssetStatus } from '../../../core/assets/status';
import { readImageInfo } from '../../../core/image/imageInfo';
import { parseSize } from '../../../core/models/capabilities';
import { estimateCost, type PriceTable } from '../../../core/pricing';
import type { BoardAction, BoardAsset, BoardBadge, BoardMessage } from '../../../shared/boardProtocol';
import { realPathOutside } from '../../services/outputLocation';
import type { AssetManifests, LoadedManifest } from '../assetManifests';
import type { BatchTracker } from '../batchTracker';

/** Where each card came from, by the id the page names it with. */
export type BoardTargets = Map<string, { manifest: vscode.Uri; path: string }>;

/** Image sizes read once per file content (the recorded hash), not at every refresh. */
export type SizeCache = Map<string, { width: number; height: number } | undefined>;

/** What the cards are made from. */
export interface BoardSources {
  manifests: AssetManifests;
  batches?: BatchTracker;
  prices: PriceTable;
  /** The panel's webview (image URIs are its own). */
  webview: vscode.Webview;
  sizes: SizeCache;
}

/** The badges of an asset: its state first, then what is going on around it. */
export function badgesOf(
  s: AssetStatus,
  marks: { inBatch: boolean; reviewing: boolean; building: boolean; failing: boolean },
): BoardBadge[] {
  const badges: BoardBadge[] = [s.state];
  // The file is there but fails one of its gates (`checks`), as `assets check` reports it.
  if (marks.failing) badges.push('failing');
  if (marks.building) badges.push('building');
  if (marks.reviewing) badges.push('review');
  if (marks.inBatch && s.state !== 'up-to-date') badges.push('in-batch');
  if (s.retiring) badges.push('retiring');
  return badges;
}

/** The one-click actions that make sense for an asset in this state. */
export function actionsOf(s: AssetStatus, reviewing: boolean): BoardAction[] {
  const actions: BoardAction[] = [];
  if (reviewing) actions.push('review', 'keep', 'revert');
  if (s.state === 'missing' || s.state === 'stale') actions.push('build');
  if (s.state === 'up-to-date' || s.state === 'changed-by-hand') actions.push('rebuild');
  if (s.state !== 'missing' && s.state !== 'invalid') actions.push('open');
  return actions;
}

/** The size an asset is declared at: its `resize`, else its `size`, else square. */
function declaredSize(s: AssetStatus): { width: number; height: number } {
  const resize = s.resolved?.resize;
  if (resize) return { width: resize.width, height: resize.height };
  const size = parseSize(String(s.resolved?.options.size ?? ''));
  return size ?? { width: 1, height: 1 };
}

async function imageOf(src: BoardSources, m: LoadedManifest, s: AssetStatus): Promise<BoardAsset['image']> {
  if (s.state === 'missing' || s.state === 'invalid') return undefined;
  const uri = vscode.Uri.joinPath(m.dir, s.path);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  // A file that is a link out of the workspace folder is not shown (the page may load only inside it).
  if (!folder || realPathOutside(folder, uri)) return undefined;
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  // The file's version (modified time and length) names it: a rebuilt image is a new address, so
  // the page shows the new one, and its size is read again only then.
  const version = `${stat.mtime.toString(36)}-${stat.size.toString(36)}`;
  const key = `${uri.toString()}#${version}`;
  if (!src.sizes.has(key)) {
    try {
      const info = readImageInfo(await vscode.workspace.fs.readFile(uri));
      src.sizes.set(key, info && { width: info.width, height: info.height });
    } catch {
      src.sizes.set(key, undefined);
    }
  }
  const size = src.sizes.get(key);
  if (!size) return undefined;
  return { src: `${src.webview.asWebviewUri(uri).toString()}?v=${version}`, ...size };
}

/** The board message, and the ids its actions may name. */
export async function buildBoard(src: BoardSources): Promise<{ message: BoardMessage; targets: BoardTargets }> {
  const targets: BoardTargets = new Map();
  const assets: BoardAsset[] = [];
  const problems: string[] = [];
  const estimate = { usd: 0, count: 0, unpriced: 0, asOf: src.prices.asOf };
  for (const m of await src.manifests.all()) {
    const manifest = vscode.workspace.asRelativePath(m.uri);
    if (m.error) problems.push(vscode.l10n.t('{manifest} cannot be read: {error}', { manifest, error: m.error }));
    for (const s of m.statuses) {
      const id = `a-${assets.length}`;
      targets.set(id, { manifest: m.uri, path: s.path });
      const reviewing = !!src.manifests.review(m.uri, s.path);
      const mark = src.manifests.markOf(m.uri, s.path);
      const inBatch = !!src.batches?.inBatch(m.uri, s.path);
      const card: BoardAsset = {
        id,
        manifest,
        path: s.path,
        badges: badgesOf(s, {
          inBatch,
          reviewing,
          building: mark?.state === 'building',
          failing: m.failures.some((f) => f.path === s.path),
        }),
        reason: s.reason,
        declared: declaredSize(s),
        actions: actionsOf(s, reviewing),
      };
      const image = await imageOf(src, m, s);
      if (image) card.image = image;
      if ((s.state === 'missing' || s.state === 'stale') && !inBatch) {
        const a = s.resolved;
        const cost =
          a &&
          estimateCost(src.prices, {
            model: a.model,
            quality: String(a.options.quality ?? 'auto'),
            size: String(a.options.size ?? 'auto'),
            n: a.n,
          });
        if (cost) {
          card.estimateUsd = (cost.low + cost.high) / 2;
          estimate.usd += card.estimateUsd;
          estimate.count++;
        } else estimate.unpriced++;
      }
      assets.push(card);
    }
  }
  return { message: { type: 'board', assets, estimate, problems }, targets };
}
