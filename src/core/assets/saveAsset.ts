// The one way an asset's image is saved, whichever run made it (an interactive build, a batch
// collect, a candidate picked in review): the pixels outside a mask laid back from the input, the
// transparency checked, resized to every declared size, recorded (the sidecar is the lock) and put
// at each output path with the previous version kept in the history. Candidates beyond the first
// (`n`) are kept as made under `.image-studio/candidates/<path>/`, to pick one later.
import { t } from '../l10n';
import { formatDate } from '../naming';
import { buildProvenance, sha256Hex } from '../provenance';
import { resizePng } from '../save/postProcess';
import { replaceWithHistory, type HistoryEntry } from '../save/replaceFile';
import {
  protectUnmaskedPixels,
  TRANSPARENCY_FAILED,
  TRANSPARENCY_PASSED,
  transparencyProblem,
  type ImageJobRunner,
} from '../save/resultChecks';
import { writeNewFile, writeSidecar } from '../save/writeFiles';
import { insideFolder } from '../save/insideFolder';
import type { EditRequest, GenerateRequest, GeneratedImage, ImagesResult, ProviderConfig } from '../types';
import { HISTORY_FOLDER } from './manifestRules';
import type { ResizeBox } from './manifestRules';
import { readAssetRecord, type AssetRecord, type AssetStatus, type StatusContext } from './status';

/** Folder (next to the manifest) that keeps the candidates not chosen yet. */
export const CANDIDATES_FOLDER = '.image-studio/candidates';

/** Where and how an asset image is saved. */
export interface SaveAssetContext extends StatusContext {
  provider: ProviderConfig;
  now?: () => Date;
  /** Runs the pixel work (the extension host gives a worker thread); in-thread when absent. */
  runImageJob?: ImageJobRunner;
}

/** One image made for an asset, with what asked for it. */
export interface AssetImage {
  status: AssetStatus;
  request: GenerateRequest | EditRequest;
  result: ImagesResult;
  image: GeneratedImage;
  /** The other images of the same request (`n` > 1): kept as candidates. */
  candidates?: GeneratedImage[];
  /** Replace a file changed by hand (the build's --force). */
  force?: boolean;
  /** Extra sidecar fields (a batch records its batch and request ids). */
  extra?: Record<string, unknown>;
}

/** What saving an asset did. */
export interface SavedAsset {
  /** The previous version at the asset's path, kept in the history for review. */
  replaced?: HistoryEntry;
  /** Said to the user: a result that is not transparent, pixels that could not be protected. */
  warnings: string[];
  /** Candidate images kept to pick from (paths as the file system names them). */
  candidates: string[];
}

/** What a candidate's sidecar records, under `candidate`: which asset and spec it was made for. */
export interface CandidateRecord {
  path: string;
  specHash: string;
}

/** Saves an asset's image at its path (and its sizes); keeps the other candidates. */
export async function saveAssetImage(ctx: SaveAssetContext, made: AssetImage): Promise<SavedAsset> {
  const { status, request, result } = made;
  const asset = status.resolved!;
  const warnings: string[] = [];
  let images = [made.image, ...(made.candidates ?? [])];
  for (const image of images)
    if (image.format !== asset.format)
      throw new Error(`The API returned ${image.format} but ${asset.path} asks for ${asset.format}; nothing was written.`);
  let protectedPixels: boolean | undefined;
  if (asset.mask && asset.inputs[0]) {
    const original = { bytes: await ctx.fs.readFile(ctx.fs.join(ctx.dir, asset.inputs[0])), name: asset.inputs[0] };
    const done = await protectUnmaskedPixels(
      { original, mask: await ctx.fs.readFile(ctx.fs.join(ctx.dir, asset.mask)) },
      images,
      ctx.runImageJob,
    );
    if (done.note) warnings.push(t('{path}: {note}', { path: asset.path, note: done.note }));
    protectedPixels = done.raws.has(made.image.index);
    images = done.images;
  }
  const [chosen, ...others] = images;
  const provenanceOf = async (image: GeneratedImage): Promise<Record<string, unknown>> => {
    const provenance = await buildProvenance({
      request,
      result,
      image,
      provider: ctx.provider,
      ...(ctx.now ? { createdAt: ctx.now() } : {}),
    });
    // Inputs by their manifest path (the sidecar records names and hashes, never absolute paths).
    return {
      ...provenance,
      inputs: provenance.inputs.map((input, i) => ({ ...input, filename: status.inputs?.[i]?.path ?? input.filename })),
      ...(protectedPixels !== undefined ? { protectedUnmaskedPixels: protectedPixels } : {}),
      ...made.extra,
    };
  };
  const saved = await saveOutputs(ctx, status, chosen!, await provenanceOf(chosen!), !!made.force);
  warnings.push(...saved.warnings);
  const candidates: string[] = [];
  const date = formatDate(ctx.now?.() ?? new Date());
  for (const [k, image] of others.entries()) {
    const dir = await insideFolder(ctx.fs, ctx.dir, `${CANDIDATES_FOLDER}/${asset.path}`);
    const file = await writeNewFile(ctx.fs, dir, `${date}-${k + 2}`, asset.format === 'jpeg' ? 'jpg' : asset.format, image.bytes, {
      sidecar: true,
    });
    const candidate: CandidateRecord = { path: asset.path, specHash: status.specHash! };
    await writeSidecar(ctx.fs, file.path, { ...(await provenanceOf(image)), candidate });
    candidates.push(file.path);
  }
  return { ...(saved.replaced ? { replaced: saved.replaced } : {}), warnings, candidates };
}

