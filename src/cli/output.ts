// The CLI's writing goes through core's save pipeline over Node's fs: temp file, then a rename
// that never replaces (link(2)), the temp removed on every failure.
import { readFile } from 'node:fs/promises';
import { extensionFor } from '../core/naming';
import { writeNewFile, writeSidecar as writeSidecarFile } from '../core/save/writeFiles';
import type { GeneratedImage } from '../core/types';
import { nodeFileSystem } from './nodeFileSystem';

/** A written image and its sidecar. */
export interface WrittenFile {
  path: string;
  sidecar?: string;
  index: number;
  format: GeneratedImage['format'];
}

/** Creates the folder when missing. */
export async function ensureDir(dir: string): Promise<void> {
  await nodeFileSystem.mkdir(dir);
}

/** Writes bytes under `base.ext` (or the first free variant whose sidecar name is free too) in `dir`; returns the full path. */
export async function writeNoClobber(dir: string, base: string, ext: string, bytes: Uint8Array): Promise<string> {
  return (await writeNewFile(nodeFileSystem, dir, base, ext, bytes, { sidecar: true })).path;
}

/** Writes the sidecar `<image>.json` next to an image, refusing to overwrite one. */
export async function writeSidecar(imagePath: string, provenance: unknown): Promise<string> {
  return writeSidecarFile(nodeFileSystem, imagePath, provenance);
}

/** File extension for an image. */
export function imageExtension(image: GeneratedImage): string {
  return extensionFor(image.format);
}

/** Reads an input image from a path, or all of stdin for `-`. */
export async function readInput(pathOrDash: string, stdin: NodeJS.ReadableStream): Promise<{ bytes: Uint8Array; filename: string }> {
  if (pathOrDash === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    return { bytes: new Uint8Array(Buffer.concat(chunks)), filename: 'stdin' };
  }
  return { bytes: new Uint8Array(await readFile(pathOrDash)), filename: pathOrDash };
}
