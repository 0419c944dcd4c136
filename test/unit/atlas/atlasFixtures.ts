// Icons made by code for the atlas tests: a coloured square inside a transparent border.
import type { AtlasSprite } from '../../../src/core/atlas/packAtlas';
import type { RgbaImage } from '../../support/png';

/** An icon of `size` with a coloured square of `inner` px at (`at`, `at`), transparent around it. */
export function icon(size: number, inner: number, at: number, rgb: [number, number, number]): RgbaImage {
  const image: RgbaImage = { width: size, height: size, data: new Uint8Array(size * size * 4) };
  for (let y = at; y < at + inner; y++)
    for (let x = at; x < at + inner; x++) image.data.set([rgb[0], rgb[1], (rgb[2] + x * 7 + y * 3) & 0xff, 255], (y * size + x) * 4);
  return image;
}

export const ICONS: AtlasSprite[] = [
  { name: 'icons/play', image: icon(64, 40, 12, [220, 40, 40]) },
  { name: 'icons/stop', image: icon(48, 48, 0, [40, 200, 40]) },
  { name: 'icons/settings', image: icon(96, 30, 33, [40, 40, 220]) },
];
