// Packing sprites into atlas pages: trim each sprite's transparent border (remembering where its
// pixels sat), sort them into one fixed order, pack with MaxRects, draw the pages and repeat each
// frame's edge pixels into its extrusion border. The order is a total one (size, then name), so
// the same sprites give the same pages and data byte for byte, whatever order they came in.
import { t } from '../l10n';
import type { RgbaImage } from '../image/pngCodec';
import { blankImage, blitImage, cropImage, extrudeEdges, opaqueBounds } from '../image/raster';
import type { AtlasData, FrameRecord, PageRecord } from './atlasData';
import { packBoxes } from './maxRects';

/** One sprite to pack. */
export interface AtlasSprite {
  /** The frame name: an asset path without extension, or a sheet's cell name. */
  name: string;
  image: RgbaImage;
  /** Pivot as fractions of the image (a sheet's registration point); the centre when absent. */
  anchor?: { x: number; y: number };
}

/** How an atlas is packed. */
export interface AtlasOptions {
  /** Free pixels between frames (beyond their extrusion). */
  padding: number;
  /** Pixels of each frame's edge repeated outward. */
  extrude: number;
  /** Cut transparent borders (the data keeps the untrimmed size and offset). */
  trim: boolean;
  /** Largest page side; more pages when the frames do not fit one. */
  maxSize: number;
  /** Page sides rounded up to powers of two. */
  powerOfTwo?: boolean;
  /** Page image file names by page index (page 0 first). */
  pageName: (index: number) => string;
}

/** The packed atlas: page images and the data describing them. */
export interface PackedAtlas {
  pages: RgbaImage[];
  data: AtlasData;
}

interface Prepared {
  sprite: AtlasSprite;
  pixels: RgbaImage;
  source: { x: number; y: number; w: number; h: number };
  trimmed: boolean;
}

/** Packs `sprites` into pages under `options`; refuses duplicate names and sprites larger than a page. */
export function packAtlas(sprites: readonly AtlasSprite[], options: AtlasOptions): PackedAtlas {
  const seen = new Set<string>();
  for (const s of sprites) {
    if (seen.has(s.name)) throw new RangeError(t('Two frames of the atlas are named "{name}".', { name: s.name }));
    seen.add(s.name);
  }
  const prepared = sprites.map((sprite) => prepare(sprite, options.trim));
  const order = prepared
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const [pa, pb] = [a.p.pixels, b.p.pixels];
      return (
        Math.max(pb.width, pb.height) - Math.max(pa.width, pa.height) ||
        pb.height - pa.height ||
        pb.width - pa.width ||
        (a.p.sprite.name < b.p.sprite.name ? -1 : a.p.sprite.name > b.p.sprite.name ? 1 : 0)
      );
    });
  const border = options.extrude * 2;
  let packed;
  try {
    packed = packBoxes(
      order.map(({ p, i }) => ({ width: p.pixels.width + border, height: p.pixels.height + border, index: i })),
      { maxSize: options.maxSize, padding: options.padding, powerOfTwo: options.powerOfTwo },
    );
  } catch (err) {
    const big = prepared.find((p) => Math.max(p.pixels.width, p.pixels.height) + border > options.maxSize);
    if (!big) throw err;
    throw new RangeError(
      t('The frame "{name}" ({width}x{height}) does not fit an atlas page of {max} px.', {
        name: big.sprite.name,
        width: big.pixels.width,
        height: big.pixels.height,
        max: options.maxSize,
      }),
    );
  }
  const pages: RgbaImage[] = [];
  const records: PageRecord[] = packed.map((page, pageIndex) => {
    const image = blankImage(page.width, page.height);
    const frames: FrameRecord[] = page.boxes.map(({ index, x, y }) => {
      const p = prepared[index]!;
      const frame = { x: x + options.extrude, y: y + options.extrude, w: p.pixels.width, h: p.pixels.height };
      blitImage(image, p.pixels, frame.x, frame.y);
      extrudeEdges(image, frame, options.extrude);
      return {
        name: p.sprite.name,
        frame,
        trimmed: p.trimmed,
        spriteSourceSize: p.source,
        sourceSize: { w: p.sprite.image.width, h: p.sprite.image.height },
        anchor: p.sprite.anchor ?? { x: 0.5, y: 0.5 },
      };
    });
    frames.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    pages.push(image);
    return { image: options.pageName(pageIndex), width: page.width, height: page.height, frames };
  });
  return { pages, data: { pages: records, animations: [] } };
}

function prepare(sprite: AtlasSprite, trim: boolean): Prepared {
  const { width, height } = sprite.image;
  const whole = { x: 0, y: 0, w: width, h: height };
  if (!trim) return { sprite, pixels: sprite.image, source: whole, trimmed: false };
  // A fully transparent sprite keeps one transparent pixel, as TexturePacker does.
  const bounds = opaqueBounds(sprite.image) ?? { x: 0, y: 0, w: 1, h: 1 };
  const trimmed = bounds.w !== width || bounds.h !== height;
  return { sprite, pixels: trimmed ? cropImage(sprite.image, bounds) : sprite.image, source: trimmed ? bounds : whole, trimmed };
}
