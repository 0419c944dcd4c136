// The in-memory file system of the core tests, with what the engine's temp spool needs: a file
// written in pieces (never over an existing one) and folder listings, so a test runs the streamed
// path the CLI and the extension take, not only the held one.
import { FileExistsError, type FileStream } from '../../../src/core/save/fileSystem';
import { MemoryFileSystem } from '../assets/memoryFileSystem';

/** MemoryFileSystem plus createStream and listDir. */
export class StreamingMemoryFileSystem extends MemoryFileSystem {
  async createStream(path: string): Promise<FileStream> {
    if (this.files.has(path)) throw new FileExistsError(path);
    this.files.set(path, new Uint8Array());
    const pieces: Uint8Array[] = [];
    return {
      write: async (bytes) => void pieces.push(new Uint8Array(bytes)),
      close: async () => {
        this.files.set(path, Buffer.concat(pieces));
      },
    };
  }

  async listDir(path: string): Promise<string[]> {
    const prefix = `${path.replace(/\/$/, '')}/`;
    const names = new Set<string>();
    for (const key of this.files.keys()) if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]!);
    return [...names].sort();
  }
}
