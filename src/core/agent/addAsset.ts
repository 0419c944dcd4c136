// image_studio_assets "add": declares an asset in the nearest image-studio.json (made at the root
// when there is none) with comments, order and other entries kept, as the extension's Add to Image
// Assets does (jsonc-parser edits, not a rewrite). The edited manifest is parsed before it is
// written: an entry the manifest would refuse is refused here, and nothing is written.
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { parseManifest } from '../assets/manifest';
import { formatForPath } from '../assets/manifestRules';
import type { AssetSpec, ResizeFit } from '../assets/manifestTypes';
import { assetStatuses } from '../assets/statusCache';
import { t } from '../l10n';
import { replaceFileContent } from '../save/writeFiles';
import { answer } from './agentAnswers';
import type { AgentContext, ToolPlan } from './agentContext';
import { AgentToolError } from './agentErrors';
import { resolveInRoot } from './agentRoot';
import { findManifest, toManifestPath, type ManifestAt } from './manifestFiles';
import type { AssetsInput } from './toolInput';

const EMPTY_MANIFEST = '{\n  "assets": {}\n}\n';

/** Plans an "add": the entry checked against the manifest it goes into; writes nothing yet. */
export async function planAddAsset(input: AssetsInput, ctx: AgentContext): Promise<ToolPlan> {
  if (input.path === undefined || input.prompt === undefined)
    throw new AgentToolError(t('"add" needs "path" (the asset\'s output file) and "prompt".'));
  const at = await resolveInRoot(ctx.root, input.path, 'write');
  if (!formatForPath(at.relative))
    throw new AgentToolError(t('{path} must end in .png, .jpg, .jpeg or .webp: its extension sets the format.', { path: at.relative }));
  const manifest = await findManifest(ctx, input.manifest, at.relative);
  const key = toManifestPath(manifest, at.relative);
  const entry = await entryOf(input, ctx, manifest);
  const text = manifest.exists ? new TextDecoder().decode(await ctx.root.fs.readFile(manifest.file.path)) : EMPTY_MANIFEST;
  const declared =
    key in parseManifest(ctx.models, text).manifest.assets || !!findNodeAtLocation(parseTree(text) ?? emptyNode(), ['assets', key]);
  if (declared && !input.replace)
    throw new AgentToolError(
      t('{path} is already an asset of {manifest}; nothing was changed. Give "replace": true to replace its entry.', {
        path: at.relative,
        manifest: manifest.file.relative,
      }),
    );
  // What the defaults already say is left out, so the entry says only what is its own.
  const defaults = parseManifest(ctx.models, text).manifest.defaults as Record<string, unknown>;
  for (const [k, v] of Object.entries(defaults))
    if ((entry as unknown as Record<string, unknown>)[k] === v) delete (entry as unknown as Record<string, unknown>)[k];
  const edited = applyEdits(
    text,
    modify(text, ['assets', key], entry, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }),
  );
  const parsed = parseManifest(ctx.models, edited);
  const problems = parsed.problems.filter(
    (p) => p.severity === 'error' && (p.path.length === 0 || (p.path[0] === 'assets' && p.path[1] === key)),
  );
  if (problems.length || !(key in parsed.manifest.assets))
    throw new AgentToolError(
      t('The entry for {path} would not be valid, so {manifest} was not changed: {problems}', {
        path: at.relative,
        manifest: manifest.file.relative,
        problems: problems.map((p) => p.message).join(' ') || t('unknown problem'),
      }),
    );
  return {
    tool: 'image_studio_assets',
    title: t('Declaring {path}', { path: at.relative }),
    writes: declared
      ? t('{manifest}: the entry of {path} is replaced (other entries and comments kept)', {
          manifest: manifest.file.relative,
          path: at.relative,
        })
      : manifest.exists
        ? t('{manifest}: declares {path} (other entries and comments kept)', { manifest: manifest.file.relative, path: at.relative })
        : t('{manifest} (new): declares {path}', { manifest: manifest.file.relative, path: at.relative }),
    async run() {
      await ctx.root.fs.mkdir(manifest.dir);
      await replaceFileContent(ctx.root.fs, manifest.file.path, new TextEncoder().encode(edited));
      const status = (
        await assetStatuses(parsed, {
          fs: ctx.root.fs,
          dir: manifest.dir,
          providerKind: ctx.providerKind,
          today: ctx.today,
          models: ctx.models,
        })
      ).find((s) => s.path === key);
      return answer(
        ctx,
        [
          declared
            ? t('Replaced the entry of {path} in {manifest}:', { path: at.relative, manifest: manifest.file.relative })
            : t('Added {path} to {manifest}:', { path: at.relative, manifest: manifest.file.relative }),
          JSON.stringify({ [key]: entry }, null, 2),
          status ? t('Its state: {state} ({reason})', { state: status.state, reason: status.reason }) : '',
          status?.state === 'missing' || status?.state === 'stale'
            ? t('Build it with image_studio_assets, action "build", paths ["{path}"].', { path: at.relative })
            : '',
        ].filter(Boolean),
        false,
        [{ path: manifest.file.relative, location: manifest.file.path }],
      );
    },
  };
}

/** The manifest entry the input describes, its paths relative to the manifest's folder. */
async function entryOf(input: AssetsInput, ctx: AgentContext, manifest: ManifestAt): Promise<AssetSpec> {
  const inManifest = async (path: string, use: 'read' | 'write'): Promise<string> =>
    toManifestPath(manifest, (await resolveInRoot(ctx.root, path, use)).relative);
  const inputs = input.inputs ? await Promise.all(input.inputs.map((p) => inManifest(p, 'read'))) : undefined;
  const mask = input.mask !== undefined ? await inManifest(input.mask, 'read') : undefined;
  const markup = input.markup !== undefined ? await inManifest(input.markup, 'read') : undefined;
  let sizes: Record<string, string> | undefined;
  if (input.sizes) {
    sizes = {};
    for (const [path, box] of Object.entries(input.sizes)) sizes[await inManifest(path, 'write')] = box;
  }
  // A transparent asset says what happens when the model refuses transparency, so the build is reproducible.
  const fallback = input.transparencyFallback ?? (input.background === 'transparent' ? true : undefined);
  const entry: AssetSpec = {
    prompt: input.prompt!,
    ...(input.model !== undefined ? { model: input.model } : {}),
    ...(input.size !== undefined ? { size: input.size } : {}),
    ...(input.quality !== undefined ? { quality: input.quality } : {}),
    ...(input.background !== undefined ? { background: input.background } : {}),
    ...(input.style !== undefined ? { style: input.style } : {}),
    ...(inputs?.length ? { inputs } : {}),
    ...(mask !== undefined ? { mask } : {}),
    ...(markup !== undefined ? { markup } : {}),
    ...(input.resize !== undefined ? { resize: input.resize } : {}),
    ...(input.fit !== undefined ? { fit: input.fit as ResizeFit } : {}),
    ...(sizes ? { sizes } : {}),
    ...(input.n !== undefined ? { n: input.n } : {}),
    ...(fallback !== undefined ? { transparencyFallback: fallback } : {}),
  };
  return entry;
}

function emptyNode(): NonNullable<ReturnType<typeof parseTree>> {
  return { type: 'null', offset: 0, length: 0 };
}
