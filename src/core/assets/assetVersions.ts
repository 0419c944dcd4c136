// An asset's other versions, for browsing them: the previous versions kept in
// `.image-studio/history/<path>/` (newest first; each name is the moment it was replaced) and the
// candidates not picked yet. A candidate picked and then reverted goes back among the candidates
// (not into the history), so Pick Candidate still finds it.
import { formatDate, pickFreeName } from '../naming';
import type { HistoryEntry } from '../save/replaceFile';
import { sidecarBytes, sidecarPath } from '../save/writeFiles';
import { CANDIDATES_FOLDER, type CandidateRecord } from '../engine/placeAsset';
import { listCandidates } from './candidates';
import { HISTORY_FOLDER } from './manifestRules';
import type { StatusContext } from './status';

const IMAGE_NAME = /\.(png|jpe?g|webp|gif|svg)$/i;

/** Where an asset's versions are: its manifest folder and a file system. */
export type VersionsContext = Pick<StatusContext, 'fs' | 'dir'>;

/** The asset's previous versions, newest first (the history names sort by the moment they were replaced). */
export async function listHistory(ctx: VersionsContext, path: string): Promise<HistoryEntry[]> {
  const dir = ctx.fs.join(ctx.dir, `${HISTORY_FOLDER}/${path}`);
  const names = (await ctx.fs.listDir?.(dir)) ?? [];
  const present = new Set(names);
  return names
    .filter((n) => IMAGE_NAME.test(n) && !n.startsWith('.'))
    .sort()
    .reverse()
    .map((n) => {
      const image = ctx.fs.join(dir, n);
      return present.has(`${n}.json`) ? { image, sidecar: sidecarPath(image) } : { image };
    });
}

/** How many versions an asset has besides its file (for the view's tree, without reading them). */
export async function countVersions(ctx: VersionsContext, path: string): Promise<{ history: number; candidates: number }> {
  return {
    history: (await listHistory(ctx, path)).length,
    candidates: (await listCandidates(ctx, path)).length,
  };
}

/**
 * Moves a history entry that was a candidate (picked, then reverted) back into the candidates
 * folder, with a candidate sidecar for `specHash`; returns its new path.
 */
export async function returnToCandidates(
  ctx: VersionsContext & { now: Date },
  path: string,
  specHash: string,
  entry: HistoryEntry,
): Promise<string> {
  const { fs } = ctx;
  const folder = fs.join(ctx.dir, `${CANDIDATES_FOLDER}/${path}`);
  await fs.mkdir(folder);
  const ext = /\.([^./]+)$/.exec(entry.image)?.[1] ?? 'png';
  const name = await pickFreeName(`${formatDate(ctx.now)}-returned`, ext, (n) => fs.exists(fs.join(folder, n)));
  const target = fs.join(folder, name);
  let sidecar: Record<string, unknown> = {};
  if (entry.sidecar) {
    try {
      sidecar = JSON.parse(new TextDecoder().decode(await fs.readFile(entry.sidecar))) as Record<string, unknown>;
    } catch {
      sidecar = {};
    }
  }
  // It is a candidate again: no lock (`asset`), a candidate record instead.
  const { asset: _lock, ...provenance } = sidecar;
  const record: CandidateRecord = { path, specHash };
  await fs.rename(entry.image, target, { overwrite: false });
  await fs.writeFile(sidecarPath(target), sidecarBytes({ ...provenance, candidate: record }));
  if (entry.sidecar) await fs.delete(entry.sidecar);
  return target;
}
