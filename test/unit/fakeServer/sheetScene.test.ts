// The fake's sprite sheets: a sheet prompt gets a grid of distinct figures on the asked key colour
// that the real cutter cuts into as many non-empty, registered frames.
import assert from 'node:assert/strict';
import { sheetRequests } from '../../../src/core/assets/sections/sheetSection';
import { buildSheetFromGrid } from '../../../src/core/sheets/buildSheet';
import { flatColourKeyer } from '../../../src/core/sheets/keying';
import { paintSheet } from '../../fakeServer/sheetScene';
import { colourCentre, TORSO } from '../../support/figures';
import { cropImage } from '../../../src/core/image/raster';

describe('fake Images API: sprite sheets', () => {
  it('answers the grid Image Studio asks for, one distinct figure per cell on the key colour', async () => {
    const [request] = sheetRequests(
      { prompt: 'a knight', grid: '4x2', cell: '128x128', background: { kind: 'colour', hex: '#ff00ff' }, formats: ['json-hash'] },
      {},
    );
    const image = paintSheet(1536, 1024, request!.prompt, false, 0)!;
    assert.deepEqual(Array.from(image.data.subarray(0, 4)), [255, 0, 255, 255], 'the background is not the asked key colour');
    const sheet = await buildSheetFromGrid(image, { columns: 4, rows: 2 }, flatColourKeyer(), {
      imageName: 's.png',
      base: 's',
      cell: { width: 128, height: 128 },
    });
    assert.deepEqual(sheet.emptyFrames, []);
    const frames = new Set(sheet.layout.cells.map((c) => Buffer.from(cropImage(sheet.image, c).data).toString('base64')));
    assert.equal(frames.size, 8, 'two frames are the same picture');
    const torsos = sheet.layout.cells.map((c) => colourCentre(cropImage(sheet.image, c), TORSO, 90)!.x);
    assert.ok(Math.max(...torsos) - Math.min(...torsos) <= 1, `torsos ${torsos}`);
    assert.equal(paintSheet(64, 64, 'a castle', false, 0), undefined, 'a plain prompt still gets a scene');
  });
});
