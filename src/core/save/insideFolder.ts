// The one rule for where an asset build, a collect, a pick or the history may read and write: a
// path of the manifest is resolved by its real path (every symbolic link followed, the deepest part
// that exists deciding where the rest would go) and must stay inside the real path of the
// manifest's folder; `.image-studio`, where Image Studio keeps history, candidates and batch
// records, must be a real folder there, not a link. A cloned repository decides its own links, so
// this is a security boundary. File systems without `realPath` (virtual ones) have no links: the
// manifest's own path rules (no `..`, no absolute paths) are the whole check there.
import { t } from '../l10n';
import { FileNotFoundError, type SaveFileSystem } from './fileSystem';

/** The folder next to the manifest that Image Studio keeps for itself. */
export const OWN_FOLDER = '.image-studio';

/** A path that would leave the manifest's folder, or an own folder that is not a real folder. */
export class OutsideFolderError extends Error {
  override readonly name = 'OutsideFolderError';
  readonly code = 'outside_folder';
  constructor(
    message: string,
    /** The manifest-relative path refused. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** Real paths already asked in one pass over many paths (undefined: nothing is there). */
type RealPathMemo = Map<string, Promise<string | undefined>>;

/**
 * Where a path really is: the real path of its deepest existing part with the rest appended. With
 * a `memo`, folders shared by many paths are asked once, and a path below a missing folder is not
 * asked at all (a fresh clone of 100,000 sprites in one missing folder costs one call per sprite).
 */
export async function realLocation(fs: SaveFileSystem, path: string, memo?: RealPathMemo): Promise<string> {
  if (!fs.realPath) return path;
  const realPath = fs.realPath.bind(fs);
  const ask = (p: string): Promise<string | undefined> => {
    let known = memo?.get(p);
    if (!known) {
      known = realPath(p).catch((e: unknown) => {
        if (e instanceof FileNotFoundError) return undefined;
        throw e;
      });
      // Folders are shared by many paths; the path itself is asked once.
      if (p !== path) memo?.set(p, known);
    }
    return known;
  };
  let existing = path;
  for (;;) {
    const parent = fs.dirname(existing);
    const root = parent === existing || !path.startsWith(parent);
    // Below a folder known to be missing nothing exists: go straight up.
    const real = !root && memo?.has(parent) && (await memo.get(parent)) === undefined ? undefined : await ask(existing);
    // The part that does not exist yet is kept as this file system wrote it (a URI stays encoded).
    if (real !== undefined) return real + path.slice(existing.length);
    if (root) return path;
    existing = parent;
  }
}

/** Whether `path` is `root` or below it (both real, as the same file system names them). */
export function isWithin(fs: SaveFileSystem, root: string, path: string): boolean {
  if (path === root) return true;
  // The root's child prefix as this file system writes it ("/a/b/" or "file:///a/b/").
  const prefix = fs.join(root, 'x').slice(0, -1);
  return path.startsWith(prefix);
}

/**
 * Refuses `relative` (a manifest-relative path) when its real location is outside the real path of
 * `dir`, or when it lies in `.image-studio` and that is a link; returns the path to use
 * (`fs.join(dir, relative)`).
 */
export async function insideFolder(fs: SaveFileSystem, dir: string, relative: string): Promise<string> {
  const path = fs.join(dir, relative);
  if (!fs.realPath) return path;
  const root = await fs.realPath(dir);
  if (isOwn(relative)) await ownFolderIsReal(fs, dir, root);
  await refuseOutsideOf(fs, root, path, relative);
  return path;
}

/** insideFolder for a path the file system named (a listed file); `shown` names it in the message. */
export async function refuseOutside(fs: SaveFileSystem, dir: string, path: string, shown: string): Promise<void> {
  if (fs.realPath) await refuseOutsideOf(fs, await fs.realPath(dir), path, shown);
}

/** Checks every path in `relatives` (see insideFolder), resolving the folder once; the first refused one throws. */
export async function allInsideFolder(fs: SaveFileSystem, dir: string, relatives: Iterable<string>): Promise<void> {
  if (!fs.realPath) return;
  const root = await fs.realPath(dir);
  const memo: RealPathMemo = new Map();
  let ownChecked = false;
  for (const relative of relatives) {
    if (!ownChecked && isOwn(relative)) {
      await ownFolderIsReal(fs, dir, root);
      ownChecked = true;
    }
    await refuseOutsideOf(fs, root, fs.join(dir, relative), relative, memo);
  }
}

function isOwn(relative: string): boolean {
  return relative === OWN_FOLDER || relative.startsWith(`${OWN_FOLDER}/`);
}

async function refuseOutsideOf(fs: SaveFileSystem, root: string, path: string, shown: string, memo?: RealPathMemo): Promise<void> {
  const real = await realLocation(fs, path, memo);
  if (!isWithin(fs, root, real))
    throw new OutsideFolderError(
      t("{path} goes through a link to {real}, outside the manifest's folder {root}; refused.", { path: shown, real, root }),
      shown,
    );
}

/** `.image-studio` must be missing or a real folder of `dir` (not a link, even to somewhere inside). */
async function ownFolderIsReal(fs: SaveFileSystem, dir: string, root: string): Promise<void> {
  let real: string;
  try {
    real = await fs.realPath!(fs.join(dir, OWN_FOLDER));
  } catch (e) {
    if (e instanceof FileNotFoundError) return;
    throw e;
  }
  if (real !== fs.join(root, OWN_FOLDER))
    throw new OutsideFolderError(
      t(
        '{folder} is a link to {real}; Image Studio keeps history, candidates and batch records only in a real folder there. Replace the link with a folder.',
        { folder: OWN_FOLDER, real },
      ),
      OWN_FOLDER,
    );
}
