// The Studio from the keyboard alone: the prompt has the focus when the page opens and when it is
// restored; the mask is painted with the arrow keys and Space (undo and redo included), and the
// mask sent is exactly the dabs painted; progress and results are announced by a live region.
import assert from 'node:assert/strict';
import { decodePngRgba } from '../support/png';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { openEditInput, startStudio } from './support/studioScenes';

const W = 320;
const H = 240;

/** Presses Tab until `selector` has the focus (at most 80 times). */
async function tabTo(s: StudioPage, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await s.page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await s.page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** The mask bytes of the last posted `edit`. */
async function postedMask(s: StudioPage): Promise<Uint8Array> {
  const edit = await s.nextPosted('edit');
  const bytes = edit.body.params.mask?.bytes as unknown as Record<string, number> | undefined;
  assert.ok(bytes, 'the edit carries a mask');
  return Uint8Array.from(Object.values(bytes));
}

describe('Studio from the keyboard (Chromium, strict CSP)', function () {
  this.timeout(120000);
  let s: StudioPage;

  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('opens with the focus in the prompt, and gets it back after a reload with the prompt restored', async () => {
    s = await openStudioPage();
    await startStudio(s);
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'prompt');
    await s.page.keyboard.type('a lighthouse at dusk');
    await s.page.reload();
    await startStudio(s);
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'prompt');
    assert.equal(await s.page.inputValue('#prompt'), 'a lighthouse at dusk');
  });

  it('paints a mask with the arrow keys and Space, undoes and redoes, and sends exactly those dabs', async () => {
    s = await openStudioPage({}, { width: 1100, height: 900 });
    await startStudio(s);
    await s.theme('dark');
    await openEditInput(s, 'meadow.png', await encodeWithSharp(gradientRgba(W, H), 'png'));
    await s.page.focus('#prompt');
    await s.page.keyboard.type('the same meadow with a red barn');
    await tabTo(s, '.mask-painter__stage');
    const area = s.page.getByRole('application', { name: 'Painting area' });
    assert.equal(await area.count(), 1);
    assert.match((await area.getAttribute('aria-describedby')) ?? '', /mask-help/);
    assert.match((await s.page.textContent('#mask-help')) ?? '', /arrow keys move the brush/);

    // The brush starts at the centre (160, 120); Shift+arrow is 5% of 240 = 12 px, the radius 4% = 10 px.
    const press = async (key: string, times = 1) => {
      for (let i = 0; i < times; i++) await s.page.keyboard.press(key);
    };
    await press('Shift+ArrowLeft', 2); // (136, 120)
    await press('Space');
    await press('Shift+ArrowRight', 4); // (184, 120)
    await press('Enter');
    await press('Control+z');
    await press('Control+Shift+Z');
    await press('Shift+ArrowUp', 5); // (184, 60)
    await press('e');
    await press('Space'); // erasing where nothing is painted changes nothing
    await press('b');
    await press('ArrowDown', 3); // 1% of 240 = 2 px a step: (184, 66)
    await press('Space');
    assert.equal(await s.page.evaluate(() => document.activeElement?.classList.contains('mask-painter__stage')), true);
    const ring = await s.page.$eval('.mask-painter__key-cursor', (e) => getComputedStyle(e).display);
    assert.equal(ring, 'block', 'the brush ring is shown');
    const shot = await s.screenshot('keyboard-mask');
    console.log(`      ${shot}`);

    await press('Control+Enter');
    const mask = decodePngRgba(await postedMask(s));
    assert.deepEqual([mask.width, mask.height], [W, H]);
    const alpha = (x: number, y: number) => mask.data[(y * W + x) * 4 + 3];
    for (const [x, y] of [
      [136, 120],
      [184, 120],
      [184, 66],
      [144, 120],
    ] as const)
      assert.equal(alpha(x, y), 0, `painted at ${x},${y}`);
    for (const [x, y] of [
      [160, 120],
      [10, 10],
      [184, 90],
      [136, 100],
    ] as const)
      assert.equal(alpha(x, y), 255, `untouched at ${x},${y}`);
    let painted = 0;
    for (let i = 3; i < mask.data.length; i += 4) if (mask.data[i] === 0) painted++;
    const dab = Math.PI * 10 * 10;
    assert.ok(painted > 2.5 * dab && painted < 3.5 * dab, `three dabs of radius 10 (${painted} pixels)`);
  });

  it('announces the status line politely, errors assertively', async () => {
    s = await openStudioPage();
    await startStudio(s);
    assert.deepEqual(await s.page.$eval('#status', (e) => [e.getAttribute('role'), e.getAttribute('aria-live')]), ['status', 'polite']);
    await s.page.fill('#prompt', '');
    await s.page.click('#generate');
    await s.page.waitForFunction(() => document.getElementById('status')?.getAttribute('role') === 'alert');
    assert.match((await s.page.textContent('#status')) ?? '', /prompt is empty/);
  });
});
