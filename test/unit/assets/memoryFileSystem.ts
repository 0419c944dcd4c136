// An in-memory SaveFileSystem for core tests, with faults on demand: a write that fails after
// writing part of the file (a full disk), a rename that fails, a name taken by someone else.
import { FileExistsError, FileNotFoundError, type SaveFileSystem } from '../../../src/core/save/fileSystem';

/** What to break, by operation and a test on the path. */
export interface MemoryFaults {
  writeFile?: (path: string) => boolean;
  rename?: (from: string, to: string) => boolean;
}

/** A file system in a Map; `files` is inspectable. */
export class MemoryFileSystem implements SaveFileSystem {
  readonly files = new Map<string, Uint8Array>();
  faults: MemoryFaults = {};
  /** Called before each rename without overwrite: lets a test take the name "meanwhile". */
  beforeRename?: (to: string) => void;

  join(dir: string, relative: string): string {
    return `${dir.replace(/\/$/, '')}/${relative}`;
  }
  dirname(path: string): string {
    return path.slice(0, path.lastIndexOf('/')) || '/';
  }
  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || [...this.files.keys()].some((k) => k.startsWith(`${path}/`));
  }
  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new FileNotFoundError(path);
    return f;
  }
  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    if (this.faults.writeFile?.(path)) {
      // A full disk: part of the file is there, then the write fails.
      this.files.set(path, bytes.slice(0, bytes.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }
    this.files.set(path, new Uint8Array(bytes));
  }
  async rename(from: string, to: string, { overwrite }: { overwrite: boolean }): Promise<void> {
    if (!overwrite) this.beforeRename?.(to);
    if (this.faults.rename?.(from, to)) throw new Error(`EIO: rename ${from} failed`);
    const f = this.files.get(from);
    if (!f) throw new FileNotFoundError(from);
    if (!overwrite && this.files.has(to)) throw new FileExistsError(to);
    this.files.set(to, f);
    this.files.delete(from);
  }
  async delete(path: string): Promise<void> {
    this.files.delete(path);
  }
  async mkdir(): Promise<void> {}
  async listDir(path: string): Promise<string[]> {
    const prefix = `${path.replace(/\/$/, '')}/`;
    const names = [...this.files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!);
    return [...new Set(names)].sort();
  }

  /** Sorted paths, for assertions. */
  list(): string[] {
    return [...this.files.keys()].sort();
  }
}
