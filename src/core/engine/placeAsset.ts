// Placement at an asset's path: the chosen image (the first of the job) goes to the asset's path
// and each of its `sizes`, each with a sidecar that records the spec hash and the file's hash (the
// lock), the previous version kept in the history. The job's other images are candidates under
// `.image-studio/candidates/<path>/`, to pick later. A billed image is never thrown away: when the
// file was changed by hand while the image was being made, the image is kept as a candidate.
import { HISTORY_FOLDER } from '../assets/manifestRules';
import type { AssetRecord, AssetStatus } from '../assets/status';
import { readAssetRecord } from '../assets/status';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import { formatDate, extensionFor } from '../naming';
import { sha256Hex, type ProvenanceInput } from '../provenance';
import type { SaveFileSystem } from '../save/fileSystem';
import { replaceWithHistory, type HistoryEntry } from '../save/replaceFile';
import { insideFolder } from '../save/insideFolder';
import { holdInMemory, saveNewImage } from '../save/tempSpool';
import { writeSidecar } from '../save/writeFiles';
import type { GeneratedImage } from '../types';
import type { PlacedImage } from './engineTypes';
import type { PlaceOutcome, Placement } from './placement';
import type { ProcessedImage } from './processImages';
import { sidecarContent } from './sidecar';

/** Folder (next to the manifest) that keeps the candidates not chosen yet. */
export const CANDIDATES_FOLDER = '.image-studio/candidates';

/** What a candidate's sidecar records, under `candidate`: which asset and spec it was made for. */
export interface CandidateRecord {
  path: string;
  specHash: string;
}

/** Where an asset's images go. */
export interface AssetTarget {
  fs: SaveFileSystem;
  /** The manifest's folder. */
  dir: string;
  /** The asset's fresh status: its resolved spec, spec hash and inputs. */
  status: AssetStatus;
  /** Replace a file changed by hand (the build's --force, a pick confirmed). */
  force: boolean;
  /** The job's moment: history and candidate names. */
  now: Date;
}

/** Thrown when the file at an asset's path was changed by hand since it was built. */
export class ChangedByHandError extends Error {
  override readonly name = 'ChangedByHandError';
}

/** The asset's placement strategy. */
export function placeAsset(target: AssetTarget): Placement {
  const { fs, dir, status } = target;
  const asset = status.resolved!;
  return {
    spoolDir: fs.dirname(fs.join(dir, asset.path)),
    outputs: { ...(asset.resize ? { resize: asset.resize } : {}), sizes: asset.sizes },
    label: () => asset.path,
    isFinal: (index) => index === 0,
    async place(processed, source, record) {
      const sidecar = withInputPaths(await sidecarContent(source, processed.record, record), status);
      const made = { model: source.result.model, route: source.route };
      const candidate = (p: ProcessedImage, s: Record<string, unknown>, why?: string): Promise<PlaceOutcome> =>
        placeCandidate(target, p.image, s, made, why);
      if (processed.image.index !== 0) return candidate(processed, sidecar);
      if (processed.problem) return candidate(processed, sidecar, processed.problem);
      if (processed.image.format !== asset.format)
        return candidate(
          processed,
          sidecar,
          t('The API returned {format} but {path} asks for {wanted}', {
            format: processed.image.format,
            path: asset.path,
            wanted: asset.format,
          }),
        );
      // Held once: a hand edit found at the last moment sends the same bytes to the candidates.
      const held = { ...processed, image: await holdInMemory(fs, processed.image) };
      try {
        const replaced = await placeOutputs(target, held, sidecar);
        const outputPath = fs.join(dir, asset.path);
        return {
          warnings: processed.warnings,
          placed: {
            path: outputPath,
            name: asset.path.split('/').pop() ?? asset.path,
            sidecar: `${outputPath}.json`,
            index: 0,
            format: processed.image.format,
            model: source.result.model,
            route: source.route,
            ...(replaced ? { replaced } : {}),
            ...(source.image.requestId ? { requestId: source.image.requestId } : {}),
            ...(source.result.usage ? { usage: source.result.usage } : {}),
          },
        };
      } catch (e) {
        if (e instanceof ChangedByHandError) return candidate(held, sidecar, e.message);
        throw e;
      }
    },
  };
}

