// A submitted batch run, saved in the workspace (`.image-studio/batches/<batch id>.json`) as soon
// as the batch exists: closing the editor or killing the CLI loses nothing, and status, collect
// and cancel work from this record alone.
import type { describeProvider } from '../client/providers';
import { FileNotFoundError, type SaveFileSystem } from '../save/fileSystem';
import { insideFolder } from '../save/insideFolder';
import { replaceFileContent } from '../save/writeFiles';
import { FINAL_STATUSES, type BatchEndpoint, type BatchInfo } from './batchApi';

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

/** Writes (or rewrites) a run's record, atomically, inside the manifest's folder by real path. */
export async function saveRun(fs: SaveFileSystem, dir: string, run: BatchRun): Promise<void> {
  const path = runPath(fs, dir, run.batchId);
  await insideFolder(fs, dir, `${BATCHES_FOLDER}/${run.batchId}.json`);
  await fs.mkdir(fs.dirname(path));
  const bytes = new TextEncoder().encode(`${JSON.stringify(run, null, 2)}\n`);
  await replaceFileContent(fs, path, bytes);
}

/** Reads a run's record; undefined when there is none. */
export async function readRun(fs: SaveFileSystem, dir: string, batchId: string): Promise<BatchRun | undefined> {
  let text: string;
  const path = runPath(fs, dir, batchId);
  await insideFolder(fs, dir, `${BATCHES_FOLDER}/${batchId}.json`);
  try {
    text = new TextDecoder().decode(await fs.readFile(path));
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
  if (!isRunRecord(run) || run.batchId !== batchId)
    throw new Error(`${BATCHES_FOLDER}/${batchId}.json is not a batch run record Image Studio can read.`);
  return run;
}

// A record is a file of the repository: every field used later is checked here, once.
function isRunRecord(run: BatchRun | null): run is BatchRun {
  const b = run?.batch as Partial<BatchInfo> | undefined;
  const str = (v: unknown): boolean => typeof v === 'string';
  return (
    !!run &&
    run.runVersion === RUN_VERSION &&
    str(run.batchId) &&
    str(run.submittedAt) &&
    Array.isArray(run.assets) &&
    run.assets.every((a) => !!a && str(a.path) && str(a.specHash) && str(a.customId)) &&
    !!b &&
    str(b.id) &&
    str(b.status) &&
    Array.isArray(b.errors) &&
    b.errors.every(str) &&
    !!b.requestCounts &&
    typeof b.requestCounts === 'object'
  );
}

/** A record that could not be read, with why (the other runs are read on). */
export interface UnreadableRun {
  file: string;
  message: string;
}

/**
 * Every run recorded in the workspace, oldest first. A record that cannot be read (not JSON, not a
 * record, refused by the folder rule) is passed to `onUnreadable` and the others are read on;
 * without `onUnreadable` it throws, as before.
 */
export async function listRuns(fs: SaveFileSystem, dir: string, onUnreadable?: (problem: UnreadableRun) => void): Promise<BatchRun[]> {
  if (!fs.listDir) throw new Error('This file system cannot list the batch runs; name the batch id.');
  const names = (await fs.listDir(fs.join(dir, BATCHES_FOLDER))).filter((n) => /^[A-Za-z0-9_-]+\.json$/.test(n));
  const runs: BatchRun[] = [];
  for (const name of names) {
    try {
      const run = await readRun(fs, dir, name.slice(0, -'.json'.length));
      if (run) runs.push(run);
    } catch (e) {
      if (!onUnreadable) throw e;
      onUnreadable({ file: `${BATCHES_FOLDER}/${name}`, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return runs.sort((a, b) => String(a.submittedAt).localeCompare(String(b.submittedAt)));
}

/**
 * Takes a fresh answer about a run's batch. A batch that finished never runs again: a server that
 * says so (completed, then in progress) is not believed, the state recorded stays, and the returned
 * sentence says what was ignored.
 */
export function takeBatchState(run: BatchRun, fresh: BatchInfo): string | undefined {
  const was = run.batch.status;
  if (FINAL_STATUSES.includes(was) && fresh.status !== was) {
    return `The server now says batch ${run.batchId} is ${fresh.status}, after it said ${was}; a finished batch does not change, so ${was} was kept.`;
  }
  run.batch = fresh;
  return undefined;
}

/** Most skipped lines a record lists; a run's output has one line per request, so more only comes from a broken file. */
const MAX_RECORDED_SKIPS = 200;

/** What collect found, bounded for the record: paths and short messages, never what the server said at length. */
export function recordedCollect(out: RunCollected, clean: (text: string) => string): RunCollected {
  return {
    at: out.at,
    saved: out.saved,
    alreadySaved: out.alreadySaved,
    failed: out.failed.map((f) => ({ path: f.path, message: clean(f.message) })),
    skipped: out.skipped.slice(0, MAX_RECORDED_SKIPS).map((s) => ({ path: clean(s.path), reason: clean(s.reason) })),
  };
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
  await insideFolder(fs, dir, `${BATCHES_FOLDER}/${inputFileId}.submitting`);
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
