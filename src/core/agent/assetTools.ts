// image_studio_assets: the project's manifest through the same core as `image-studio assets` and
// the Image Assets view. status and check send nothing and need no key; add edits the manifest
// (addAsset.ts); build plans what is missing or stale, prices it, and runs core's asset build
// (placeAsset: exact paths, history of what is replaced, candidates) with the door's adapters.
import { checkManifestPaths } from '../assets/assetPaths';
import { loadManifest } from '../assets/loadManifest';
import type { ParsedManifest } from '../assets/manifestTypes';
import { planBuild } from '../assets/plan';
import { sectionsContextOf, sectionStatuses, type SectionStatus } from '../assets/sections/buildSections';
import { STATE_LABELS, stateLabel, type AssetStatus, type StatusContext } from '../assets/status';
import { assetStatuses } from '../assets/statusCache';
import { buildAssets, type BuildOutcome } from '../engine/buildAssets';
import { t } from '../l10n';
import { OutsideFolderError } from '../save/insideFolder';
import { sidecarPath } from '../save/writeFiles';
import { answer, previewsOf } from './agentAnswers';
import type { AgentContext, AnswerFile, ToolAnswer, ToolPlan } from './agentContext';
import { planCost } from './agentCost';
import { AgentToolError } from './agentErrors';
import { planAddAsset } from './addAsset';
import { resolveInRoot } from './agentRoot';
import { findManifest, fromManifestPath, noManifest, toManifestPath, type ManifestAt } from './manifestFiles';
import type { AssetsInput } from './toolInput';

/** Plans an image_studio_assets call. */
export async function planAssets(input: AssetsInput, ctx: AgentContext): Promise<ToolPlan> {
  if (input.action === 'add') return planAddAsset(input, ctx);
  const misplaced = input.action === 'build' ? [] : (['paths', 'force'] as const).filter((k) => input[k] !== undefined);
  if (misplaced.length) throw new AgentToolError(t('{fields} apply to action "build" only.', { fields: misplaced.join(', ') }));
  const manifest = await findManifest(ctx, input.manifest, input.action === 'build' ? input.paths?.[0] : undefined);
  if (!manifest.exists) throw noManifest(manifest);
  const parsed = await loadManifest(ctx.models, ctx.root.fs, manifest.file.path);
  await refuseLinksOutside(ctx, manifest, parsed);
  const statusCtx: StatusContext = {
    fs: ctx.root.fs,
    dir: manifest.dir,
    providerKind: ctx.providerKind,
    today: ctx.today,
    models: ctx.models,
  };
  if (input.action === 'build') return planBuildCall(input, ctx, manifest, parsed, statusCtx);
  return {
    tool: 'image_studio_assets',
    title: t('Reading {manifest}', { manifest: manifest.file.relative }),
    run: async () => {
      const statuses = await assetStatuses(parsed, statusCtx);
      // Sheets, atlases, icon sets and the typed module are part of what CI checks.
      const name = manifest.file.relative.split('/').pop() ?? manifest.file.relative;
      const sections = await sectionStatuses(sectionsContextOf(parsed.manifest, ctx.root.fs, manifest.dir, name));
      return reportStatus(ctx, manifest, parsed, statuses, sections, input.action === 'check');
    },
  };
}

