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
}
