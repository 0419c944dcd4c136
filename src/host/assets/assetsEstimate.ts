// The cost of Build All before anything is sent, shown above the Image Assets view: the assets and
// the sprite sheets it would make, priced from the price table (an asset only re-processed from its
// raw image, or a sheet re-cut from its kept generation, costs nothing), as
// `image-studio assets build --dry-run` prices them.
import * as vscode from 'vscode';
import { estimateManifestBuild } from '../../core/assets/sections/sheetEstimate';
import { formatUsd, type PriceTable } from '../../core/pricing';
import type { AssetManifests, LoadedManifest } from './assetManifests';

/** The view's message for Build All, or undefined when there is nothing to build. */
export function buildAllEstimate(manifests: readonly LoadedManifest[], table: PriceTable): string | undefined {
  const estimates = manifests.filter((m) => !m.error).map((m) => estimateManifestBuild(m.parsed, m.statuses, m.sections, table));
  const entries = estimates.flatMap((e) => e.assets);
  if (!entries.length) return undefined;
  const total = estimates.reduce((sum, e) => sum + e.total, 0);
  const sheets = entries.filter((a) => a.section === 'sheets').length;
  const assets = entries.length - sheets;
  const reprocessed = entries.filter((a) => a.reprocess).length;
  const unpriced = entries.filter((a) => a.usd === null).length;
  const parts = [
    sheets
      ? vscode.l10n.t('Build All: {count} asset(s) and {sheets} sprite sheet(s), about {total} (estimated from the price table)', {
          count: assets,
          sheets,
          total: formatUsd(total),
        })
      : vscode.l10n.t('Build All: {count} asset(s), about {total} (estimated from the price table)', {
          count: assets,
          total: formatUsd(total),
        }),
  ];
  if (reprocessed) parts.push(vscode.l10n.t('{count} re-processed from their raw images with no request', { count: reprocessed }));
  if (unpriced) parts.push(vscode.l10n.t('{count} without a price', { count: unpriced }));
  return parts.join('; ');
}

/** Keeps the view's message on the current estimate. */
export function showBuildEstimate(view: vscode.TreeView<unknown>, manifests: AssetManifests, prices: () => PriceTable): vscode.Disposable {
  return manifests.onDidChange(() => {
    view.message = buildAllEstimate(manifests.current, prices());
  });
}