/** status and check: each asset's state; check adds the verdict CI would give. */
function reportStatus(
  ctx: AgentContext,
  manifest: ManifestAt,
  parsed: ParsedManifest,
  statuses: AssetStatus[],
  sections: SectionStatus[],
  verdict: boolean,
): ToolAnswer {
  const lines = [t('{manifest}: {count} asset(s)', { manifest: manifest.file.relative, count: statuses.length })];
  for (const s of statuses) lines.push(`- ${fromManifestPath(manifest, s.path)}: ${stateLabel(s)} (${s.reason})`);
  for (const s of sections) lines.push(`- ${fromManifestPath(manifest, s.path)}: ${STATE_LABELS[s.state]()} (${s.reason}) [${s.section}]`);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (parsed.problems.length)
    lines.push(
      t('Problems in the manifest:'),
      ...parsed.problems.map((p) => `- ${manifest.file.relative}:${p.line}:${p.column}: ${p.severity}: ${p.message}`),
    );
  if (!verdict) return answer(ctx, lines, false);
  const open = statuses.filter((s) => s.state === 'missing' || s.state === 'stale');
  const invalid = statuses.filter((s) => s.state === 'invalid');
  const openSections = sections.filter((s) => s.state === 'missing' || s.state === 'stale');
  const passed = !open.length && !openSections.length && !invalid.length && !errors.length;
  lines.push(
    passed
      ? t('Check passed: every asset is up to date (what `image-studio assets check` in CI would say).')
      : t(
          'Check failed: {open} missing or stale, {invalid} invalid, {errors} error(s) in the manifest. Build with action "build"; fix invalid entries with "add" and "replace": true.',
          {
            open: open.length,
            invalid: invalid.length,
            errors: errors.length,
          },
        ),
  );
  // The agent's build makes assets only: the sections are built by `image-studio assets build`.
  if (openSections.length)
    lines.push(
      t(
        '{count} sheet, atlas, icon set or module entries are missing or stale: build them with `image-studio assets build` (action "build" builds assets only).',
        { count: openSections.length },
      ),
    );
  // A failed check is an answer, not a tool error: the agent asked, and this is what CI would say.
  return answer(ctx, lines, false);
}

async function planBuildCall(
  input: AssetsInput,
  ctx: AgentContext,
  manifest: ManifestAt,
  parsed: ParsedManifest,
  statusCtx: StatusContext,
): Promise<ToolPlan> {
  const broken = parsed.problems.filter((p) => p.severity === 'error' && p.path.length === 0);
  if (broken.length)
    throw new AgentToolError(t('{manifest} cannot be read: {problem}', { manifest: manifest.file.relative, problem: broken[0]!.message }));
  const paths: string[] = [];
  for (const p of input.paths ?? []) paths.push(toManifestPath(manifest, (await resolveInRoot(ctx.root, p, 'write')).relative));
  const options = { paths, force: !!input.force };
  const plan = planBuild(parsed, await assetStatuses(parsed, statusCtx), options);
  if (plan.unknown.length)
    throw new AgentToolError(
      t('Not an asset of {manifest}: {paths}. Declare it first with action "add".', {
        manifest: manifest.file.relative,
        paths: plan.unknown.map((p) => fromManifestPath(manifest, p)).join(', '),
      }),
    );
  const building = plan.entries.filter((e) => e.action === 'build');
  const shown = (p: string) => fromManifestPath(manifest, p);
  if (!building.length)
    return {
      tool: 'image_studio_assets',
      title: t('Nothing to build in {manifest}', { manifest: manifest.file.relative }),
      run: async () =>
        answer(
          ctx,
          [t('Nothing to build; nothing was sent.'), ...plan.entries.map((e) => `- ${shown(e.status.path)}: ${e.reason}`)],
          false,
        ),
    };
  const cost = planCost(
    ctx.prices,
    building.map(({ status }) => ({
      model: status.resolved!.model,
      n: status.resolved!.n,
      ...(status.resolved!.options.quality !== undefined ? { quality: String(status.resolved!.options.quality) } : {}),
      ...(status.resolved!.options.size !== undefined ? { size: String(status.resolved!.options.size) } : {}),
    })),
    building.some((e) => e.status.resolved!.kind === 'edit') ? 'inputs' : undefined,
  );
  const list = building.map((e) => `${shown(e.status.path)} (${e.status.resolved!.model}, ${e.reason})`).join('; ');
  return {
    tool: 'image_studio_assets',
    title:
      building.length === 1
        ? t('Building {path}', { path: shown(building[0]!.status.path) })
        : t('Building {count} assets', { count: building.length }),
    sends: t('the prompts of {count} asset(s) of {manifest}: {list}', { count: building.length, manifest: manifest.file.relative, list }),
    writes: t('{paths}, each with its sidecar; a file that is replaced is kept in .image-studio/history/', {
      paths: building.map((e) => [e.status.path, ...e.status.resolved!.sizes.map((s) => s.path)].map(shown).join(', ')).join(', '),
    }),
    cost,
    async run(progress, signal) {
      const client = await ctx.connect();
      const adapters = ctx.adapters(() => undefined);
      const outcome = await buildAssets(
        parsed,
        {
          ...statusCtx,
          client,
          adapters,
          concurrency: ctx.concurrency,
          // The manifest decides (an entry's "transparencyFallback"): a build is reproducible.
          transparencyFallback: false,
          ...(signal ? { signal } : {}),
          onProgress: (e) => {
            if (e.type === 'start') progress(t('Building {path}…', { path: shown(e.path) }), e.done, e.total);
            else
              progress(
                e.type === 'built' ? t('Built {path}', { path: shown(e.path) }) : t('{path} failed', { path: shown(e.path) }),
                e.done,
                e.total,
              );
          },
        },
        options,
      );
      return buildAnswer(ctx, manifest, parsed, outcome, adapters);
    },
  };
}

