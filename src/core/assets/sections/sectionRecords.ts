// What a section build remembers, kept under .image-studio/ (not beside its outputs, which are
// often a folder that ships: public/, a game's atlas folder): the hash of what it was built from
// and the SHA-256 of each file it wrote. The raw generations of sheets are kept there too, so
// re-cutting a sheet, or building it again after its files were deleted, sends no request.
import { sha256Hex } from '../../provenance';
import { FileNotFoundError, type SaveFileSystem } from '../../save/fileSystem';
import { replaceFileContent, writeExactFile } from '../../save/writeFiles';

/** The folder of section records, beside the manifest. */
export const RECORDS_FOLDER = '.image-studio/sections';
/** The folder of kept raw generations (the processing chain keeps assets' there too). */
export const RAW_FOLDER = '.image-studio/raw';
/** The generation a sheet's rebuild replaced, until it is kept or reverted. */
export const PREVIOUS_RAW_FOLDER = '.image-studio/raw-previous';

/** The kinds of section outputs. */
export type SectionKind = 'sheet' | 'atlas' | 'icons' | 'codegen';

/** What one section entry's last build wrote. */
export interface SectionRecord {
  kind: SectionKind;
  /** The manifest key. */
  key: string;
  /** Hash of everything the outputs were made from. */
  hash: string;
  /** SHA-256 of each file written, by its manifest-relative path. */
  files: Record<string, string>;
  /** Kind-specific facts later steps read (a sheet's anchor and frame names, an atlas's frames). */
  facts?: Record<string, unknown>;
}

/** The record's path (manifest-relative) for an entry. */
export function recordPath(kind: SectionKind, key: string): string {
  // Keys are manifest-relative paths already checked to stay inside the folder; a folder key ends in "/".
  return `${RECORDS_FOLDER}/${kind}/${key.replace(/\/$/, '/_folder')}.json`;
}

/** JSON with object keys sorted, so equal values hash equally whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** SHA-256 of a value's canonical JSON. */
export function hashOf(value: unknown): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)));
}

/** Reads a file, or undefined when it is not there. */
export async function readIfThere(fs: SaveFileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (e instanceof FileNotFoundError) return undefined;
    throw e;
  }
}

/** The entry's record, or undefined when there is none or it cannot be read. */
export async function readRecord(fs: SaveFileSystem, dir: string, kind: SectionKind, key: string): Promise<SectionRecord | undefined> {
  const bytes = await readIfThere(fs, fs.join(dir, recordPath(kind, key)));
  if (!bytes) return undefined;
  try {
    const record = JSON.parse(new TextDecoder().decode(bytes)) as SectionRecord;
    return record && record.kind === kind && typeof record.hash === 'string' && record.files && typeof record.files === 'object'
      ? record
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the entry's record (replacing the previous one). */
export async function writeRecord(fs: SaveFileSystem, dir: string, record: SectionRecord): Promise<void> {
  const path = fs.join(dir, recordPath(record.kind, record.key));
  await fs.mkdir(fs.dirname(path));
  await replaceFileContent(fs, path, new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'));
}

/** Writes output files (manifest-relative paths), replacing what is there; returns their SHA-256 by path. */
export async function writeOutputs(
  fs: SaveFileSystem,
  dir: string,
  files: ReadonlyArray<{ path: string; bytes: Uint8Array }>,
): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of files) {
    const full = fs.join(dir, file.path);
    await fs.mkdir(fs.dirname(full));
    if (await fs.exists(full)) await replaceFileContent(fs, full, file.bytes);
    else await writeExactFile(fs, full, file.bytes);
    hashes[file.path] = await sha256Hex(file.bytes);
  }
  return hashes;
}

/** How an entry's files compare with its record. */
export type OutputState =
  { state: 'up-to-date' } | { state: 'missing'; path: string } | { state: 'changed-by-hand'; path: string } | { state: 'stale' };

/** Compares the files on disk with the record and the hash the entry has now. */
export async function outputState(
  fs: SaveFileSystem,
  dir: string,
  record: SectionRecord | undefined,
  hash: string,
  expected: readonly string[],
): Promise<OutputState> {
  for (const path of expected) if (!(await fs.exists(fs.join(dir, path)))) return { state: 'missing', path };
  if (!record) return { state: 'stale' };
  for (const [path, sha] of Object.entries(record.files)) {
    const bytes = await readIfThere(fs, fs.join(dir, path));
    if (bytes && (await sha256Hex(bytes)) !== sha) return { state: 'changed-by-hand', path };
  }
  return record.hash === hash && expected.every((p) => p in record.files) ? { state: 'up-to-date' } : { state: 'stale' };
}
