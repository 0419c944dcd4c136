// Writes an image and its sidecar at an exact path, keeping whatever was there in a history folder
// (never deleting it), so a rebuild can be reviewed and reverted. Every step that fails undoes
// the steps before it: the old version is put back and no temp file is left.
import { formatDate, pickFreeName } from '../naming';
import { deleteQuietly, FileExistsError, type SaveFileSystem } from './fileSystem';
import { sidecarBytes, sidecarPath, writeTemp } from './writeFiles';

/** A replaced version, moved aside. */
export interface HistoryEntry {
  /** The old image, now in the history folder. */
  image: string;
  /** Its old sidecar, when it had one. */
  sidecar?: string;
}

/** Where and when. `historyDir` is e.g. `<manifest dir>/.image-studio/history/<asset path>`. */
export interface ReplaceTarget {
  fs: SaveFileSystem;
  path: string;
  historyDir: string;
  now: Date;
  /** Called right before the old file is moved; throwing stops the replacement (a last check for a file changed meanwhile). */
  beforeReplace?(): Promise<void>;
}

/** Writes `bytes` and `sidecar` at `target.path`; returns the history entry of the replaced version. */
export async function replaceWithHistory(target: ReplaceTarget, bytes: Uint8Array, sidecar: unknown): Promise<HistoryEntry | undefined> {
  const { fs, path } = target;
  const dir = fs.dirname(path);
  await fs.mkdir(dir);
  const tempImage = await writeTemp(fs, dir, bytes);
  let tempSidecar: string | undefined;
  let moved: HistoryEntry | undefined;
  let placed = false;
  try {
    tempSidecar = await writeTemp(fs, dir, sidecarBytes(sidecar));
    await target.beforeReplace?.();
    if (await fs.exists(path)) moved = await moveToHistory(target);
    else if (await fs.exists(sidecarPath(path))) await moveSidecarAlone(target);
    await fs.rename(tempImage, path, { overwrite: false });
    placed = true;
    await fs.rename(tempSidecar, sidecarPath(path), { overwrite: false });
    return moved;
  } catch (e) {
    // Undo: take the new image out and put the old version back where it was.
    if (placed) await deleteQuietly(fs, path);
    if (moved) {
      await fs.rename(moved.image, path, { overwrite: false }).catch(() => undefined);
      if (moved.sidecar) await fs.rename(moved.sidecar, sidecarPath(path), { overwrite: false }).catch(() => undefined);
    }
    throw e;
  } finally {
    await deleteQuietly(fs, tempImage, tempSidecar);
  }
}

async function moveToHistory(target: ReplaceTarget): Promise<HistoryEntry> {
  const { fs, path, historyDir } = target;
  await fs.mkdir(historyDir);
  const image = await moveUnderFreeName(target);
  if (!(await fs.exists(sidecarPath(path)))) return { image };
  try {
    await fs.rename(sidecarPath(path), sidecarPath(image), { overwrite: false });
  } catch (e) {
    await fs.rename(image, path, { overwrite: false }).catch(() => undefined);
    throw e;
  }
  return { image, sidecar: sidecarPath(image) };
}

// Names are the moment to the second (the caller's calendar) plus a counter when taken, its
// sidecar's name included; a name taken between the check and the move (another window, the CLI)
// is skipped, never replaced.
async function moveUnderFreeName(target: ReplaceTarget): Promise<string> {
  const { fs, path, historyDir } = target;
  const ext = /\.([^./]+)$/.exec(path)?.[1] ?? 'png';
  const taken = async (n: string): Promise<boolean> =>
    (await fs.exists(fs.join(historyDir, n))) || (await fs.exists(sidecarPath(fs.join(historyDir, n))));
  for (let attempt = 0; attempt < 50; attempt++) {
    const image = fs.join(historyDir, await pickFreeName(formatDate(target.now), ext, taken));
    try {
      await fs.rename(path, image, { overwrite: false });
      return image;
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
    }
  }
  throw new Error(`No free name in ${historyDir} for the replaced version of ${path}.`);
}

// A sidecar whose image is gone: keep it in the history too rather than overwrite it.
async function moveSidecarAlone(target: ReplaceTarget): Promise<void> {
  const { fs, path, historyDir } = target;
  await fs.mkdir(historyDir);
  const name = await pickFreeName(`${formatDate(target.now)}-orphan`, 'json', (n) => fs.exists(fs.join(historyDir, n)));
  await fs.rename(sidecarPath(path), fs.join(historyDir, name), { overwrite: false });
}

/** Puts a history entry back at `path` (Revert): the current version goes to the history in its place. */
export async function restoreFromHistory(
  target: Omit<ReplaceTarget, 'beforeReplace'>,
  entry: HistoryEntry,
): Promise<HistoryEntry | undefined> {
  const { fs } = target;
  const bytes = await fs.readFile(entry.image);
  const sidecar = entry.sidecar ? (JSON.parse(new TextDecoder().decode(await fs.readFile(entry.sidecar))) as unknown) : undefined;
  const replaced = sidecar === undefined ? await replaceImageOnly(target, bytes) : await replaceWithHistory(target, bytes, sidecar);
  await deleteQuietly(fs, entry.image, entry.sidecar);
  return replaced;
}

async function replaceImageOnly(target: Omit<ReplaceTarget, 'beforeReplace'>, bytes: Uint8Array): Promise<HistoryEntry | undefined> {
  const { fs, path } = target;
  const temp = await writeTemp(fs, fs.dirname(path), bytes);
  try {
    const moved = (await fs.exists(path)) ? await moveToHistory(target) : undefined;
    await fs.rename(temp, path, { overwrite: false });
    return moved;
  } finally {
    await deleteQuietly(fs, temp);
  }
}

/** Discards a history entry (Keep: the new version stays, the old one goes). */
export async function discardHistory(fs: SaveFileSystem, entry: HistoryEntry): Promise<void> {
  await fs.delete(entry.image);
  if (entry.sidecar) await fs.delete(entry.sidecar);
}
