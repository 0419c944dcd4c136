// Reviewing a rebuilt sheet frame by frame: the frames and animations the Studio plays, the
// replaced generation's frames cut the same way beside them, then Keep or Revert (no request).
import assert from 'node:assert/strict';
import { readSections } from '../../../src/core/assets/sections/readSections';
import { hasPreviousGeneration, keepSheet, revertSheet, sheetPreview } from '../../../src/core/assets/sections/sheetReview';
import { buildSheet, sheetStatus, type SheetContext, type SheetRequest } from '../../../src/core/assets/sections/sheetSection';
import { figureGrid, WALK_POSES } from '../../support/figures';
import { decodePngRgba, encodeRgbaPng } from '../../support/png';
import { MemoryFileSystem } from './memoryFileSystem';

const PATH = 'sprites/walk.png';

function spec(prompt: string) {
  const sections = readSections(
    {
      sheets: {
        [PATH]: {
          prompt,
          grid: '4x2',
          cell: '64x64',
          animations: { walk: { frames: 'all', fps: 12 }, wave: { frames: ['walk_1', 'walk_0'], loop: false } },
        },
      },
    },
    new Set(),
    (p, m) => assert.fail(`${p.join('.')}: ${m}`),
  );
  return sections.sheets[PATH]!;
}

describe('sheet review', () => {
  it('plays the frames and animations, shows the replaced generation beside them, and reverts with no request', async () => {
    const fs = new MemoryFileSystem();
    const ctx: SheetContext = { fs, dir: '/p', styles: {}, inputHash: async () => undefined };
    const requests: SheetRequest[] = [];
    const make = async (r: SheetRequest) => {
      requests.push(r);
      // Each request draws the figures further along the walk, so the generations differ.
      const shift = requests.length;
      return new Uint8Array(
        encodeRgbaPng(
          figureGrid(
            4,
            2,
            128,
            WALK_POSES.map((_, i) => WALK_POSES[(i + shift) % 8]!),
          ),
        ),
      );
    };
    await buildSheet(PATH, spec('a knight'), ctx, make);
    let preview = await sheetPreview(PATH, spec('a knight'), ctx);
    assert.equal(preview.frames.length, 8);
    assert.deepEqual(decodePngRgba(preview.frames[3]!.png).width, 64);
    assert.deepEqual(preview.animations, [
      { name: 'walk', frames: [0, 1, 2, 3, 4, 5, 6, 7], fps: 12, loop: true },
      { name: 'wave', frames: [1, 0], fps: 8, loop: false },
    ]);
    assert.equal(preview.previous, undefined, 'a first build has nothing to compare with');

    await buildSheet(PATH, spec('a knight, new armour'), ctx, make);
    assert.equal(requests.length, 2);
    assert.ok(await hasPreviousGeneration(PATH, spec('a knight, new armour'), ctx));
    preview = await sheetPreview(PATH, spec('a knight, new armour'), ctx);
    assert.equal(preview.previous?.length, 8);
    assert.notDeepEqual(preview.previous![0]!.png, preview.frames[0]!.png, 'the previous frames are the new ones');
    const firstBuildFrame = preview.previous![0]!.png;

    await revertSheet(PATH, spec('a knight, new armour'), ctx, make);
    assert.equal(requests.length, 2, 'revert sent a request');
    assert.equal((await sheetStatus(PATH, spec('a knight, new armour'), ctx)).outputs.state, 'up-to-date');
    preview = await sheetPreview(PATH, spec('a knight, new armour'), ctx);
    assert.deepEqual(preview.frames[0]!.png, firstBuildFrame, 'revert did not bring the previous frames back');
    assert.equal(preview.previous, undefined);

    await buildSheet(PATH, spec('a knight, gold armour'), ctx, make);
    await keepSheet(PATH, spec('a knight, gold armour'), ctx);
    assert.equal(await hasPreviousGeneration(PATH, spec('a knight, gold armour'), ctx), false);
  });
});
