// Sprite sheets: a generated grid cut into its cells, each keyed, cleaned, trimmed and registered
// (core column and baseline, not the bounding box), laid out at the uniform cell size.
import assert from 'node:assert/strict';
import { cropImage, opaqueBounds } from '../../../src/core/image/raster';
import { buildSheetFromCells, buildSheetFromGrid } from '../../../src/core/sheets/buildSheet';
import { keepFigureBlobs } from '../../../src/core/sheets/cellCleanup';
import { gridCells, parseCellSize, parseGrid } from '../../../src/core/sheets/gridCut';
import { cornerColour, flatColourKeyer, keepAlpha } from '../../../src/core/sheets/keying';
import { registrationPoint } from '../../../src/core/sheets/registration';
import { frameNames, resolveAnimations } from '../../../src/core/sheets/sheetFrames';
import { layoutCells } from '../../../src/core/sheets/sheetLayout';
import { colourCentre, figureGrid, KEY_GREEN, paintFigure, TORSO, WALK_POSES } from '../../support/figures';
import type { RgbaImage } from '../../support/png';

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
const frameImages = (sheet: { image: RgbaImage; layout: { cells: Array<{ x: number; y: number; w: number; h: number }> } }) =>
  sheet.layout.cells.map((rect) => cropImage(sheet.image, rect));
const options = { imageName: 'walk.png', base: 'walk' };

describe('sprite sheets: cutting a grid', () => {
  it('parses grids and cell sizes and covers every pixel once', () => {
    assert.deepEqual(parseGrid('4x2'), { columns: 4, rows: 2 });
    assert.deepEqual(parseCellSize('128x96'), { width: 128, height: 96 });
    for (const bad of ['4', '0x2', 'ax2', '4x2x1', '17x17']) assert.equal(parseGrid(bad), undefined, bad);
    assert.equal(parseCellSize('5000x10'), undefined);
    const cells = gridCells({ width: 1023, height: 1021 }, { columns: 4, rows: 3 });
    assert.equal(cells.length, 12);
    assert.equal(
      cells.reduce((s, c) => s + c.w * c.h, 0),
      1023 * 1021,
    );
    assert.deepEqual([cells[3]!.x + cells[3]!.w, cells[11]!.y + cells[11]!.h], [1023, 1021]);
  });

  it('takes the background from the corners and keys it with a despilled edge', () => {
    const grid = figureGrid(1, 1, 128, [WALK_POSES[0]!]);
    assert.deepEqual(cornerColour(grid), [...KEY_GREEN, 255]);
    const keyed = flatColourKeyer()(grid) as RgbaImage;
    assert.equal(keyed.data[3], 0, 'the corner is still opaque');
    const bounds = opaqueBounds(keyed)!;
    assert.deepEqual([bounds.w, bounds.h], [16 + 26, 36 + 12 + 16], 'keying took part of the figure or left background');
  });
});

describe('sprite sheets: registration', () => {
  it('keeps the torso column fixed to 1 px across 8 frames whose arm swings (bounding boxes would not)', async () => {
    const grid = figureGrid(4, 2, 128, WALK_POSES);
    const sheet = await buildSheetFromGrid(grid, parseGrid('4x2')!, flatColourKeyer(), { ...options, cell: { width: 128, height: 128 } });
    assert.deepEqual([sheet.image.width, sheet.image.height, sheet.layout.columns, sheet.layout.rows], [1024, 128, 8, 1]);
    const frames = frameImages(sheet);
    const torsos = frames.map((f) => colourCentre(f, TORSO)!);
    assert.ok(spread(torsos.map((c) => c.x)) <= 1, `torso x moved: ${torsos.map((c) => c.x.toFixed(1))}`);
    const feet = frames.map((f) => opaqueBounds(f, 127)!);
    assert.equal(spread(feet.map((b) => b.y + b.h)), 0, 'the baseline moved');
    // The same frames centred by their bounding boxes: the arm drags the torso sideways.
    const boxCentred = WALK_POSES.map((pose) => {
      const left = Math.min(pose.x, pose.x + pose.arm);
      const right = Math.max(pose.x + 16, pose.x + 16 + pose.arm);
      return pose.x + 8 - (left + right) / 2;
    });
    assert.ok(spread(boxCentred) > 20, 'the fixture no longer tests registration');
  });

  it('holds registration when frames are scaled down to a smaller cell, at a given pivot', async () => {
    const grid = figureGrid(4, 2, 128, WALK_POSES);
    const sheet = await buildSheetFromGrid(grid, { columns: 4, rows: 2 }, flatColourKeyer(), {
      ...options,
      cell: { width: 48, height: 48 },
      pivot: [0.5, 0.9],
    });
    assert.ok(sheet.scale < 1 && sheet.scale > 0.3, `scale ${sheet.scale}`);
    const frames = frameImages(sheet);
    const torsos = frames.map((f) => colourCentre(f, TORSO, 120)!);
    assert.ok(spread(torsos.map((c) => c.x)) <= 1, `torso x moved: ${torsos.map((c) => c.x.toFixed(2))}`);
    for (const f of frames) {
      const b = opaqueBounds(f, 127)!;
      assert.ok(Math.abs(b.y + b.h - 0.9 * 48) <= 1, `feet at ${b.y + b.h}, pivot asks 43.2`);
      assert.ok(b.x >= 0 && b.x + b.w <= 48);
    }
    assert.deepEqual(sheet.data.pages[0]!.frames[0]!.anchor, sheet.data.pages[0]!.frames[7]!.anchor);
    assert.ok(Math.abs(sheet.data.pages[0]!.frames[0]!.anchor.y - 0.9) < 0.02);
  });

  it('finds the trunk, not the limbs: the core column ignores a long arm', () => {
    const cell: RgbaImage = { width: 128, height: 128, data: new Uint8Array(128 * 128 * 4) };
    paintFigure(cell, 0, 0, { x: 50, feet: 120, arm: 40 });
    const point = registrationPoint(cell)!;
    assert.deepEqual(point, { column: 57, baseline: 119 });
  });

  it('drops specks and a neighbour’s limb at the edge, keeps a detached part near the middle', () => {
    const cell: RgbaImage = { width: 100, height: 100, data: new Uint8Array(100 * 100 * 4) };
    const paint = (x: number, y: number, w: number, h: number) => {
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) cell.data.set([9, 9, 9, 255], (r * 100 + c) * 4);
    };
    paint(40, 30, 20, 50); // the figure
    paint(2, 50, 6, 20); // a neighbour's hand at the left edge
    paint(90, 5, 1, 1); // a speck
    paint(65, 40, 6, 6); // a thrown ball, near the middle
    assert.equal(keepFigureBlobs(cell), 2);
    assert.deepEqual(opaqueBounds(cell), { x: 40, y: 30, w: 31, h: 50 });
  });
});

