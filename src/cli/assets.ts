// `image-studio assets status|build|check`: the project's declared images, built through core's
// asset build over Node's fs. `status` and `check` send nothing and need no key.
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAssets, type BuildOutcome } from '../core/engine/buildAssets';
import type { SectionsOutcome } from '../core/assets/sections/buildSections';
import { todayOn } from '../core/calendar';
import { loadManifest } from '../core/assets/loadManifest';
import { FileNotFoundError } from '../core/save/fileSystem';
import { MANIFEST_FILE_NAME, type ParsedManifest } from '../core/assets/manifestTypes';
import { planBuild } from '../core/assets/plan';
import { listCandidates, pickCandidate, type PickContext } from '../core/assets/candidates';
import { runPixelJob } from '../core/image/pixelJobs';
import { stateLabel } from '../core/assets/status';
import { estimateBuild, reprocessOnly } from '../core/assets/estimate';
import { estimateSheets, withSheets } from '../core/assets/sections/sheetEstimate';
import { DEFAULT_PRICES } from '../core/pricing';
import { describeStatus, runCheck } from './assetsCheck';
import { runAccept } from './assetsAccept';
import { assetStatuses } from '../core/assets/statusCache';
import { DEFAULT_CONCURRENCY } from '../core/engine/fanOut';
import { int, providerFrom, str } from './args';
import { cliAdapters, cliApiKey, cliCalendar, cliClient } from './cliEngine';
import { checkManifestPaths } from '../core/assets/assetPaths';
import { OutsideFolderError } from '../core/save/insideFolder';
import { runBatchCommand, submitAsBatch } from './assetsBatch';
import { writeContactSheet } from './assetsSheet';
import { loadModelCatalogue } from './modelKnowledge';
import { printDryRun, refusedOverCost } from './assetsEstimate';
import { nodeFileSystem } from './nodeFileSystem';
import type { CliIo } from './cliIo';
import {
  buildProjectSections,
  describeSection,
  printSectionStatuses,
  reportSections,
  sectionKeys,
  sectionsContext,
  sectionsNeedRequests,
  sectionStatuses,
} from './assetsSections';
import { HELP, UsageError } from './usage';

