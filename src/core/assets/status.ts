// Where each asset stands, from the files and their sidecars alone (the sidecars are the lock):
// nothing is sent and no key is needed, so CI can ask.
import { isImageStudioError } from '../client/errors';
import { t } from '../l10n';
import { effectiveStatus } from '../models/capabilities';
import type { ModelCatalogue } from '../models/modelCatalogue';
import type { ProviderKind } from '../models/capabilityTypes';
import { validateEdit } from '../models/validate';
import { sha256Hex } from '../provenance';
import { FileNotFoundError, type SaveFileSystem } from '../save/fileSystem';
import { sidecarPath } from '../save/writeFiles';
import type { InputImage } from '../types';
import type { ParsedManifest } from './manifestTypes';
import { paletteFiles, resolveAsset, specHash, specParts, type InputHash, type ResolvedAsset } from './resolve';
import { rawKept } from './rawImages';

/** The state of one asset. `retiring` is reported beside it (an up-to-date asset may be retiring). */
export type AssetState = 'up-to-date' | 'stale' | 'missing' | 'changed-by-hand' | 'invalid';

/** What an asset build records in the sidecar, under `asset`. */
export interface AssetRecord {
  /** The manifest key it was built for. */
  path: string;
  specHash: string;
  /** SHA-256 of the file as written: a different file on disk was changed by hand. */
  sha256: string;
  /** The file's own path when it is one of the asset's `sizes`. */
  output?: string;
  /** The spec hash's two parts (see resolve.ts specParts): absent in sidecars written before them. */
  generationHash?: string;
  processingHash?: string;
  /** SHA-256 of the API's image the file was processed from (kept under .image-studio/raw/). */
  raw?: string;
}

/** Which part of a stale asset's spec changed: what the API is asked, or only the steps after it. */
export type StalePart = 'generation' | 'processing';

/** One asset's status. */
export interface AssetStatus {
  path: string;
  state: AssetState;
  /** One sentence for people. */
  reason: string;
  resolved?: ResolvedAsset;
  specHash?: string;
  inputs?: InputHash[];
  recorded?: AssetRecord;
  /** The spec hash's two parts, recorded by a build. */
  parts?: { generation: string; processing: string };
  /** Of a stale asset: 'processing' when only its steps changed and its raw image is kept (re-processed, no request). */
  stale?: StalePart;
  /** The model shuts down soon or already has; `replacement` is what to rebuild with. */
  retiring?: { state: 'deprecated' | 'retired'; message: string; replacement?: string };
}

/** Where the manifest is and what "today" is (injected: tests never read the clock). */
export interface StatusContext {
  fs: SaveFileSystem;
  /** The manifest's folder; asset paths are joined to it. */
  dir: string;
  providerKind?: ProviderKind;
  /** YYYY-MM-DD. */
  today: string;
  /** The models the caller knows: an asset's model row comes from here. */
  models: ModelCatalogue;
}

