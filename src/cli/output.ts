// Writes images and sidecars without ever overwriting: a temp file is hard-linked to a free name
// (link fails if the name appeared meanwhile, then the next name is tried) and the temp removed.
import { randomBytes } from 'node:crypto';
import { access, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionFor, pickFreeName } from '../core/naming';
import type { GeneratedImage } from '../core/types';

/** A written image and its sidecar. */
export interface WrittenFile {
  path: string;
  sidecar?: string;
  index: number;
  format: GeneratedImage['format'];
}

/** Creates the folder when missing. */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Writes bytes under `base.ext` (or the first free variant) in `dir`; returns the full path. */
export async function writeNoClobber(dir: string, base: string, ext: string, bytes: Uint8Array): Promise<string> {
  const temp = join(dir, `.image-studio-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, bytes, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = await pickFreeName(base, ext, (n) => exists(join(dir, n)));
      try {
        await link(temp, join(dir, name));
        return join(dir, name);
      } catch (e) {
        // Someone took the name between the check and the link: pick again.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new Error(`could not find a free file name for ${base}.${ext}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Writes the sidecar `<image>.json` next to an image, refusing to overwrite one. */
export async function writeSidecar(imagePath: string, provenance: unknown): Promise<string> {
  const path = `${imagePath}.json`;
  await writeFile(path, `${JSON.stringify(provenance, null, 2)}\n`, { flag: 'wx' });
  return path;
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

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
