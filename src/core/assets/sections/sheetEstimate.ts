// What the sprite sheets of a build will cost before anything is sent: each sheet that needs a new
// generation, priced per request (one for a grid, one per frame prompt) from the price table, as
// the engine would send it (the sheet's model, size and quality, else the manifest's defaults).
// A sheet re-cut from its kept generation sends nothing and is not counted. Without this,
// `--max-cost` held the assets to the limit and let a sheet's requests through unpriced.
import { estimateCost, type PriceTable } from '../../pricing';
import { DEFAULT_ASSET_MODEL } from '../manifestRules';
import type { AssetOptions } from '../manifestTypes';
import { estimateBuild, totals, type AssetEstimate, type BuildEstimate } from '../estimate';
import type { ParsedManifest } from '../manifestTypes';
import { planBuild } from '../plan';
import type { AssetStatus } from '../status';
import type { SectionStatus } from './buildSections';
import { sheetRequests } from './sheetSection';
import type { SheetSpec } from './sectionTypes';

/** True when building this section entry sends image requests (a sheet whose kept generation no longer serves). */
export function sheetNeedsRequests(s: SectionStatus, force: boolean): boolean {
  return s.section === 'sheets' && (force || s.state === 'missing' || s.state === 'stale') && !s.noRequest;
}

/** The estimate of each wanted sheet that sends requests; `usd` null when the table cannot price one of them. */
export function estimateSheets(
  statuses: readonly SectionStatus[],
  sheets: Readonly<Record<string, SheetSpec>>,
  o: { styles: Readonly<Record<string, string>>; defaults: AssetOptions; table: PriceTable; force: boolean },
): AssetEstimate[] {
  const out: AssetEstimate[] = [];
  for (const s of statuses) {
    const spec = sheets[s.path];
    if (!spec || !sheetNeedsRequests(s, o.force)) continue;
    let usd: number | null = 0;
    let highest = 0;
    for (const r of sheetRequests(spec, o.styles)) {
      const model = r.model ?? o.defaults.model ?? DEFAULT_ASSET_MODEL;
      const size = String(r.size ?? o.defaults.size ?? 'auto');
      const cost = estimateCost(o.table, { model, quality: String(r.quality ?? o.defaults.quality ?? 'auto'), size, n: 1 });
      usd = cost && usd !== null ? usd + (cost.low + cost.high) / 2 : null;
      highest += cost?.high ?? 0;
    }
    out.push(
      usd === null
        ? { path: s.path, usd: null, highest: null, section: 'sheets' }
        : { path: s.path, usd: round(usd), highest: round(highest), section: 'sheets' },
    );
  }
  return out;
}

/**
 * What building everything a manifest declares would cost: its assets that are missing or stale
 * and its sheets that need a generation (Build All in the view builds both, as `assets build` does).
 */
export function estimateManifestBuild(
  parsed: ParsedManifest,
  statuses: AssetStatus[],
  sections: readonly SectionStatus[],
  table: PriceTable,
): BuildEstimate {
  const { manifest } = parsed;
  const sheets = estimateSheets(sections, manifest.sheets, { styles: manifest.styles, defaults: manifest.defaults, table, force: false });
  return withSheets(estimateBuild(planBuild(parsed, statuses).entries, table), sheets);
}

/** A build's estimate with its sheets added (sheets are sent interactively: never at the batch price). */
export function withSheets(build: BuildEstimate, sheets: readonly AssetEstimate[]): BuildEstimate {
  const assets = [...build.assets, ...sheets];
  return { ...build, ...totals(assets), assets };
}

// Same rounding as estimate.ts: a tenth of a cent's precision survives the sums.
function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
