// The candidates of an asset built with `n` > 1: listed from `.image-studio/candidates/<path>/`,
// and one picked into the asset's place through the engine's process and place stages (sizes,
// transparency check, history), so the pick is reviewed and reverted like any rebuild. A candidate
// made for an older spec is refused: picking it would mark a stale image up to date.
import { deleteQuietly } from '../save/fileSystem';
import { insideFolder, refuseOutside } from '../save/insideFolder';
import { sidecarPath } from '../save/writeFiles';
import type { GeneratedImage } from '../types';
import { inspectImage } from '../image/imageHeader';
import type { PixelRunner } from '../image/pixelJobs';
import type { ParsedManifest } from './manifestTypes';
import { CANDIDATES_FOLDER, placeOutputs, type CandidateRecord } from '../engine/placeAsset';
import { processImages } from '../engine/processImages';
import { assetOutputs, loadAssetSteps } from '../engine/assetSteps';
import { gateWarnings } from '../engine/buildAssets';
import type { StatusContext } from './status';
import { assetStatuses } from './statusCache';
import type { HistoryEntry } from '../save/replaceFile';

/** What picking a candidate needs beyond the status context. */
export interface PickContext extends StatusContext {
  pixels: PixelRunner;
  now(): Date;
}

/** The candidate image files kept for an asset (paths as the file system names them), oldest name first. */
export async function listCandidates(ctx: Pick<StatusContext, 'fs' | 'dir'>, path: string): Promise<string[]> {
  const dir = await insideFolder(ctx.fs, ctx.dir, `${CANDIDATES_FOLDER}/${path}`);
  const names = (await ctx.fs.listDir?.(dir)) ?? [];
  return names
    .filter((n) => !n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((n) => ctx.fs.join(dir, n));
}

/** Puts `candidate` at the asset's path; returns the replaced version (for Keep/Revert) and warnings. */
export async function pickCandidate(
  ctx: PickContext,
  parsed: ParsedManifest,
  path: string,
  candidate: string,
  force = false,
): Promise<{ replaced?: HistoryEntry; warnings: string[] }> {
  const status = (await assetStatuses(parsed, ctx)).find((s) => s.path === path);
  if (!status?.resolved || !status.specHash)
    throw new Error(`${path} is not a buildable asset of this manifest${status ? ` (${status.reason})` : ''}.`);
  if (status.state === 'changed-by-hand' && !force)
    throw new Error(
      `${path} was changed by hand: picking a candidate would replace it (it would be kept in the history). Pick again with force to go on.`,
    );
  // The candidate and its sidecar are read by real path: a link to a private file is no candidate.
  const prefix = ctx.fs.join(await insideFolder(ctx.fs, ctx.dir, `${CANDIDATES_FOLDER}/${path}`), 'x').slice(0, -1);
  if (!candidate.startsWith(prefix) || /[\\/]/.test(candidate.slice(prefix.length)))
    throw new Error(`${candidate} is not a candidate of ${path}.`);
  for (const file of [candidate, sidecarPath(candidate)]) await refuseOutside(ctx.fs, ctx.dir, file, file);
  let sidecar: Record<string, unknown>;
  try {
    sidecar = JSON.parse(new TextDecoder().decode(await ctx.fs.readFile(sidecarPath(candidate)))) as Record<string, unknown>;
  } catch {
    throw new Error(`${candidate} has no readable candidate sidecar.`);
  }
  const record = sidecar.candidate as Partial<CandidateRecord> | undefined;
  if (record?.path !== path) throw new Error(`${candidate} is not a candidate of ${path}.`);
  if (record.specHash !== status.specHash)
    throw new Error(`${candidate} was made for an earlier spec of ${path}; build the asset again for new candidates.`);
  const bytes = await ctx.fs.readFile(candidate);
  const info = inspectImage(bytes);
  const image: GeneratedImage = { bytes, format: info.format as GeneratedImage['format'], mimeType: `image/${info.format}`, index: 0 };
  const { candidate: _dropped, ...provenance } = sidecar;
  const asset = status.resolved;
  const steps = await loadAssetSteps(ctx.fs, ctx.dir, asset);
  const { images } = await processImages(ctx.fs, ctx.pixels, [image], {
    checkTransparency: asset.options.background === 'transparent',
    ...assetOutputs(asset, steps),
    label: () => asset.path,
    isFinal: () => true,
  });
  const processed = images[0]!;
  if (processed.problem) throw new Error(processed.problem);
  const target = { fs: ctx.fs, dir: ctx.dir, status, force: true, now: ctx.now(), steps };
  const replaced = await placeOutputs(target, processed, { ...provenance, ...processed.record });
  await deleteQuietly(ctx.fs, candidate, sidecarPath(candidate));
  return { ...(replaced ? { replaced } : {}), warnings: [...processed.warnings, ...gateWarnings(path, processed.failures)] };
}