/**
 * Post-processes one generated image into every output of the asset and saves each with its
 * sidecar. `provenance` is the sidecar without the asset record, which is added per output.
 */
export async function saveOutputs(
  ctx: SaveAssetContext,
  status: AssetStatus,
  image: GeneratedImage,
  provenance: Record<string, unknown>,
  force: boolean,
): Promise<{ replaced?: HistoryEntry; warnings: string[] }> {
  const asset = status.resolved!;
  const warnings: string[] = [];
  const bytes = asset.resize ? await resizePng(image.bytes, asset.resize) : image.bytes;
  const extra: Record<string, unknown> = {};
  if (asset.options.background === 'transparent') {
    const problem = await transparencyProblem({ ...image, bytes }, asset.path, ctx.runImageJob);
    if (problem) warnings.push(t('{problem} It was saved; rebuild it, or declare another model or background.', { problem }));
    extra.transparencyCheck = problem ? TRANSPARENCY_FAILED : TRANSPARENCY_PASSED;
  }
  const replaced = await saveOutput(
    ctx,
    asset.path,
    bytes,
    { ...provenance, ...extra, ...(asset.resize ? { postProcess: { resize: asset.resize } } : {}) },
    status,
    force,
  );
  for (const size of asset.sizes) {
    const sized = await resizePng(image.bytes, size.resize);
    await saveOutput(ctx, size.path, sized, { ...provenance, postProcess: { resize: size.resize } }, status, force, size.resize);
  }
  return { ...(replaced ? { replaced } : {}), warnings };
}

async function saveOutput(
  ctx: SaveAssetContext,
  output: string,
  bytes: Uint8Array,
  sidecar: Record<string, unknown>,
  status: AssetStatus,
  force: boolean,
  sizeOf?: ResizeBox,
): Promise<HistoryEntry | undefined> {
  const sha256 = await sha256Hex(bytes);
  const record: AssetRecord = { path: status.path, specHash: status.specHash!, sha256, ...(sizeOf ? { output } : {}) };
  // Resolved by real path: a folder of the repository that is a link must not take the image elsewhere.
  const target = await insideFolder(ctx.fs, ctx.dir, output);
  return replaceWithHistory(
    {
      fs: ctx.fs,
      path: target,
      historyDir: await insideFolder(ctx.fs, ctx.dir, `${HISTORY_FOLDER}/${output}`),
      now: ctx.now?.() ?? new Date(),
      // The file may have been edited while the image was made: never replace a hand edit silently.
      // The very image being saved is no hand edit: a save interrupted between the image and its
      // sidecar is finished, not refused.
      beforeReplace: async () => {
        if (force || !(await ctx.fs.exists(target))) return;
        const onDisk = await sha256Hex(await ctx.fs.readFile(target));
        if (onDisk === sha256) return;
        const recorded = await readAssetRecord(ctx.fs, target);
        if (!recorded || recorded.sha256 !== onDisk)
          throw new Error(`${output} was changed by hand while it was being built; it is left alone (the new image was not written).`);
      },
    },
    bytes,
    { ...sidecar, asset: record },
  );
}