const OPTIONS = {
  manifest: { type: 'string' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  organization: { type: 'string' },
  project: { type: 'string' },
  'azure-endpoint': { type: 'string' },
  'azure-deployment': { type: 'string' },
  'azure-api-version': { type: 'string' },
  endpoints: { type: 'string' },
  timeout: { type: 'string' },
  'max-retries': { type: 'string' },
  batch: { type: 'boolean' },
  concurrency: { type: 'string' },
  'transparency-fallback': { type: 'boolean' },
  format: { type: 'string' },
  'max-cost': { type: 'string' },
  out: { type: 'string', short: 'o' },
  'changed-since': { type: 'string' },
  columns: { type: 'string' },
  'batch-only': { type: 'boolean' },
  models: { type: 'string' },
} as const;

type Say = (text: string) => void;

/** Runs `assets <sub> …`; returns the exit code (0 fine, 1 missing/stale or a failed build, 2 usage or an invalid manifest). */
export async function runAssets(argv: string[], io: CliIo, say: Say, fail: Say): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    say(`${HELP.assets}\n`);
    return sub ? 0 : 2;
  }
  const SUBCOMMANDS = ['status', 'build', 'check', 'accept', 'pick', 'batch', 'sheet'];
  if (!SUBCOMMANDS.includes(sub))
    throw new UsageError(`unknown assets command '${sub}' (status, build, check, accept, pick, batch or sheet)`);
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: rest,
      options: OPTIONS,
      strict: true,
      allowPositionals: sub === 'build' || sub === 'batch' || sub === 'pick' || sub === 'accept',
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsedArgs;
  if (values.help) {
    say(`${HELP.assets}\n`);
    return 0;
  }
  if (
    sub !== 'build' &&
    (values['dry-run'] ||
      values.batch ||
      values['batch-only'] ||
      values.concurrency ||
      values['transparency-fallback'] ||
      values['max-cost'] ||
      (values.force && sub !== 'pick' && sub !== 'accept'))
  )
    throw new UsageError(
      `--force, --dry-run, --batch, --batch-only, --max-cost, --concurrency and --transparency-fallback apply to assets build`,
    );
  if (values['batch-only'] && !values.batch) throw new UsageError('--batch-only goes with --batch');
  if (values.format !== undefined && (sub !== 'check' || (values.format !== 'github' && values.format !== 'text')))
    throw new UsageError(`--format github (or text) applies to assets check`);
  const maxCost = values['max-cost'] === undefined ? undefined : Number(values['max-cost']);
  if (maxCost !== undefined && !(Number.isFinite(maxCost) && maxCost >= 0))
    throw new UsageError(`--max-cost must be an amount in USD, e.g. --max-cost 2.50 (got ${values['max-cost']})`);
  if (sub !== 'sheet' && (values.out || values['changed-since'] || values.columns))
    throw new UsageError('--out, --changed-since and --columns apply to assets sheet');
  if (sub === 'sheet' && !values.out) throw new UsageError('assets sheet needs --out FILE.png');
  const manifestFile = resolve(str(values.manifest) ?? MANIFEST_FILE_NAME);
  // The user's model declarations decide too (markup, batch, options), as for generate and edit.
  const models = await loadModelCatalogue(str(values.models) ?? str(io.env.IMAGE_STUDIO_MODELS));
  let parsed;
  try {
    parsed = await loadManifest(models, nodeFileSystem, manifestFile);
  } catch (e) {
    throw new UsageError(
      `cannot read the manifest ${manifestFile}: ${e instanceof FileNotFoundError ? "no such file (run in the manifest's folder or pass --manifest FILE)" : (e as Error).message}`,
    );
  }
  for (const p of parsed.problems) fail(`${manifestFile}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  const hasErrors = parsed.problems.some((p) => p.severity === 'error');
  const provider = providerFrom(values, io.env);
  const calendar = cliCalendar(io.env);
  const ctx = { fs: nodeFileSystem, dir: dirname(manifestFile), providerKind: provider.kind, today: todayOn(calendar), models };
  // No path of the manifest may reach outside its folder through a link (a cloned repository could
  // otherwise make a build write, or upload, files elsewhere on the machine).
  try {
    await checkManifestPaths(nodeFileSystem, ctx.dir, parsed.manifest);
  } catch (e) {
    if (e instanceof OutsideFolderError) throw new UsageError(`${e.message} Nothing was built, collected or sent.`);
    throw e;
  }
  if (sub === 'batch')
    return runBatchCommand(
      positionals,
      { parsed, ctx, provider, calendar, json: !!values.json, timeoutMs: (int(values.timeout, 'timeout', 1, 3600) ?? 120) * 1000 },
      io,
      say,
      fail,
    );
  if (sub === 'pick')
    return pick(positionals, { ...ctx, pixels: runPixelJob, now: () => calendar.now() }, parsed, !!values.force, !!values.json, say);
  const statuses = await assetStatuses(parsed, ctx);
  if (sub === 'sheet') {
    const sheet = await writeContactSheet(statuses, ctx, {
      out: values.out!,
      ...(values['changed-since'] !== undefined ? { changedSince: values['changed-since'] } : {}),
      ...(values.columns ? { columns: int(values.columns, 'columns', 1, 20) } : {}),
    });
    if (values.json) say(`${JSON.stringify({ ok: true, ...sheet })}\n`);
    else
      say(`wrote ${sheet.out}: ${sheet.shown.length} of ${sheet.total} asset(s)${sheet.left ? ` (${sheet.left} more not shown)` : ''}\n`);
    return hasErrors ? 2 : 0;
  }
  const sectionsCtx = sectionsContext(parsed, nodeFileSystem, ctx.dir, manifestFile);
  const sections = await sectionStatuses(sectionsCtx);
  if (sub === 'check')
    return runCheck(
      {
        manifestFile,
        parsed,
        statuses,
        sections,
        ctx,
        json: !!values.json,
        format: values.format === 'github' ? 'github' : 'text',
        env: io.env,
        cwd: process.cwd(),
      },
      say,
      fail,
    );
  if (sub === 'accept')
    return runAccept(positionals, { parsed, statuses, ctx, now: calendar.now(), force: !!values.force, json: !!values.json }, say, fail);
  if (sub === 'status') {
    const open = [...statuses, ...sections].filter((s) => s.state === 'missing' || s.state === 'stale');
    if (values.json)
      say(
        `${JSON.stringify({ ok: open.length === 0 && !hasErrors && !statuses.some((s) => s.state === 'invalid'), manifest: manifestFile, assets: statuses.map(describeStatus), sections: sections.map(describeSection), problems: parsed.problems })}\n`,
      );
    else {
      for (const s of statuses)
        say(`${stateLabel(s).padEnd(15)} ${s.path}${s.state === 'up-to-date' && !s.retiring ? '' : `  (${s.reason})`}\n`);
      printSectionStatuses(sections, say);
    }
    return hasErrors ? 2 : 0;
  }
  // Paths may name assets or section entries (a sheet, an atlas, an icon folder, the module).
  const sectionPaths = sectionKeys(parsed);
  const named: string[] = [...positionals];
  const assetPaths = named.filter((p) => !sectionPaths.has(p));
  const onlySections = named.length > 0 && assetPaths.length === 0;
  const wantedSection = (path: string) => named.length === 0 || named.includes(path);
  let options = { paths: onlySections ? ([] as string[]) : assetPaths, force: !!values.force };
  let batchSummary: Record<string, unknown> | undefined;
  const plan = planBuild(parsed, statuses, options);
  if (plan.unknown.length) throw new UsageError(`not an asset of ${manifestFile}: ${plan.unknown.join(', ')}`);
  // Only section entries named: no asset is built, none is priced.
  const entries = onlySections ? [] : plan.entries;
  // The sheets' requests are priced too, so --max-cost holds the whole build.
  const sheetCosts = estimateSheets(
    sections.filter((s) => wantedSection(s.path)),
    parsed.manifest.sheets,
    { styles: parsed.manifest.styles, defaults: parsed.manifest.defaults, table: DEFAULT_PRICES, force: !!values.force },
  );
  const estimate = withSheets(
    estimateBuild(entries, DEFAULT_PRICES, { ...(values.batch ? { batch: { models } } : {}), force: !!values.force }),
    sheetCosts,
  );
  if (values['dry-run']) {
    const wanted = sections.filter((s) => wantedSection(s.path));
    printDryRun(entries, estimate, { json: !!values.json, force: !!values.force, sections: wanted }, say);
  }
  if (maxCost !== undefined && refusedOverCost(estimate, maxCost, fail)) return 2;
  if (values['dry-run']) return hasErrors ? 2 : 0;
  if (values.batch) {
    if (values.force) throw new UsageError('--force cannot be combined with --batch yet: rebuild those assets interactively');
    const submitted = await submitAsBatch(
      options,
      {
        parsed,
        ctx,
        provider,
        calendar,
        json: !!values.json,
        timeoutMs: (int(values.timeout, 'timeout', 1, 3600) ?? 120) * 1000,
        batchOnly: !!values['batch-only'],
      },
      io,
      say,
      fail,
    );
    if (submitted && !submitted.interactive.length) {
      if (values.json) say(`${JSON.stringify(submitted.summary)}\n`);
      return hasErrors ? 2 : 0;
    }
    // What no batch can carry is built now, in the same run (one JSON answer holds both).
    if (submitted) {
      options = { ...options, paths: submitted.interactive };
      batchSummary = submitted.summary;
    }
  }
  // An asset re-processed from its raw image needs no key: only those sending a request do.
  const needed =
    (!onlySections &&
      planBuild(parsed, statuses, options).entries.some((e) => e.action === 'build' && !reprocessOnly(e.status, !!values.force))) ||
    sectionsNeedRequests(sections, !!values.force, wantedSection);
  const apiKey = cliApiKey(provider, io.env, needed);
  const client = cliClient(io, {
    provider,
    apiKey,
    today: ctx.today,
    models,
    timeoutMs: (int(values.timeout, 'timeout', 1, 3600) ?? 600) * 1000,
    maxRetries: int(values['max-retries'], 'max-retries', 0, 5) ?? 2,
  });
  const adapters = cliAdapters({ calendar, transparencyFallback: !!values['transparency-fallback'] });
  const outcome: BuildOutcome = onlySections
    ? { built: [], skipped: [], failed: [], unknown: [], cancelled: false }
    : await buildAssets(
        parsed,
        {
          ...ctx,
          client,
          adapters,
          concurrency: int(values.concurrency, 'concurrency', 1, 32) ?? DEFAULT_CONCURRENCY,
          transparencyFallback: values['transparency-fallback'] ? true : 'ask',
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: (e) => !values.json && e.type === 'start' && fail(`building ${e.path} (${e.index}/${e.total})…`),
        },
        options,
      );
  // The sections are made from the assets: they are built after them, with the same client.
  const built = io.signal?.aborted
    ? undefined
    : await buildProjectSections(sectionsCtx, { client, adapters, ...(io.signal ? { signal: io.signal } : {}) }, parsed.manifest.defaults, {
        force: !!values.force,
        only: wantedSection,
      });
  report(outcome, !!values.json, say, fail, {
    ...(batchSummary ? { batch: batchSummary } : {}),
    ...(built ? { sections: built } : {}),
    refused: hasErrors,
  });
  const sectionsFailed = built ? reportSections(built, !!values.json, fail, say) : false;
  // A saved asset that is not what it declares (not transparent, pixels not protected) fails CI too.
  return hasErrors
    ? 2
    : outcome.failed.length || outcome.cancelled || sectionsFailed || outcome.built.some((b) => b.warnings.length)
      ? 1
      : 0;
}

// Candidates are named by the file system's paths; the CLI shows them relative to the manifest.
async function pick(
  positionals: string[],
  ctx: PickContext,
  parsed: ParsedManifest,
  force: boolean,
  json: boolean,
  say: Say,
): Promise<number> {
  const [path, chosen, ...extra] = positionals;
  if (!path || extra.length) throw new UsageError('usage: image-studio assets pick PATH [CANDIDATE]');
  if (!(path in parsed.manifest.assets)) throw new UsageError(`not an asset of the manifest: ${path}`);
  const listed = await listCandidates(ctx, path);
  if (!chosen) {
    if (json) say(`${JSON.stringify({ ok: true, path, candidates: listed.map((c) => relative(ctx.dir, c)) })}\n`);
    else if (!listed.length) say(`${path} has no candidates (give it "n" above 1 and build it)\n`);
    else for (const c of listed) say(`${relative(ctx.dir, c)}\n`);
    return 0;
  }
  const file = listed.find((c) => c === resolve(ctx.dir, chosen) || c === resolve(chosen));
  if (!file) throw new UsageError(`${chosen} is not a candidate of ${path} (run image-studio assets pick ${path} to list them)`);
  const done = await pickCandidate(ctx, parsed, path, file, force);
  if (json)
    say(
      `${JSON.stringify({ ok: true, path, picked: relative(ctx.dir, file), ...(done.replaced ? { replaced: done.replaced } : {}), warnings: done.warnings })}\n`,
    );
  else say(`picked ${relative(ctx.dir, file)} for ${path}${done.replaced ? `  (previous version kept as ${done.replaced.image})` : ''}\n`);
  return 0;
}

function report(
  o: BuildOutcome,
  json: boolean,
  say: Say,
  fail: Say,
  extra: { batch?: Record<string, unknown>; sections?: SectionsOutcome; refused?: boolean } = {},
): void {
  const { batch, sections, refused } = extra;
  if (json) {
    say(
      `${JSON.stringify({ ...batch, ok: !o.failed.length && !o.cancelled && !sections?.failed.length, built: o.built, skipped: [...((batch?.skipped as unknown[] | undefined) ?? []), ...o.skipped], failed: o.failed, cancelled: o.cancelled, ...(sections ? { sections: { built: sections.built, failed: sections.failed, requests: sections.requests } } : {}) })}\n`,
    );
    return;
  }
  for (const b of o.built) {
    say(
      `${b.reprocessed ? 're-processed' : 'built'} ${b.path}${b.reprocessed ? '  (from its raw image, no request)' : ''}${b.replaced ? `  (previous version kept as ${b.replaced.image})` : ''}${b.candidates.length ? `  (${b.candidates.length} more candidate(s): image-studio assets pick ${b.path})` : ''}\n`,
    );
    for (const w of [...b.notes, ...b.warnings]) fail(`warning: ${w}`);
  }
  for (const s of o.skipped) if (s.reason !== 'up to date') fail(`skipped ${s.path}: ${s.reason}`);
  for (const f of o.failed) fail(`failed ${f.path}: ${f.message}`);
  if (o.cancelled) fail('cancelled: finished assets are saved; run the build again to continue');
  if (!o.built.length && !o.failed.length && !o.cancelled && !sections?.built.length && !sections?.failed.length)
    say(refused ? 'nothing built: fix the manifest errors above, then build again\n' : 'nothing to build: every asset is up to date\n');
}
