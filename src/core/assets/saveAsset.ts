// The one way an asset's image is saved, whichever run made it (an interactive build or a batch
// collect): post-processed, recorded (the sidecar is the lock) and put at its path with the
// previous version kept in the history.
import { buildProvenance, sha256Hex } from '../provenance';
import { resizePng } from '../save/postProcess';
import { replaceWithHistory, type HistoryEntry } from '../save/replaceFile';
import type { EditRequest, GenerateRequest, GeneratedImage, ImagesResult, ProviderConfig } from '../types';
import { HISTORY_FOLDER } from './manifestRules';
import { readAssetRecord, type AssetRecord, type AssetStatus, type StatusContext } from './status';

/** Where and how an asset image is saved. */
export interface SaveAssetContext extends StatusContext {
  provider: ProviderConfig;
  now?: () => Date;
}

/** One image made for an asset, with what asked for it. */
export interface AssetImage {
  status: AssetStatus;
  request: GenerateRequest | EditRequest;
  result: ImagesResult;
  image: GeneratedImage;
  /** Replace a file changed by hand (the build's --force). */
  force?: boolean;
  /** Extra sidecar fields (a batch records its batch and request ids). */
  extra?: Record<string, unknown>;
}

/** Saves an asset's image at its path; returns the replaced version's history entry. */
export async function saveAssetImage(ctx: SaveAssetContext, made: AssetImage): Promise<HistoryEntry | undefined> {
  const { status, request, result, image } = made;
  const asset = status.resolved!;
  if (image.format !== asset.format) throw new Error(`The API returned ${image.format} but ${asset.path} asks for ${asset.format}; nothing was written.`);
  const bytes = asset.resize ? await resizePng(image.bytes, asset.resize) : image.bytes;
  const sha256 = await sha256Hex(bytes);
  const record: AssetRecord = { path: asset.path, specHash: status.specHash!, sha256 };
  const provenance = await buildProvenance({ request, result, image, provider: ctx.provider, ...(ctx.now ? { createdAt: ctx.now() } : {}) });
  // Inputs by their manifest path (the sidecar records names and hashes, never absolute paths).
  const sidecar = { ...provenance, inputs: provenance.inputs.map((input, i) => ({ ...input, filename: status.inputs?.[i]?.path ?? input.filename })), ...(asset.resize ? { postProcess: { resize: asset.resize } } : {}), ...made.extra, asset: record };
  const target = ctx.fs.join(ctx.dir, asset.path);
  return replaceWithHistory({
    fs: ctx.fs,
    path: target,
    historyDir: ctx.fs.join(ctx.dir, `${HISTORY_FOLDER}/${asset.path}`),
    now: ctx.now?.() ?? new Date(),
    // The file may have been edited while the image was made: never replace a hand edit silently.
    // The very image being saved is no hand edit: a save interrupted between the image and its
    // sidecar is finished, not refused.
    beforeReplace: async () => {
      if (made.force || !(await ctx.fs.exists(target))) return;
      const onDisk = await sha256Hex(await ctx.fs.readFile(target));
      if (onDisk === sha256) return;
      const recorded = await readAssetRecord(ctx.fs, target);
      if (!recorded || recorded.sha256 !== onDisk) throw new Error(`${asset.path} was changed by hand while it was being built; it is left alone (the new image was not written).`);
    },
  }, bytes, sidecar);
}
