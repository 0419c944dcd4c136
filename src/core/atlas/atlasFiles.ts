// Which files a sheet or an atlas writes, by output path: the pages (`ui.png`, then `ui-1.png`,
// `ui-2.png`…) and one data file per format beside them, each name fixed so two formats never
// collide and a build system can rely on them: `ui.json` (JSON Hash), `ui.array.json` (JSON
// Array), `ui.multiatlas.json` (Phaser 3) and `ui.tres` (Godot 4). JSON Hash and Array write one
// file per page (`ui-1.json`…), as TexturePacker's multipack does.
import type { AtlasData, AtlasFormat } from './atlasData';
import { godotSpriteFrames } from './formats/godotTres';
import { phaser3MultiAtlas } from './formats/phaser3Json';
import { texturePackerJson } from './formats/texturePackerJson';

/** A text file to write, by its path (relative to the manifest, with `/`). */
export interface TextFile {
  path: string;
  text: string;
}

function splitPath(outPath: string): { dir: string; stem: string } {
  const slash = outPath.lastIndexOf('/');
  const dir = outPath.slice(0, slash + 1);
  const name = outPath.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return { dir, stem: dot > 0 ? name.slice(0, dot) : name };
}

/** Page `index`'s image path for an atlas or sheet at `outPath` (page 0 is `outPath` itself). */
export function pagePath(outPath: string, index: number): string {
  if (index === 0) return outPath;
  const { dir, stem } = splitPath(outPath);
  return `${dir}${stem}-${index}.png`;
}

/** Page `index`'s image file name, as data files beside it name it. */
export function pageFileName(outPath: string, index: number): string {
  const path = pagePath(outPath, index);
  return path.slice(path.lastIndexOf('/') + 1);
}

const SUFFIX: Record<AtlasFormat, string> = {
  'json-hash': '.json',
  'json-array': '.array.json',
  phaser3: '.multiatlas.json',
  godot: '.tres',
};

/** The data files of `formats` for the atlas or sheet at `outPath`. */
export function atlasDataFiles(outPath: string, data: AtlasData, formats: readonly AtlasFormat[]): TextFile[] {
  const { dir, stem } = splitPath(outPath);
  const perPage = (suffix: string) => (page: number) => `${stem}${page === 0 ? '' : `-${page}`}${suffix}`;
  const files: TextFile[] = [];
  for (const format of formats) {
    if (format === 'json-hash' || format === 'json-array') {
      const name = perPage(SUFFIX[format]);
      texturePackerJson(data, format === 'json-hash' ? 'hash' : 'array', name).forEach((text, i) =>
        files.push({ path: dir + name(i), text }),
      );
    } else if (format === 'phaser3') files.push({ path: `${dir}${stem}${SUFFIX.phaser3}`, text: phaser3MultiAtlas(data) });
    else files.push({ path: `${dir}${stem}${SUFFIX.godot}`, text: godotSpriteFrames(data) });
  }
  return files;
}

/** The data files' paths `formats` write for `pageCount` pages (what a status check expects on disk). */
export function dataFilePaths(outPath: string, formats: readonly AtlasFormat[], pageCount: number): string[] {
  const empty: AtlasData = {
    pages: Array.from({ length: pageCount }, () => ({ image: '', width: 0, height: 0, frames: [] })),
    animations: [],
  };
  return atlasDataFiles(outPath, empty, formats).map((f) => f.path);
}
