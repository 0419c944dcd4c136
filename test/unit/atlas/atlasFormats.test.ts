// Each data format checked the way its engine reads it (test/support/engineReaders.ts follows
// Phaser's parsers and Godot's text resources): TexturePacker JSON Hash and Array, Phaser 3
// multi-atlas, Godot 4 SpriteFrames with AtlasTexture regions.
import assert from 'node:assert/strict';
import { atlasDataFiles, pageFileName } from '../../../src/core/atlas/atlasFiles';
import type { AtlasData } from '../../../src/core/atlas/atlasData';
import { packAtlas } from '../../../src/core/atlas/packAtlas';
import { readGodotAnimations, readPhaserAtlas, readPhaserMultiAtlas, readRect2, readTres } from '../../support/engineReaders';
import { icon, ICONS } from './atlasFixtures';

const OPTIONS = { padding: 2, extrude: 1, trim: true, maxSize: 2048, pageName: (i: number) => pageFileName('atlas/ui.png', i) };
const atlas = () => packAtlas(ICONS, OPTIONS);
const file = (files: Array<{ path: string; text: string }>, path: string) => {
  const found = files.find((f) => f.path === path);
  assert.ok(found, `no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return found.text;
};

/** A two-page atlas with an animation, for the multi-page shapes. */
function twoPages(): AtlasData {
  const tiles = Array.from({ length: 6 }, (_, i) => ({ name: `walk_${i}`, image: icon(60, 60, 0, [i * 30, 10, 10]) }));
  const packed = packAtlas(tiles, { ...OPTIONS, maxSize: 128 });
  return { ...packed.data, animations: [{ name: 'walk', frames: tiles.map((t) => t.name), fps: 12, loop: true }] };
}

describe('atlas data: TexturePacker JSON Hash and Array', () => {
  it('writes the JSON Hash Phaser and Pixi read as it is', () => {
    const { data } = atlas();
    const json = JSON.parse(file(atlasDataFiles('atlas/ui.png', data, ['json-hash']), 'atlas/ui.json'));
    assert.deepEqual(Object.keys(json), ['frames', 'animations', 'meta']);
    assert.deepEqual(Object.keys(json.frames), ['icons/play', 'icons/settings', 'icons/stop']);
    assert.deepEqual(Object.keys(json.frames['icons/play']), ['frame', 'rotated', 'trimmed', 'spriteSourceSize', 'sourceSize', 'anchor']);
    const page = data.pages[0]!;
    assert.deepEqual(json.meta, {
      app: 'Image Studio',
      version: '1.0',
      image: 'ui.png',
      format: 'RGBA8888',
      size: { w: page.width, h: page.height },
      scale: '1',
      frameTags: [],
    });
    const frames = readPhaserAtlas(json);
    const play = frames.find((f) => f.name === 'icons/play')!;
    assert.deepEqual(play.trim, [64, 64, 12, 12, 40, 40], 'Phaser restores the untrimmed size from sourceSize and spriteSourceSize');
    assert.deepEqual(play.pivot, [0.5, 0.5]);
    assert.equal(frames.find((f) => f.name === 'icons/stop')!.trim, undefined);
  });

  it('writes the JSON Array with `filename` and the same frames', () => {
    const { data } = atlas();
    const files = atlasDataFiles('atlas/ui.png', data, ['json-hash', 'json-array']);
    const array = JSON.parse(file(files, 'atlas/ui.array.json'));
    assert.ok(Array.isArray(array.frames));
    assert.deepEqual(
      array.frames.map((f: { filename: string }) => f.filename),
      ['icons/play', 'icons/settings', 'icons/stop'],
    );
    assert.deepEqual(readPhaserAtlas(array), readPhaserAtlas(JSON.parse(file(files, 'atlas/ui.json'))));
  });

  it('writes one file per page, names the others, and tags animations that run in order', () => {
    const data = twoPages();
    const files = atlasDataFiles('atlas/ui.png', data, ['json-hash']);
    assert.deepEqual(
      files.map((f) => f.path),
      ['atlas/ui.json', 'atlas/ui-1.json'],
    );
    const [first, second] = files.map((f) => JSON.parse(f.text));
    assert.equal(first.meta.image, 'ui.png');
    assert.equal(second.meta.image, 'ui-1.png');
    assert.deepEqual(first.meta.related_multi_packs, ['ui-1.json']);
    assert.deepEqual(second.meta.related_multi_packs, ['ui.json']);
    // The animation goes with the page of its first frame.
    const holder = first.frames.walk_0 ? first : second;
    assert.deepEqual(holder.animations.walk, ['walk_0', 'walk_1', 'walk_2', 'walk_3', 'walk_4', 'walk_5']);
    const sheet: AtlasData = {
      pages: [{ ...data.pages[0]!, frames: data.pages.flatMap((p) => p.frames).sort((a, b) => (a.name < b.name ? -1 : 1)) }],
      animations: [...data.animations, { name: 'skip', frames: ['walk_0', 'walk_2'], fps: 8, loop: true }],
    };
    const tags = JSON.parse(atlasDataFiles('s.png', sheet, ['json-hash'])[0]!.text).meta.frameTags;
    assert.deepEqual(tags, [{ name: 'walk', from: 0, to: 5, direction: 'forward' }], 'only a run of consecutive frames is a frame tag');
  });
});

describe('atlas data: Phaser 3 multi-atlas', () => {
  it('lists every page in textures[] with its frames, as load.multiatlas reads them', () => {
    const data = twoPages();
    const json = JSON.parse(file(atlasDataFiles('atlas/ui.png', data, ['phaser3']), 'atlas/ui.multiatlas.json'));
    assert.deepEqual(Object.keys(json), ['textures', 'meta']);
    assert.deepEqual(Object.keys(json.textures[0]), ['image', 'format', 'size', 'scale', 'frames']);
    const read = readPhaserMultiAtlas(json);
    assert.deepEqual(read.images, ['ui.png', 'ui-1.png']);
    assert.equal(read.frames.length, 6);
    assert.deepEqual(json.textures[1].size, { w: data.pages[1]!.width, h: data.pages[1]!.height });
    assert.equal(json.textures[0].scale, 1);
  });
});

describe('atlas data: Godot 4 SpriteFrames', () => {
  it('declares the pages, one AtlasTexture per frame with its region and trim margin, and counts load steps', () => {
    const { data } = atlas();
    const text = file(atlasDataFiles('atlas/ui.png', data, ['godot']), 'atlas/ui.tres');
    const sections = readTres(text);
    const [head, ...rest] = sections;
    assert.equal(head!.kind, 'gd_resource');
    assert.deepEqual([head!.attrs.type, head!.attrs.format], ['SpriteFrames', '3']);
    const ext = rest.filter((s) => s.kind === 'ext_resource');
    const sub = rest.filter((s) => s.kind === 'sub_resource');
    assert.equal(Number(head!.attrs.load_steps), ext.length + sub.length + 1);
    assert.deepEqual(
      ext.map((e) => [e.attrs.type, e.attrs.path, e.attrs.id]),
      [['Texture2D', 'ui.png', 'page_0']],
    );
    const frames = data.pages[0]!.frames;
    sub.forEach((s, i) => {
      const f = frames[i]!;
      assert.equal(s.attrs.type, 'AtlasTexture');
      assert.equal(s.props.atlas, 'ExtResource("page_0")');
      assert.deepEqual(readRect2(s.props.region!), [f.frame.x, f.frame.y, f.frame.w, f.frame.h]);
      assert.equal(s.props.filter_clip, 'true');
      if (f.trimmed) {
        // Godot draws region.size + margin.size with the pixels at margin.position: the untrimmed image.
        const m = readRect2(s.props.margin!);
        assert.deepEqual(
          [m[0], m[1], m[2] + f.frame.w, m[3] + f.frame.h],
          [f.spriteSourceSize.x, f.spriteSourceSize.y, f.sourceSize.w, f.sourceSize.h],
        );
      } else assert.equal(s.props.margin, undefined);
    });
    const resource = rest.find((s) => s.kind === 'resource')!;
    const animations = readGodotAnimations(resource.props.animations!);
    assert.deepEqual(
      animations.map((a) => [a.name, a.frames.length, a.loop]),
      frames.map((f) => [f.name, 1, false]),
      'every frame is reachable by its name',
    );
  });

  it('writes declared animations at their fps with every page as a texture', () => {
    const data = twoPages();
    const sections = readTres(atlasDataFiles('atlas/ui.png', data, ['godot'])[0]!.text);
    assert.deepEqual(
      sections.filter((s) => s.kind === 'ext_resource').map((e) => e.attrs.path),
      ['ui.png', 'ui-1.png'],
      'page paths relative to the .tres (Godot resolves them against its folder)',
    );
    const animations = readGodotAnimations(sections.find((s) => s.kind === 'resource')!.props.animations!);
    assert.equal(animations.length, 1);
    const [walk] = animations;
    assert.deepEqual([walk!.name, walk!.speed, walk!.loop, walk!.frames.length], ['walk', 12, true, 6]);
    const subIds = new Set(sections.filter((s) => s.kind === 'sub_resource').map((s) => `sub:${s.attrs.id}`));
    for (const f of walk!.frames) {
      assert.ok(subIds.has(f.texture), `${f.texture} is not a declared sub-resource`);
      assert.equal(f.duration, 1);
    }
    assert.match(sections.find((s) => s.kind === 'resource')!.props.animations!, /"speed": 12\.0/);
    assert.match(sections.find((s) => s.kind === 'resource')!.props.animations!, /"name": &"walk"/);
  });
});
