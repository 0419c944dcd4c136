// The four sections after the assets: sheets (which may use assets as anchors or inputs), then
// atlases (which pack assets and sheets), icon sets (from a file or an asset), and last the typed
// module that names them all. Each entry is built only when its status says so; a failed entry is
// reported and the others go on.
import { errorMessage } from '../../errorMessage';
import { t } from '../../l10n';
import { sha256Hex } from '../../provenance';
import type { SaveFileSystem } from '../../save/fileSystem';
import type { AssetSpec } from '../manifestTypes';
import { atlasStatus, buildAtlas } from './atlasSection';
import { codegenState, codegenText, type CodegenContext } from './codegenSection';
import { buildIconSet, iconsStatus } from './iconsSection';
import { readIfThere, writeOutputs, type OutputState } from './sectionRecords';
import type { ManifestSections } from './sectionTypes';
import { buildSheet, sheetStatus, type SheetImageMaker } from './sheetSection';

/** Where the sections are built and from what. */
export interface SectionsContext {
  fs: SaveFileSystem;
  dir: string;
  manifestName: string;
  styles: Readonly<Record<string, string>>;
  assets: Readonly<Record<string, AssetSpec & { alt?: string }>>;
  sections: ManifestSections;
}

/** The sections' context for a parsed manifest in `dir` (`manifestName` heads the typed module). */
export function sectionsContextOf(manifest: ParsedManifestLike, fs: SaveFileSystem, dir: string, manifestName: string): SectionsContext {
  const m = manifest;
  const sections = { sheets: m.sheets, atlases: m.atlases, icons: m.icons, ...(m.codegen ? { codegen: m.codegen } : {}) };
  return { fs, dir, manifestName, styles: m.styles, assets: m.assets, sections };
}

/** What sectionsContextOf reads of a manifest. */
type ParsedManifestLike = ManifestSections & { styles: Record<string, string>; assets: Record<string, AssetSpec> };

/** One section entry's state, for `status`, `check` and the Image Assets view. */
export interface SectionStatus {
  section: 'sheets' | 'atlases' | 'icons' | 'codegen';
  path: string;
  state: OutputState['state'];
  /** One sentence for people. */
  reason: string;
  /** A sheet whose kept generation still serves: building it sends no request. */
  noRequest?: boolean;
}

/** Outputs of `assets` (keys and sizes) that are PNGs: what atlases can include. */
export function assetOutputs(assets: Readonly<Record<string, AssetSpec>>): string[] {
  return Object.entries(assets).flatMap(([path, spec]) => [path, ...Object.keys(spec.sizes ?? {})]);
}

function reasonFor(outputs: OutputState, noRequest?: boolean): string {
  switch (outputs.state) {
    case 'up-to-date':
      return t('Up to date.');
    case 'missing':
      return noRequest
        ? t('{path} is missing; it is cut again from the kept generation (no request).', { path: outputs.path })
        : t('{path} is missing.', { path: outputs.path });
    case 'changed-by-hand':
      return t('{path} was changed by hand since it was built.', { path: outputs.path });
    default:
      return noRequest
        ? t('The cut or its data changed; it is cut again from the kept generation (no request).')
        : t('What it is made from changed.');
  }
}

async function inputHash(ctx: SectionsContext, path: string): Promise<string | undefined> {
  const bytes = await readIfThere(ctx.fs, ctx.fs.join(ctx.dir, path));
  return bytes && sha256Hex(bytes);
}

function sheetContext(ctx: SectionsContext) {
  return { fs: ctx.fs, dir: ctx.dir, styles: ctx.styles, inputHash: (p: string) => inputHash(ctx, p) };
}

function atlasContext(ctx: SectionsContext) {
  return { fs: ctx.fs, dir: ctx.dir, assetPaths: assetOutputs(ctx.assets), sheets: ctx.sections.sheets };
}

function codegenContext(ctx: SectionsContext): CodegenContext {
  return { fs: ctx.fs, dir: ctx.dir, manifestName: ctx.manifestName, assets: ctx.assets, sections: ctx.sections };
}

