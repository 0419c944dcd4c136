// Atlas packing: trimmed frames placed by MaxRects inside their page, apart by the padding, with
// their edges extruded, and the same pages and data byte for byte however the inputs are ordered.
import assert from 'node:assert/strict';
import { atlasDataFiles, pageFileName, pagePath } from '../../../src/core/atlas/atlasFiles';
import { packAtlas, type AtlasOptions, type AtlasSprite } from '../../../src/core/atlas/packAtlas';
import { encodeRgbaPng } from '../../../src/core/image/pngCodec';
import { cropImage } from '../../../src/core/image/raster';
import type { RgbaImage } from '../../support/png';
import { icon, ICONS } from './atlasFixtures';

const OPTIONS: AtlasOptions = { padding: 2, extrude: 1, trim: true, maxSize: 2048, pageName: (i) => pageFileName('atlas/ui.png', i) };

const pixel = (image: RgbaImage, x: number, y: number) =>
  Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));

describe('atlas: packing', () => {
  it('keeps every frame inside its page and apart from the others by the padding', () => {
    const atlas = packAtlas(ICONS, OPTIONS);
    assert.equal(atlas.pages.length, 1);
    const page = atlas.data.pages[0]!;
    assert.deepEqual([page.width, page.height], [atlas.pages[0]!.width, atlas.pages[0]!.height]);
    const grown = page.frames.map((f) => ({ x: f.frame.x - 1, y: f.frame.y - 1, w: f.frame.w + 2, h: f.frame.h + 2 }));
    for (const r of grown)
      assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.w <= page.width && r.y + r.h <= page.height, `outside: ${JSON.stringify(r)}`);
    for (let i = 0; i < grown.length; i++)
      for (let j = i + 1; j < grown.length; j++) {
        const [a, b] = [grown[i]!, grown[j]!];
        const apart = a.x + a.w + 2 <= b.x || b.x + b.w + 2 <= a.x || a.y + a.h + 2 <= b.y || b.y + b.h + 2 <= a.y;
        assert.ok(apart, `frames ${i} and ${j} are closer than the padding`);
      }
  });

  it('records each frame’s own untrimmed size and where its pixels sat', () => {
    const atlas = packAtlas(ICONS, OPTIONS);
    const byName = new Map(atlas.data.pages[0]!.frames.map((f) => [f.name, f]));
    for (const sprite of ICONS) {
      const f = byName.get(sprite.name)!;
      assert.deepEqual(f.sourceSize, { w: sprite.image.width, h: sprite.image.height }, sprite.name);
      const kept = cropImage(atlas.pages[0]!, { x: f.frame.x, y: f.frame.y, w: f.frame.w, h: f.frame.h });
      assert.deepEqual(kept.data, cropImage(sprite.image, f.spriteSourceSize).data, `${sprite.name}: the page does not hold its pixels`);
    }
    assert.deepEqual(byName.get('icons/play')!.spriteSourceSize, { x: 12, y: 12, w: 40, h: 40 });
    assert.equal(byName.get('icons/play')!.trimmed, true);
    assert.equal(byName.get('icons/stop')!.trimmed, false, 'a sprite with no transparent border is not trimmed');
    assert.deepEqual(
      atlas.data.pages[0]!.frames.map((f) => f.name),
      ['icons/play', 'icons/settings', 'icons/stop'],
    );
  });

  it('repeats edge pixels into the extrusion border, corners included', () => {
    const atlas = packAtlas(ICONS, { ...OPTIONS, extrude: 2 });
    const page = atlas.pages[0]!;
    for (const f of atlas.data.pages[0]!.frames) {
      const { x, y, w, h } = f.frame;
      assert.deepEqual(pixel(page, x - 1, y + 3), pixel(page, x, y + 3), `${f.name} left`);
      assert.deepEqual(pixel(page, x + w + 1, y + h - 1), pixel(page, x + w - 1, y + h - 1), `${f.name} right`);
      assert.deepEqual(pixel(page, x - 2, y - 2), pixel(page, x, y), `${f.name} corner`);
      assert.deepEqual(pixel(page, x + 2, y + h + 1), pixel(page, x + 2, y + h - 1), `${f.name} bottom`);
    }
  });

  it('gives byte-identical pages and data for the same inputs in any order', async () => {
    const files = async (sprites: AtlasSprite[]) => {
      const atlas = packAtlas(sprites, OPTIONS);
      const pngs = await Promise.all(atlas.pages.map((p) => encodeRgbaPng(p)));
      return { pngs, data: atlasDataFiles('atlas/ui.png', atlas.data, ['json-hash', 'json-array', 'phaser3', 'godot']) };
    };
    // Two more of one size, so only the names can order them.
    const twins = [
      ...ICONS,
      { name: 'icons/a', image: icon(48, 48, 0, [1, 2, 3]) },
      { name: 'icons/b', image: icon(48, 48, 0, [9, 8, 7]) },
    ];
    const first = await files(twins);
    const again = await files(twins);
    const shuffled = await files([twins[4]!, twins[2]!, twins[0]!, twins[3]!, twins[1]!]);
    assert.deepEqual(again, first);
    assert.deepEqual(shuffled, first);
    assert.equal(first.data.length, 4);
    assert.equal(first.pngs.length, 1);
  });

  it('spills onto more pages under maxSize and refuses a frame larger than a page', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      name: `tile_${String(i).padStart(2, '0')}`,
      image: icon(60, 60, 0, [i * 20, 0, 0]),
    }));
    const atlas = packAtlas(many, { ...OPTIONS, maxSize: 128 });
    assert.equal(atlas.pages.length, 3, 'four 62 px frames 2 px apart fit a 128 px page (62 + 2 + 62 = 126)');
    assert.deepEqual(
      atlas.data.pages.map((p) => p.image),
      ['ui.png', 'ui-1.png', 'ui-2.png'],
    );
    for (const p of atlas.data.pages) assert.ok(p.width <= 128 && p.height <= 128);
    assert.equal(atlas.data.pages.flatMap((p) => p.frames).length, 12);
    assert.throws(() => packAtlas(many, { ...OPTIONS, maxSize: 50 }), /"tile_00" \(60x60\) does not fit an atlas page of 50 px/);
    assert.throws(() => packAtlas([ICONS[0]!, ICONS[0]!], OPTIONS), /named "icons\/play"/);
    assert.equal(pagePath('atlas/ui.png', 2), 'atlas/ui-2.png');
  });

  it('keeps a fully transparent sprite as one transparent pixel', () => {
    const atlas = packAtlas([{ name: 'empty', image: icon(10, 0, 0, [0, 0, 0]) }], OPTIONS);
    const f = atlas.data.pages[0]!.frames[0]!;
    assert.deepEqual([f.frame.w, f.frame.h, f.sourceSize.w, f.trimmed], [1, 1, 10, true]);
  });
});
