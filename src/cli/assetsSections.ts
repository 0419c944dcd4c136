// The manifest's sections beside `assets` in `image-studio assets status|check|build`: sheets,
// atlases, icon sets and the typed module, built after the assets (they are made from them), the
// sheets' images through the same engine, client and request slots.
import { basename } from 'node:path';
import type { ParsedManifest } from '../core/assets/manifestTypes';
import {
  buildSections,
  sectionsContextOf,
  sectionStatuses,
  type SectionsContext,
  type SectionsOutcome,
  type SectionStatus,
} from '../core/assets/sections/buildSections';
import type { ImagesClient } from '../core/client/imagesClient';
import type { EngineAdapters } from '../core/engine/engineTypes';
import { engineSheetImages } from '../core/engine/sheetImages';
import type { SaveFileSystem } from '../core/save/fileSystem';

type Say = (text: string) => void;

/** The sections' context for a manifest in `dir`. */
export function sectionsContext(parsed: ParsedManifest, fs: SaveFileSystem, dir: string, manifestFile: string): SectionsContext {
  return sectionsContextOf(parsed.manifest, fs, dir, basename(manifestFile));
}

/** Every section entry a path names, or all of them; the paths that name none are returned too. */
export function sectionKeys(parsed: ParsedManifest): Set<string> {
  const m = parsed.manifest;
  return new Set([...Object.keys(m.sheets), ...Object.keys(m.atlases), ...Object.keys(m.icons), ...(m.codegen ? [m.codegen.out] : [])]);
}

/** True when building these entries sends a request (a sheet whose kept generation no longer serves). */
export function sectionsNeedRequests(statuses: readonly SectionStatus[], force: boolean, wanted: (path: string) => boolean): boolean {
  return statuses.some(
    (s) => s.section === 'sheets' && wanted(s.path) && (force ? true : s.state === 'missing' || s.state === 'stale') && !s.noRequest,
  );
}

/** Prints section statuses the way assets are printed. */
export function printSectionStatuses(statuses: readonly SectionStatus[], say: Say): void {
  for (const s of statuses) say(`${s.state.padEnd(15)} ${s.path}${s.state === 'up-to-date' ? '' : `  (${s.reason})`}  [${s.section}]\n`);
}

/** What a section entry looks like in --json. */
export function describeSection(s: SectionStatus): Record<string, unknown> {
  return { section: s.section, path: s.path, state: s.state, reason: s.reason, ...(s.noRequest ? { noRequest: true } : {}) };
}

/** Builds the sections through the engine. */
export function buildProjectSections(
  ctx: SectionsContext,
  engine: { client: ImagesClient; adapters: EngineAdapters; signal?: AbortSignal },
  defaults: ParsedManifest['manifest']['defaults'],
  options: { force: boolean; only?: (path: string) => boolean },
): Promise<SectionsOutcome> {
  const make = engineSheetImages({
    client: engine.client,
    adapters: engine.adapters,
    dir: ctx.dir,
    defaults,
    ...(engine.signal ? { signal: engine.signal } : {}),
  });
  return buildSections(ctx, make, { force: options.force, ...(options.only ? { only: options.only } : {}) });
}

/** Reports a sections build; returns true when an entry failed. */
export function reportSections(o: SectionsOutcome, json: boolean, fail: Say, say: Say): boolean {
  if (!json) {
    for (const b of o.built) {
      say(`built ${b.path}  [${b.section}${b.section === 'sheets' ? `, ${b.requests} request(s)` : ''}]\n`);
      for (const w of b.warnings) fail(`warning: ${w}`);
    }
    for (const s of o.skipped) if (s.state === 'changed-by-hand') fail(`skipped ${s.path}: ${s.reason} (--force replaces it)`);
    for (const f of o.failed) fail(`failed ${f.path}: ${f.message}`);
  }
  return o.failed.length > 0;
}

/** Section statuses for a manifest. */
export { sectionStatuses };