async function buildAnswer(
  ctx: AgentContext,
  manifest: ManifestAt,
  parsed: ParsedManifest,
  o: BuildOutcome,
  adapters: Parameters<typeof previewsOf>[1],
): Promise<ToolAnswer> {
  const shown = (p: string) => fromManifestPath(manifest, p);
  const files: AnswerFile[] = [];
  const lines = [
    t('{manifest}: built {built}, skipped {skipped}, failed {failed}.', {
      manifest: manifest.file.relative,
      built: o.built.length,
      skipped: o.skipped.length,
      failed: o.failed.length,
    }),
  ];
  for (const b of o.built) {
    const location = ctx.root.fs.join(manifest.dir, b.path);
    files.push({ path: shown(b.path), location, sidecar: shown(sidecarPath(b.path)) });
    const parts = [t('sidecar {path}', { path: shown(sidecarPath(b.path)) })];
    if (b.replaced) parts.push(t('the previous version is kept as {path}', { path: ctx.root.relative(b.replaced.image) }));
    if (b.candidates.length) parts.push(t('{count} more candidate(s) kept to pick from', { count: b.candidates.length }));
    lines.push(`- ${t('built {path}', { path: shown(b.path) })} (${parts.join('; ')})`);
    const sizes = parsed.manifest.assets[b.path]?.sizes ?? {};
    for (const out of Object.keys(sizes))
      lines.push(`- ${t('built {path}', { path: shown(out) })} (${t('sidecar {path}', { path: shown(sidecarPath(out)) })})`);
    for (const w of [...b.notes, ...b.warnings]) lines.push(`  ${t('warning: {message}', { message: w })}`);
  }
  for (const s of o.skipped)
    if (s.code !== 'up-to-date') lines.push(`- ${t('skipped {path}: {reason}', { path: shown(s.path), reason: s.reason })}`);
  for (const f of o.failed) {
    const transparent =
      parsed.manifest.assets[f.path]?.background === 'transparent' || parsed.manifest.defaults.background === 'transparent';
    lines.push(`- ${t('failed {path}: {message}', { path: shown(f.path), message: f.message })}`);
    if (transparent && /transparent/i.test(f.message))
      lines.push(
        `  ${t('If the model refused the transparent background, declare the asset again with "transparencyFallback": true ("add" with "replace": true).')}`,
      );
  }
  if (o.cancelled) lines.push(t('Cancelled: the assets built above are saved; build again to continue.'));
  return answer(ctx, lines, !o.built.length && (o.failed.length > 0 || o.cancelled), files, await previewsOf(ctx, adapters, files));
}

/**
 * No path of the manifest may leave its folder through a link, nor may .image-studio be a link: a
 * cloned repository could otherwise make a build send or write files elsewhere. The same check as
 * the CLI's and the Image Assets view's (core/assets/assetPaths.ts), before anything is read or sent.
 */
async function refuseLinksOutside(ctx: AgentContext, manifest: ManifestAt, parsed: ParsedManifest): Promise<void> {
  try {
    await checkManifestPaths(ctx.root.fs, manifest.dir, parsed.manifest);
  } catch (e) {
    if (!(e instanceof OutsideFolderError)) throw e;
    throw new AgentToolError(t('{problem} Nothing was read, built or sent.', { problem: e.message }));
  }
}