describe('sprite sheets: layout, names and animations', () => {
  it('wraps onto rows before passing 4096 px', () => {
    const layout = layoutCells(40, { width: 128, height: 64 });
    assert.deepEqual([layout.width, layout.height, layout.columns, layout.rows], [4096, 128, 32, 2]);
    assert.deepEqual(layout.cells[32], { x: 0, y: 64, w: 128, h: 64 });
    const spaced = layoutCells(3, { width: 10, height: 10 }, 2);
    assert.deepEqual([spaced.width, spaced.cells[2]!.x], [34, 24]);
  });

  it('names frames, resolves animations and refuses unknown frames', () => {
    assert.deepEqual(frameNames(3, 'walk', ['a']), ['a', 'walk_1', 'walk_2']);
    assert.throws(() => frameNames(2, 'w', ['x', 'x']), /used twice/);
    const names = ['w0', 'w1', 'w2'];
    assert.deepEqual(resolveAnimations(names), [{ name: 'default', frames: names, fps: 8, loop: true }]);
    assert.deepEqual(resolveAnimations(names, { walk: { frames: 'all', fps: 12, loop: false }, idle: { frames: ['w1'] } }), [
      { name: 'walk', frames: names, fps: 12, loop: false },
      { name: 'idle', frames: ['w1'], fps: 8, loop: true },
    ]);
    assert.throws(() => resolveAnimations(names, { run: { frames: ['w9'] } }), /"run" names a frame "w9"/);
  });

  it('builds the data for the sheet: one page, uniform untrimmed frames, reported empty cells', async () => {
    const grid = figureGrid(4, 1, 64, [
      { x: 20, feet: 60, arm: 0 },
      { x: 20, feet: 60, arm: 5 },
    ]);
    const sheet = await buildSheetFromGrid(grid, { columns: 4, rows: 1 }, flatColourKeyer(), {
      ...options,
      cell: { width: 64, height: 64 },
      names: ['a', 'b', 'c', 'd'],
      animations: { wave: { frames: ['a', 'b'], fps: 6 } },
    });
    assert.deepEqual(sheet.emptyFrames, ['c', 'd']);
    const page = sheet.data.pages[0]!;
    assert.deepEqual([page.image, page.width, page.height], ['walk.png', 256, 64]);
    assert.deepEqual(page.frames[1], {
      name: 'b',
      frame: { x: 64, y: 0, w: 64, h: 64 },
      trimmed: false,
      spriteSourceSize: { x: 0, y: 0, w: 64, h: 64 },
      sourceSize: { w: 64, h: 64 },
      anchor: page.frames[0]!.anchor,
    });
    assert.deepEqual(sheet.data.animations, [{ name: 'wave', frames: ['a', 'b'], fps: 6, loop: true }]);
  });

  it('registers frames that arrive one image each (the anchor-edit mode), of any size', async () => {
    const cells = [256, 200].map((size, i) => {
      const image: RgbaImage = { width: size, height: size, data: new Uint8Array(size * size * 4) };
      paintFigure(image, 0, 0, { x: 30 + i * 70, feet: size - 20 - i * 30, arm: i ? -30 : 30 });
      return image;
    });
    const sheet = await buildSheetFromCells(cells, keepAlpha, { ...options, cell: { width: 96, height: 96 } });
    const torsos = frameImages(sheet).map((f) => colourCentre(f, TORSO)!);
    assert.ok(spread(torsos.map((c) => c.x)) <= 1);
    assert.equal(sheet.emptyFrames.length, 0);
  });
});
