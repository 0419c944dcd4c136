// TexturePacker's JSON Hash and JSON Array, as Phaser 3 (`load.atlas`) and Pixi (`Spritesheet`)
// read them: one file per page; frames keyed by name (hash) or listed with `filename` (array);
// `animations` as name → frame names (Pixi); `meta.frameTags` as Aseprite writes them, for
// animations whose frames run in order on the page; `meta.related_multi_packs` naming the other
// pages' files (Pixi loads them too).
import { ATLAS_META, type AnimationRecord, type AtlasData, type FrameRecord, type PageRecord } from '../atlasData';

/** The keys of one TexturePacker frame, in TexturePacker's order. */
function frameBody(f: FrameRecord) {
  return {
    frame: f.frame,
    rotated: false,
    trimmed: f.trimmed,
    spriteSourceSize: f.spriteSourceSize,
    sourceSize: f.sourceSize,
    anchor: f.anchor,
  };
}

/** The animations a page's file carries: those whose first frame is on it. */
function pageAnimations(page: PageRecord, animations: readonly AnimationRecord[]): AnimationRecord[] {
  const here = new Set(page.frames.map((f) => f.name));
  return animations.filter((a) => a.frames.length > 0 && here.has(a.frames[0]!));
}

/** Aseprite-style tags for the animations that are a run of consecutive frames in the page's order. */
function frameTags(page: PageRecord, animations: readonly AnimationRecord[]) {
  const index = new Map(page.frames.map((f, i) => [f.name, i]));
  return animations.flatMap((a) => {
    const at = a.frames.map((name) => index.get(name) ?? -1);
    const run = at.every((v, i) => v >= 0 && (i === 0 || v === (at[i - 1] ?? 0) + 1));
    return run && at.length > 0 ? [{ name: a.name, from: at[0]!, to: at[at.length - 1]!, direction: 'forward' }] : [];
  });
}

function meta(page: PageRecord, related: string[], animations: readonly AnimationRecord[]) {
  return {
    app: ATLAS_META.app,
    version: ATLAS_META.version,
    image: page.image,
    format: ATLAS_META.format,
    size: { w: page.width, h: page.height },
    scale: ATLAS_META.scale,
    frameTags: frameTags(page, animations),
    ...(related.length ? { related_multi_packs: related } : {}),
  };
}

/** The data file of each page in `layout` ('hash' or 'array'); `dataName(i)` is page i's data file name. */
export function texturePackerJson(data: AtlasData, layout: 'hash' | 'array', dataName: (page: number) => string): string[] {
  return data.pages.map((page, i) => {
    const animations = pageAnimations(page, data.animations);
    const related = data.pages.map((_, j) => dataName(j)).filter((_, j) => j !== i);
    const frames =
      layout === 'hash'
        ? Object.fromEntries(page.frames.map((f) => [f.name, frameBody(f)]))
        : page.frames.map((f) => ({ filename: f.name, ...frameBody(f) }));
    const body = {
      frames,
      animations: Object.fromEntries(animations.map((a) => [a.name, a.frames])),
      meta: meta(page, related, animations),
    };
    return JSON.stringify(body, null, 2) + '\n';
  });
}
