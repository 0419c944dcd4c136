// Reads and parses a manifest through the caller's file system: the one way the CLI (Node's fs)
// and the extension (workspace.fs) load an `image-studio.json`.
import type { SaveFileSystem } from '../save/fileSystem';
import { parseManifest } from './manifest';
import type { ParsedManifest } from './manifestTypes';
import type { ModelCatalogue } from '../models/modelCatalogue';

/** Reads the manifest at `path` and parses it against `models`; a file that cannot be read throws the file system's error. */
export async function loadManifest(models: ModelCatalogue, fs: SaveFileSystem, path: string): Promise<ParsedManifest> {
  return parseManifest(models, new TextDecoder().decode(await fs.readFile(path)));
}