/**
 * Puts one processed image, held in memory, at the asset's path and its sizes (the pick of a
 * candidate takes this step too); returns the previous version kept in the history.
 */
export async function placeOutputs(
  target: AssetTarget,
  processed: ProcessedImage,
  sidecar: Record<string, unknown>,
): Promise<HistoryEntry | undefined> {
  const asset = target.status.resolved!;
  const replaced = await placeOutput(target, asset.path, processed.image.bytes, sidecar);
  for (const size of processed.sizes) {
    const { transparencyCheck: _check, ...rest } = sidecar;
    await placeOutput(target, size.path, size.bytes, { ...rest, postProcess: { resize: size.resize } }, true);
  }
  return replaced;
}

async function placeOutput(
  target: AssetTarget,
  output: string,
  bytes: Uint8Array,
  sidecar: Record<string, unknown>,
  isSize = false,
): Promise<HistoryEntry | undefined> {
  const { fs, dir, status, force } = target;
  const sha256 = await sha256Hex(bytes);
  const record: AssetRecord = { path: status.path, specHash: status.specHash!, sha256, ...(isSize ? { output } : {}) };
  // Resolved by real path: a folder of the repository that is a link must not take the image elsewhere.
  const path = await insideFolder(fs, dir, output);
  return replaceWithHistory(
    {
      fs,
      path,
      historyDir: await insideFolder(fs, dir, `${HISTORY_FOLDER}/${output}`),
      now: target.now,
      // The file may have been edited while the image was made: never replace a hand edit silently.
      // The very image being saved is no hand edit: a save interrupted between the image and its
      // sidecar is finished, not refused.
      beforeReplace: async () => {
        if (force || !(await fs.exists(path))) return;
        const onDisk = await sha256Hex(await fs.readFile(path));
        if (onDisk === sha256) return;
        const recorded = await readAssetRecord(fs, path);
        if (!recorded || recorded.sha256 !== onDisk)
          throw new ChangedByHandError(t('{path} was changed by hand while it was being built; it is left alone', { path: output }));
      },
    },
    bytes,
    { ...sidecar, asset: record },
  );
}

async function placeCandidate(
  target: AssetTarget,
  image: GeneratedImage,
  sidecar: Record<string, unknown>,
  made: Pick<PlacedImage, 'model' | 'route'>,
  why?: string,
): Promise<PlaceOutcome> {
  const { fs, dir, status } = target;
  const asset = status.resolved!;
  try {
    const folder = await insideFolder(fs, dir, `${CANDIDATES_FOLDER}/${asset.path}`);
    await fs.mkdir(folder);
    const written = await saveNewImage(fs, folder, `${formatDate(target.now)}-${image.index + 1}`, extensionFor(image.format), image, {
      sidecar: true,
    });
    const record: CandidateRecord = { path: asset.path, specHash: status.specHash! };
    const sidecarPath = await writeSidecar(fs, written.path, { ...sidecar, candidate: record });
    return {
      warnings: why ? [t('{reason}: the new image was kept as a candidate, {candidate}.', { reason: why, candidate: written.path })] : [],
      placed: {
        path: written.path,
        name: written.name,
        sidecar: sidecarPath,
        index: image.index,
        format: image.format,
        ...made,
        candidate: true,
      },
    };
  } catch (e) {
    return {
      warnings: [],
      failure: {
        kind: 'write',
        message: t('Image {index} of {path} was made but could not be kept ({problem}).', {
          index: image.index + 1,
          path: asset.path,
          problem: errorMessage(e),
        }),
        firstIndex: image.index,
        count: 1,
      },
    };
  }
}

// Inputs by their manifest path (the sidecar records names and hashes, never absolute paths).
function withInputPaths(sidecar: Record<string, unknown>, status: AssetStatus): Record<string, unknown> {
  const inputs = sidecar.inputs as ProvenanceInput[] | undefined;
  if (!inputs) return sidecar;
  return { ...sidecar, inputs: inputs.map((input, i) => ({ ...input, filename: status.inputs?.[i]?.path ?? input.filename })) };
}
