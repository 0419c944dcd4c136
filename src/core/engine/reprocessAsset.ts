// An asset whose processing steps alone changed is made again from the raw image kept when it was
// built (.image-studio/raw/<path>): the same process, place and record stages as a build, and no
// request. The sidecar keeps the provenance of the request that made the raw image.
import { readRaw } from '../assets/rawImages';
import type { AssetStatus } from '../assets/status';
import { mimeTypeOf } from '../image/imageHeader';
import { sidecarPath } from '../save/writeFiles';
import type { SaveFileSystem } from '../save/fileSystem';
import type { GeneratedImage } from '../types';
import type { PixelRunner } from '../image/pixelJobs';
import { assetOutputs, type AssetSteps } from './assetSteps';
import { placeOutputs } from './placeAsset';
import { processImages } from './processImages';
import type { HistoryEntry } from '../save/replaceFile';
import type { GateFailure } from '../image/checks/checkTypes';

/** Fields of a sidecar that the processing wrote: replaced by the new processing's. */
const PROCESSING_FIELDS = ['postProcess', 'process', 'checks', 'transparencyCheck', 'asset', 'reprocessed'];

/** What a re-process did. */
export interface Reprocessed {
  replaced?: HistoryEntry;
  warnings: string[];
  failures?: GateFailure[];
}

/**
 * Re-processes `status`'s asset from its kept raw image; undefined when the raw image is gone or
 * its bytes are not the recorded ones (the caller then asks the API).
 */
export async function reprocessAsset(
  status: AssetStatus,
  ctx: { fs: SaveFileSystem; dir: string; pixels: PixelRunner; now: Date },
  steps: AssetSteps,
): Promise<Reprocessed | undefined> {
  const asset = status.resolved!;
  const { fs, dir } = ctx;
  const file = fs.join(dir, asset.path);
  const raw = status.recorded && (await readRaw(fs, dir, status.recorded, file));
  if (!raw) return undefined;
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(new TextDecoder().decode(await fs.readFile(sidecarPath(file)))) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const provenance = Object.fromEntries(Object.entries(previous).filter(([k]) => !PROCESSING_FIELDS.includes(k)));
  const image: GeneratedImage = { bytes: raw, format: asset.format, mimeType: mimeTypeOf({ format: asset.format }), index: 0 };
  const { images } = await processImages(fs, ctx.pixels, [image], {
    checkTransparency: asset.options.background === 'transparent',
    ...assetOutputs(asset, steps),
    label: () => asset.path,
    isFinal: () => true,
  });
  const processed = images[0]!;
  if (processed.problem) throw new Error(processed.problem);
  const replaced = await placeOutputs({ fs, dir, status, force: false, now: ctx.now, steps }, processed, {
    ...provenance,
    ...processed.record,
    reprocessed: { from: 'raw', at: ctx.now.toISOString() },
  });
  return {
    ...(replaced ? { replaced } : {}),
    warnings: processed.warnings,
    ...(processed.failures ? { failures: processed.failures } : {}),
  };
}
