// The small file system the save pipeline and the asset build need. The extension host gives one
// over workspace.fs (Remote, WSL, virtual workspaces), the CLI one over Node's fs; tests can give
// one that fails on purpose. Paths are opaque strings built only with `join`.

/** Thrown by `rename` with `overwrite: false` when the target exists. */
export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/** Thrown by `readFile` and `stat` when nothing is there. */
export class FileNotFoundError extends Error {
  override readonly name = 'FileNotFoundError';
  constructor(readonly path: string) {
    super(`${path} does not exist`);
  }
}

/** What the pipeline needs of a file system. */
export interface SaveFileSystem {
  /** Joins a folder and a relative path with forward slashes (`a/b.png`). */
  join(dir: string, relative: string): string;
  /** The folder that holds `path`. */
  dirname(path: string): string;
  /** Whether anything (file or folder) is at `path`. */
  exists(path: string): Promise<boolean>;
  /** The file's bytes; FileNotFoundError when missing, NotAFileError (naming the path) for a folder, FIFO or device. */
  readFile(path: string): Promise<Uint8Array>;
  /** Creates or replaces a file (the pipeline only writes temp files this way). */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** Moves a file; with `overwrite: false` throws FileExistsError rather than replace. */
  rename(from: string, to: string, options: { overwrite: boolean }): Promise<void>;
  /** Removes a file; a missing one is not an error. */
  delete(path: string): Promise<void>;
  /** Creates a folder and its parents. */
  mkdir(path: string): Promise<void>;
  /**
   * Creates a new file (never over an existing one) to be written in pieces: a streamed image goes
   * to disk as its base64 is decoded. Optional: without it, images are held until written whole.
   */
  createStream?(path: string): Promise<FileStream>;
  /** Names in a folder (none when it is missing); optional: batch runs are listed with it. */
  listDir?(path: string): Promise<string[]>;
  /**
   * The path with every symbolic link resolved, named as this file system names paths;
   * FileNotFoundError when nothing is there (a link to nowhere resolves to where it points).
   * Optional: a file system without links (a virtual one) leaves it out (see insideFolder.ts).
   */
  realPath?(path: string): Promise<string>;
}

/** Thrown by `readFile` for something that is not a regular file (a folder, a FIFO, a device): reading it could block or never end. */
export class NotAFileError extends Error {
  override readonly name = 'NotAFileError';
  constructor(
    readonly path: string,
    readonly kind: 'folder' | 'other',
  ) {
    super(
      kind === 'folder' ? `${path} is a folder, not a file` : `${path} is not a regular file (a pipe, socket or device); it was not read`,
    );
  }
}

/** A new file being written in pieces. */
export interface FileStream {
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and closes; the file stays. */
  close(): Promise<void>;
}

/** What a stream needs of an open file (Node's FileHandle has this shape; core names no Node type). */
export interface WritableHandle {
  write(bytes: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  close(): Promise<void>;
}

/** A FileStream over an open file; each piece is written whole (a write may take fewer bytes than given). */
export function handleStream(handle: WritableHandle): FileStream {
  return {
    async write(bytes) {
      for (let done = 0; done < bytes.length;) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    },
    close: () => handle.close(),
  };
}

/** Removes files, ignoring every error: used on failure paths, where the first error matters. */
export async function deleteQuietly(fs: SaveFileSystem, ...paths: Array<string | undefined>): Promise<void> {
  for (const p of paths) if (p) await fs.delete(p).catch(() => undefined);
}