/** Reads `asset` from an image's sidecar, if the sidecar is there and records one. */
export async function readAssetRecord(fs: SaveFileSystem, imagePath: string): Promise<AssetRecord | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await fs.readFile(sidecarPath(imagePath)));
  } catch (e) {
    if (e instanceof FileNotFoundError) return undefined;
    throw e;
  }
  try {
    const asset = (JSON.parse(text) as { asset?: Partial<AssetRecord> }).asset;
    return asset && typeof asset.specHash === 'string' && typeof asset.sha256 === 'string' && typeof asset.path === 'string'
      ? (asset as AssetRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** How one status finds the others: the status of an asset, and which asset writes a path. */
export interface StatusLookup {
  status(path: string): Promise<AssetStatus>;
  owner(output: string): string | undefined;
  /** Assets whose status is being worked out (a path met again is a cycle). */
  visiting: ReadonlySet<string>;
}

/** One asset's status; inputs that are other assets are looked up through `lookup`. */
export async function statusOf(parsed: ParsedManifest, path: string, ctx: StatusContext, lookup: StatusLookup): Promise<AssetStatus> {
  const { visiting } = lookup;
  const resolved = resolveAsset(ctx.models, parsed.manifest, path);
  const retiring = retiringNotice(resolved.model, ctx);
  const base = { path, resolved, ...(retiring ? { retiring } : {}) };
  const inputs: InputHash[] = [];
  const loaded: InputImage[] = [];
  const roles: Array<[InputHash['role'], string]> = [
    ...resolved.inputs.map((p) => ['image', p] as ['image', string]),
    ...(resolved.mask ? [['mask', resolved.mask] as ['mask', string]] : []),
    ...(resolved.markup ? [['markup', resolved.markup] as ['markup', string]] : []),
  ];
  for (const [role, input] of roles) {
    if (input === path) return { ...base, state: 'invalid', reason: t('It lists itself as an input.') };
    const owner = lookup.owner(input);
    if (owner === path)
      return { ...base, state: 'invalid', reason: t('It lists one of its own outputs ({input}) as an input.', { input }) };
    if (owner) {
      if (visiting.has(owner)) return { ...base, state: 'invalid', reason: t('Its inputs form a cycle through {input}.', { input }) };
      const dep = await lookup.status(owner);
      if (dep.state === 'invalid') return { ...base, state: 'invalid', reason: t('Its input {input} is invalid.', { input }) };
      if (dep.state === 'missing' || dep.state === 'stale')
        return {
          ...base,
          state: (await ctx.fs.exists(ctx.fs.join(ctx.dir, path))) ? 'stale' : 'missing',
          reason:
            dep.state === 'missing'
              ? t('Its input {input} is missing and is built first.', { input })
              : t('Its input {input} is stale and is built first.', { input }),
        };
    }
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fs.readFile(ctx.fs.join(ctx.dir, input));
    } catch (e) {
      if (e instanceof FileNotFoundError)
        return {
          ...base,
          state: 'invalid',
          reason:
            role === 'mask'
              ? t('Its mask {input} does not exist.', { input })
              : role === 'markup'
                ? t('Its markup {input} does not exist.', { input })
                : t('Its input {input} does not exist.', { input }),
        };
      throw e;
    }
    inputs.push({ role, path: input, sha256: await sha256Hex(bytes) });
    loaded.push({ bytes, filename: input.split('/').pop()! });
  }
  if (resolved.kind === 'edit') {
    try {
      // Loaded in role order: the images, then the mask, then the markup.
      const markup = resolved.markup ? loaded.pop() : undefined;
      const mask = resolved.mask ? loaded.pop() : undefined;
      validateEdit(
        {
          model: resolved.model,
          prompt: resolved.prompt,
          images: loaded,
          ...(mask ? { mask } : {}),
          ...(markup ? { markup } : {}),
          ...resolved.options,
          ...(resolved.outputFormat ? { outputFormat: resolved.outputFormat } : {}),
        },
        { provider: ctx.providerKind ?? 'openai', today: ctx.today, models: ctx.models },
      );
    } catch (e) {
      if (!isImageStudioError(e)) throw e;
      return { ...base, state: 'invalid', reason: e.message };
    }
  }
  for (const palette of paletteFiles(resolved)) {
    try {
      inputs.push({ role: 'palette', path: palette, sha256: await sha256Hex(await ctx.fs.readFile(ctx.fs.join(ctx.dir, palette))) });
    } catch (e) {
      if (e instanceof FileNotFoundError)
        return { ...base, state: 'invalid', reason: t('Its palette file {path} does not exist.', { path: palette }) };
      throw e;
    }
  }
  const hash = await specHash(resolved, inputs);
  const parts = await specParts(resolved, inputs);
  const withHash = { ...base, specHash: hash, inputs, parts };
  const main = await outputState(ctx, path, hash, parts);
  const withRecord = { ...withHash, ...(main.recorded ? { recorded: main.recorded } : {}) };
  // Every output of the generation counts: a missing or hand-edited size is the asset's state.
  let worst: OutputState = main;
  for (const size of resolved.sizes) {
    const state = await outputState(ctx, size.path, hash, parts);
    const worse =
      RANK[state.state] > RANK[worst.state] || (state.state === 'stale' && worst.state === 'stale' && state.stale === 'generation');
    if (worse) worst = { ...state, reason: t('{path} (one of its sizes): {reason}', { path: size.path, reason: state.reason }) };
  }
  if (worst.state !== 'up-to-date')
    return { ...withRecord, state: worst.state, reason: worst.reason, ...(worst.stale ? { stale: worst.stale } : {}) };
  return { ...withRecord, state: 'up-to-date', reason: retiring ? retiring.message : t('Up to date.') };
}

interface OutputState {
  state: 'up-to-date' | 'stale' | 'missing' | 'changed-by-hand';
  reason: string;
  recorded?: AssetRecord;
  stale?: StalePart;
}

// A hand edit blocks a build (it needs --force), so it outranks a missing file, which outranks a stale one.
const RANK: Record<OutputState['state'], number> = { 'up-to-date': 0, stale: 1, missing: 2, 'changed-by-hand': 3 };

/** Where one output file of an asset stands against the spec hash. */
async function outputState(
  ctx: StatusContext,
  path: string,
  hash: string,
  parts: { generation: string; processing: string },
): Promise<OutputState> {
  const file = ctx.fs.join(ctx.dir, path);
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readFile(file);
  } catch (e) {
    if (e instanceof FileNotFoundError) return { state: 'missing', reason: t('Not built yet.') };
    throw e;
  }
  const recorded = await readAssetRecord(ctx.fs, file);
  if (!recorded)
    return {
      state: 'changed-by-hand',
      reason: t('The file has no asset sidecar (made or placed by hand): it is left alone unless you force a rebuild.'),
    };
  if ((await sha256Hex(bytes)) !== recorded.sha256)
    return {
      state: 'changed-by-hand',
      reason: t('The file was changed after it was built: it is left alone unless you force a rebuild.'),
      recorded,
    };
  if (recorded.specHash !== hash) {
    if (recorded.generationHash === parts.generation && (await rawKept(ctx.fs, ctx.dir, recorded)))
      return {
        state: 'stale',
        stale: 'processing',
        reason: t('Only its processing steps changed since it was built: it is re-processed from the kept raw image, with no request.'),
        recorded,
      };
    return {
      state: 'stale',
      stale: 'generation',
      reason: t('Its spec (prompt, options, style or inputs) changed since it was built.'),
      recorded,
    };
  }
  return { state: 'up-to-date', reason: t('Up to date.'), recorded };
}

function retiringNotice(model: string, ctx: StatusContext): AssetStatus['retiring'] {
  const s = effectiveStatus(ctx.models.capabilities(model), ctx.providerKind ?? 'openai', ctx.today);
  return s.state === 'current'
    ? undefined
    : { state: s.state, message: s.message ?? `${model} is ${s.state}.`, ...(s.replacement ? { replacement: s.replacement } : {}) };
}

/** Labels for people, the same in the CLI and the view. */
// Shared by the Image Assets view and the CLI: words from the catalogue, looked up when shown.
export const STATE_LABELS: Record<AssetState, () => string> = {
  'up-to-date': () => t('up to date'),
  stale: () => t('stale'),
  missing: () => t('missing'),
  'changed-by-hand': () => t('changed by hand'),
  invalid: () => t('invalid'),
};

/** The label shown, with "model retiring" for an up-to-date asset whose model is going away. */
export function stateLabel(s: AssetStatus): string {
  return s.state === 'up-to-date' && s.retiring ? t('model retiring') : STATE_LABELS[s.state]();
}
