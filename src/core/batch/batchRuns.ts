// A submitted batch run, saved in the workspace (`.image-studio/batches/<batch id>.json`) as soon
// as the batch exists: closing the editor or killing the CLI loses nothing, and status, collect
// and cancel work from this record alone.
import type { describeProvider } from '../client/providers';
import { FileNotFoundError, type SaveFileSystem } from '../save/fileSystem';
import { replaceFileContent } from '../save/writeFiles';
import type { BatchEndpoint, BatchInfo } from './batchApi';

/** Folder (next to the manifest) of the run records. */
export const BATCHES_FOLDER = '.image-studio/batches';
const RUN_VERSION = 1;

/** One asset a run covers. */
export interface RunAsset {
  path: string;
  specHash: string;
  customId: string;
}

/** What collect found, recorded so the view and `status` can say it. */
export interface RunCollected {
  at: string;
  saved: string[];
  /** Already saved by an earlier collect. */
  alreadySaved: string[];
  failed: Array<{ path: string; message: string }>;
  /** Lines not saved for another reason (spec changed since, file changed by hand). */
  skipped: Array<{ path: string; reason: string }>;
}

/** The saved record of a batch run. */
export interface BatchRun {
  runVersion: number;
  batchId: string;
  endpoint: BatchEndpoint;
  inputFileId: string;
  submittedAt: string;
  provider: ReturnType<typeof describeProvider>;
  assets: RunAsset[];
  /** The last state seen. */
  batch: BatchInfo;
  collected?: RunCollected;
}

/** The record's path for a batch id (ids are the API's, checked to be plain). */
export function runPath(fs: SaveFileSystem, dir: string, batchId: string): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(batchId)) throw new Error(`"${batchId}" is not a batch id.`);
  return fs.join(dir, `${BATCHES_FOLDER}/${batchId}.json`);
}

/** Writes (or rewrites) a run's record, atomically. */
export async function saveRun(fs: SaveFileSystem, dir: string, run: BatchRun): Promise<void> {
  const path = runPath(fs, dir, run.batchId);
  await fs.mkdir(fs.dirname(path));
  const bytes = new TextEncoder().encode(`${JSON.stringify(run, null, 2)}\n`);
  await replaceFileContent(fs, path, bytes);
}

/** Reads a run's record; undefined when there is none. */
export async function readRun(fs: SaveFileSystem, dir: string, batchId: string): Promise<BatchRun | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await fs.readFile(runPath(fs, dir, batchId)));
  } catch (e) {
    if (e instanceof FileNotFoundError) return undefined;
    throw e;
  }
  let run: BatchRun;
  try {
    run = JSON.parse(text) as BatchRun;
  } catch {
    throw new Error(`${BATCHES_FOLDER}/${batchId}.json is not valid JSON; fix or delete it.`);
  }
  if (run?.runVersion !== RUN_VERSION || typeof run.batchId !== 'string' || !Array.isArray(run.assets) || !run.batch)
    throw new Error(`${BATCHES_FOLDER}/${batchId}.json is not a batch run record Image Studio can read.`);
  return run;
}

/** Every run recorded in the workspace, oldest first. */
export async function listRuns(fs: SaveFileSystem, dir: string): Promise<BatchRun[]> {
  if (!fs.listDir) throw new Error('This file system cannot list the batch runs; name the batch id.');
  const names = (await fs.listDir(fs.join(dir, BATCHES_FOLDER))).filter((n) => /^[A-Za-z0-9_-]+\.json$/.test(n));
  const runs: BatchRun[] = [];
  for (const name of names) {
    const run = await readRun(fs, dir, name.slice(0, -'.json'.length));
    if (run) runs.push(run);
  }
  return runs.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

/** A new run's record. */
export function newRun(
  batch: BatchInfo,
  endpoint: BatchEndpoint,
  assets: RunAsset[],
  provider: BatchRun['provider'],
  submittedAt: Date,
): BatchRun {
  return {
    runVersion: RUN_VERSION,
    batchId: batch.id,
    endpoint,
    inputFileId: batch.inputFileId,
    submittedAt: submittedAt.toISOString(),
    provider,
    assets,
    batch,
  };
}

/**
 * Between the upload and the batch's record there is a moment when a batch may exist that no
 * record names (the process killed while POST /batches was answered). A marker written before the
 * request and removed once the record is saved lets `status` say so instead of losing it silently.
 */
export async function markSubmitting(fs: SaveFileSystem, dir: string, inputFileId: string, assets: RunAsset[]): Promise<string> {
  const path = runPath(fs, dir, inputFileId).replace(/\.json$/, '.submitting');
  await fs.mkdir(fs.dirname(path));
  await replaceFileContent(
    fs,
    path,
    new TextEncoder().encode(`${JSON.stringify({ inputFileId, assets: assets.map((a) => a.path) }, null, 2)}\n`),
  );
  return path;
}

/** Input file ids whose submit was interrupted (see markSubmitting). */
export async function interruptedSubmits(fs: SaveFileSystem, dir: string): Promise<string[]> {
  if (!fs.listDir) return [];
  return (await fs.listDir(fs.join(dir, BATCHES_FOLDER)))
    .filter((n) => n.endsWith('.submitting'))
    .map((n) => n.slice(0, -'.submitting'.length));
}