/** Every section entry's state, from files alone: no key, no request. */
export async function sectionStatuses(ctx: SectionsContext): Promise<SectionStatus[]> {
  const out: SectionStatus[] = [];
  for (const [path, spec] of Object.entries(ctx.sections.sheets)) {
    const s = await sheetStatus(path, spec, sheetContext(ctx));
    out.push({ section: 'sheets', path, state: s.outputs.state, reason: reasonFor(s.outputs, s.rawCurrent), noRequest: s.rawCurrent });
  }
  for (const [path, spec] of Object.entries(ctx.sections.atlases)) {
    const s = await atlasStatus(path, spec, atlasContext(ctx));
    out.push({ section: 'atlases', path, state: s.outputs.state, reason: reasonFor(s.outputs) });
  }
  for (const [folder, spec] of Object.entries(ctx.sections.icons)) {
    const s = await iconsStatus(folder, spec, ctx.fs, ctx.dir);
    out.push({ section: 'icons', path: folder, state: s.outputs.state, reason: reasonFor(s.outputs) });
  }
  const codegen = ctx.sections.codegen;
  if (codegen) {
    const state = await codegenState(codegen, codegenContext(ctx));
    const reason =
      state === 'up-to-date'
        ? t('Up to date.')
        : state === 'missing'
          ? t('{path} is missing.', { path: codegen.out })
          : t('{path} no longer matches the manifest and the files: build again.', { path: codegen.out });
    out.push({ section: 'codegen', path: codegen.out, state, reason });
  }
  return out;
}

/** What building the sections did. */
export interface SectionsOutcome {
  built: Array<{ section: SectionStatus['section']; path: string; files: string[]; requests: number; warnings: string[] }>;
  failed: Array<{ section: SectionStatus['section']; path: string; message: string }>;
  skipped: SectionStatus[];
  /** Image requests sent (sheets only). */
  requests: number;
}

/** Builds every entry that is not up to date (all with `force`), sheets first and the module last. */
export async function buildSections(
  ctx: SectionsContext,
  make: SheetImageMaker,
  options: { force?: boolean; only?: (path: string) => boolean } = {},
): Promise<SectionsOutcome> {
  const outcome: SectionsOutcome = { built: [], failed: [], skipped: [], requests: 0 };
  const wanted = (s: SectionStatus) =>
    (options.only ? options.only(s.path) : true) && (options.force || s.state === 'missing' || s.state === 'stale');
  const run = async (s: SectionStatus, work: () => Promise<{ files: string[]; requests?: number; warnings?: string[] }>) => {
    if (!wanted(s)) {
      outcome.skipped.push(s);
      return;
    }
    try {
      const done = await work();
      outcome.requests += done.requests ?? 0;
      outcome.built.push({
        section: s.section,
        path: s.path,
        files: done.files,
        requests: done.requests ?? 0,
        warnings: done.warnings ?? [],
      });
    } catch (e) {
      outcome.failed.push({ section: s.section, path: s.path, message: errorMessage(e) });
    }
  };
  // Statuses are taken section by section: an atlas's depends on the sheets just built.
  const statusesOf = async (section: SectionStatus['section']) => (await sectionStatuses(ctx)).filter((s) => s.section === section);
  for (const s of await statusesOf('sheets'))
    await run(s, async () => {
      const r = await buildSheet(s.path, ctx.sections.sheets[s.path]!, sheetContext(ctx), make);
      const warnings = r.emptyFrames.length ? [t('Keying left these frames empty: {frames}.', { frames: r.emptyFrames.join(', ') })] : [];
      return { files: r.files, requests: r.requests, warnings };
    });
  for (const s of await statusesOf('atlases'))
    await run(s, async () => ({ files: (await buildAtlas(s.path, ctx.sections.atlases[s.path]!, atlasContext(ctx))).files }));
  for (const s of await statusesOf('icons'))
    await run(s, async () => ({ files: await buildIconSet(s.path, ctx.sections.icons[s.path]!, ctx.fs, ctx.dir) }));
  const codegen = ctx.sections.codegen;
  if (codegen) {
    // The module is written on every build that reaches it when it differs, so it never lags behind.
    for (const s of await statusesOf('codegen'))
      await run({ ...s, state: s.state === 'up-to-date' ? 'up-to-date' : 'stale' }, async () => {
        const text = await codegenText(codegen, codegenContext(ctx));
        await writeOutputs(ctx.fs, ctx.dir, [{ path: codegen.out, bytes: new TextEncoder().encode(text) }]);
        return { files: [codegen.out] };
      });
  }
  return outcome;
}
