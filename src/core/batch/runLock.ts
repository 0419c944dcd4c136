// Two collects of one batch at once (two terminals, the CLI and the editor) would each save every
// image, the second copy pushing the first into the history. A collect therefore holds
// `.image-studio/batches/<batch id>.lock` while it runs. The lock is created exclusively (written
// to a temp file, then linked into place, never over an existing file) and names its holder.
//
// Stale locks: a collect killed outright (SIGKILL, a power cut) cannot remove its lock. A lock is
// taken over when the adapter says its holder is gone (the CLI and the extension host name
// themselves as host name and process id, and a process that no longer runs on this machine is
// gone) or when it is older than STALE_LOCK_MS, whoever holds it. Otherwise collect refuses and
// says how to remove the lock by hand.
import { FileExistsError, deleteQuietly, type SaveFileSystem } from '../save/fileSystem';
import { insideFolder } from '../save/insideFolder';
import { writeTemp } from '../save/writeFiles';
import { BATCHES_FOLDER, runPath } from './batchRuns';
import { t } from '../l10n';

/** Who holds a lock, as the adapter names its process; and whether a holder named in a lock is gone. */
export interface LockOwner {
  /** This process, e.g. `host-name:1234`. */
  id: string;
  /** True when the process named `holder` is known to have ended (false when unsure). */
  isGone(holder: string): boolean;
}

/** A lock older than this is stale whoever holds it (a collect of hundreds of images takes minutes, not hours). */
export const STALE_LOCK_MS = 6 * 60 * 60 * 1000;

/** Another collect holds the batch. */
export class RunLockedError extends Error {
  override readonly name = 'RunLockedError';
}

interface LockRecord {
  holder: string;
  since: string;
}

/** Takes the batch's lock; resolves to the function that releases it. Throws RunLockedError while another collect holds it. */
export async function lockRun(
  fs: SaveFileSystem,
  dir: string,
  batchId: string,
  owner: LockOwner | undefined,
  now: Date,
): Promise<() => Promise<void>> {
  const path = runPath(fs, dir, batchId).replace(/\.json$/, '.lock');
  await insideFolder(fs, dir, `${BATCHES_FOLDER}/${batchId}.lock`);
  await fs.mkdir(fs.dirname(path));
  const holder = owner?.id ?? 'unknown';
  const mine: LockRecord = { holder, since: now.toISOString() };
  for (let attempt = 0; ; attempt++) {
    const temp = await writeTemp(fs, fs.dirname(path), new TextEncoder().encode(`${JSON.stringify(mine)}\n`));
    try {
      await fs.rename(temp, path, { overwrite: false });
      return () => release(fs, path, holder);
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
    } finally {
      await deleteQuietly(fs, temp);
    }
    const held = await readLock(fs, path);
    const age = held ? now.getTime() - Date.parse(held.since) : NaN;
    const stale = !held || owner?.isGone(held.holder) === true || !(age < STALE_LOCK_MS);
    if (!stale || attempt > 0)
      throw new RunLockedError(
        t('Batch {id} is being collected by another process ({holder}, since {since}); wait for it. If none is running, delete {lock}.', {
          id: batchId,
          holder: held?.holder ?? '?',
          since: held?.since ?? '?',
          lock: `${BATCHES_FOLDER}/${batchId}.lock`,
        }),
      );
    await fs.delete(path);
  }
}

async function readLock(fs: SaveFileSystem, path: string): Promise<LockRecord | undefined> {
  try {
    const bytes = await fs.readFile(path);
    if (bytes.length > 4096) return undefined;
    const o = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LockRecord>;
    return typeof o.holder === 'string' && typeof o.since === 'string'
      ? { holder: o.holder.slice(0, 200), since: o.since.slice(0, 40) }
      : undefined;
  } catch {
    // Gone meanwhile (released), or unreadable: either way no one holds it.
    return undefined;
  }
}

// Only the holder's own lock is removed: one taken over after it went stale belongs to someone else.
async function release(fs: SaveFileSystem, path: string, holder: string): Promise<void> {
  const held = await readLock(fs, path);
  if (held?.holder === holder) await fs.delete(path).catch(() => undefined);
}
