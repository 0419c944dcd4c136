// An icon set from the manifest to its files: the picture (a file, or an asset once it is built)
// turned into favicon.ico, the touch, standard and maskable icons, an optional Open Graph image,
// site.webmanifest and head.html in the entry's folder.
import { decodePng, RESULT_DECODE_LIMITS } from '../../image/pngCodec';
import { parseHexColour } from '../../image/raster';
import { t } from '../../l10n';
import { sha256Hex } from '../../provenance';
import type { SaveFileSystem } from '../../save/fileSystem';
import { webIconImages } from '../../icons/webIcons';
import { headTags, webManifest } from '../../icons/webManifest';
import { hashOf, outputState, readIfThere, readRecord, writeOutputs, writeRecord, type OutputState } from './sectionRecords';
import type { IconSetSpec } from './sectionTypes';

/** Bumped when the set's images change for the same picture. */
const ICONS_VERSION = 1;

/** The file names a web icon set writes into its folder. */
export function iconSetOutputs(folder: string, spec: IconSetSpec): string[] {
  const names = [
    'favicon.ico',
    'apple-touch-icon.png',
    'icon-192.png',
    'icon-512.png',
    'icon-maskable-512.png',
    ...(spec.og ? ['og.png'] : []),
    'site.webmanifest',
    'head.html',
  ];
  return names.map((n) => folder + n);
}

async function sourceBytes(fs: SaveFileSystem, dir: string, path: string): Promise<Uint8Array | undefined> {
  return readIfThere(fs, fs.join(dir, path));
}

/** What the set is made from: the pictures' bytes and the options. */
export async function iconsHash(folder: string, spec: IconSetSpec, fs: SaveFileSystem, dir: string): Promise<string> {
  const hash = async (p?: string) => {
    const bytes = p ? await sourceBytes(fs, dir, p) : undefined;
    return bytes ? sha256Hex(bytes) : 'missing';
  };
  return hashOf({ ICONS_VERSION, folder, spec, from: await hash(spec.from), og: await hash(spec.og?.from) });
}

/** Where an icon set stands. */
export async function iconsStatus(
  folder: string,
  spec: IconSetSpec,
  fs: SaveFileSystem,
  dir: string,
): Promise<{ path: string; outputs: OutputState }> {
  const hash = await iconsHash(folder, spec, fs, dir);
  return {
    path: folder,
    outputs: await outputState(fs, dir, await readRecord(fs, dir, 'icons', folder), hash, iconSetOutputs(folder, spec)),
  };
}

async function picture(fs: SaveFileSystem, dir: string, path: string) {
  const bytes = await sourceBytes(fs, dir, path);
  if (!bytes) throw new Error(t('{path} is not there: an icon set needs its picture (build the asset first).', { path }));
  return decodePng(bytes, RESULT_DECODE_LIMITS);
}

/** Writes the icon set; returns the files written. */
export async function buildIconSet(folder: string, spec: IconSetSpec, fs: SaveFileSystem, dir: string): Promise<string[]> {
  const hash = await iconsHash(folder, spec, fs, dir);
  const background = parseHexColour(spec.background)!;
  const themeColor = spec.themeColor ? parseHexColour(spec.themeColor) : undefined;
  const og = spec.og ? { width: spec.og.width, height: spec.og.height } : undefined;
  const images = await webIconImages(await picture(fs, dir, spec.from), {
    background,
    ...(og ? { og } : {}),
    ...(spec.og?.from ? { ogSource: await picture(fs, dir, spec.og.from) } : {}),
  });
  const text = { background, ...(themeColor ? { themeColor } : {}), ...(og ? { og } : {}), ...(spec.href ? { href: spec.href } : {}) };
  const encode = (s: string) => new TextEncoder().encode(s);
  const files = await writeOutputs(fs, dir, [
    ...images.map((f) => ({ path: folder + f.name, bytes: f.bytes })),
    {
      path: `${folder}site.webmanifest`,
      bytes: encode(
        webManifest({ ...text, ...(spec.name ? { name: spec.name } : {}), ...(spec.shortName ? { shortName: spec.shortName } : {}) }),
      ),
    },
    { path: `${folder}head.html`, bytes: encode(headTags(text)) },
  ]);
  await writeRecord(fs, dir, { kind: 'icons', key: folder, hash, files });
  return Object.keys(files);
}
