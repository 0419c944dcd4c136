// Phaser 3's multi-atlas (`this.load.multiatlas(key, url, path)`): one file whose `textures` list
// every page with its frames as JSON Array entries. Phaser loads each `image` from the loader's
// path, so the names are the page files' names and the path argument is their folder.
import { ATLAS_META, type AtlasData } from '../atlasData';

/** The multi-atlas file for all pages. */
export function phaser3MultiAtlas(data: AtlasData): string {
  const body = {
    textures: data.pages.map((page) => ({
      image: page.image,
      format: ATLAS_META.format,
      size: { w: page.width, h: page.height },
      scale: Number(ATLAS_META.scale),
      frames: page.frames.map((f) => ({
        filename: f.name,
        frame: f.frame,
        rotated: false,
        trimmed: f.trimmed,
        spriteSourceSize: f.spriteSourceSize,
        sourceSize: f.sourceSize,
        anchor: f.anchor,
      })),
    })),
    meta: { app: ATLAS_META.app, version: ATLAS_META.version },
  };
  return JSON.stringify(body, null, 2) + '\n';
}
