// Annotate mode (MarkupPainter) in Chromium under the strict CSP: real pointer and keyboard events,
// buttons whose accessible names are their visible words, the mask painter's undo/redo keys, and a
// transparent PNG of only the notes at the image's size (checked pixel by pixel in Node).
import assert from 'node:assert/strict';
import { decodePngRgba, type RgbaImage } from '../support/png';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { openHarnessPage, type HarnessPage } from './support/browserHarness';
import { labCall } from './support/labCall';

const W = 200;
const H = 150;
const alphaAt = (img: RgbaImage, x: number, y: number) => img.data[(Math.round(y) * img.width + Math.round(x)) * 4 + 3]!;
const rgbAt = (img: RgbaImage, x: number, y: number): [number, number, number] => {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
};

describe('MarkupPainter in Chromium (Annotate mode, strict CSP)', function () {
  this.timeout(120000);
  let h: HarnessPage;
  let image: Buffer;
  let rect: { left: number; top: number; width: number; height: number };

  before(async () => {
    h = await openHarnessPage({ entry: 'test/browser/pageScripts/imageLab.ts', css: ['media/markupPainter.css'] });
    image = await encodeWithSharp(gradientRgba(W, H), 'png');
  });
  beforeEach(async () => {
    rect = await labCall(h.page, 'openMarkup', image, 'image/png', 400);
  });
  after(async () => {
    assert.deepEqual(h.problems(), [], 'no console errors, page errors or CSP violations');
    await h.close();
  });

  /** CSS position on the page of an image point. */
  const at = (x: number, y: number) => [rect.left + (x * rect.width) / W, rect.top + (y * rect.height) / H] as const;
  const drag = async (from: [number, number], to: [number, number]) => {
    await h.page.mouse.move(...at(...from));
    await h.page.mouse.down();
    await h.page.mouse.move(...at(...to), { steps: 10 });
    await h.page.mouse.up();
  };
  const exported = async (width?: number, height?: number) => decodePngRgba(await labCall(h.page, 'exportMarkup', width, height));

  it('has real buttons whose accessible names are their visible words, and a labelled drawing area', async () => {
    const words = ['Pen', 'Highlighter', 'Arrow', 'Text', 'Red', 'Yellow', 'Green', 'Blue', 'White', 'Undo', 'Redo', 'Clear'];
    for (const name of words) assert.equal(await h.page.getByRole('button', { name, exact: true }).count(), 1, name);
    const buttons = await h.page.$$eval('.markup-painter button', (bs) =>
      bs.map((b) => ({ text: b.textContent?.trim(), aria: b.getAttribute('aria-label'), keys: b.getAttribute('aria-keyshortcuts') })),
    );
    assert.deepEqual(
      buttons.map((b) => b.text),
      words,
    );
    assert.ok(
      buttons.every((b) => b.aria === null),
      'no aria-label overrides a visible word',
    );
    assert.equal(buttons.find((b) => b.text === 'Undo')?.keys, 'Control+Z');
    assert.equal(await h.page.getByRole('application', { name: 'Drawing area' }).count(), 1);
    assert.match((await h.page.textContent('#markup-help')) ?? '', /^Drawing area: P pen/);
    assert.equal(await h.page.getAttribute('button:text-is("Pen")', 'aria-pressed'), 'true');
    assert.equal(await h.page.getAttribute('button:text-is("Red")', 'aria-pressed'), 'true');
    assert.equal(await h.page.isDisabled('button:text-is("Undo")'), true);
  });

  it('draws pen, highlighter, arrow and a text label, and exports only them on transparency at the image’s size', async () => {
    await drag([20, 30], [120, 30]);
    await h.page.click('button:text-is("Highlighter")');
    await h.page.click('button:text-is("Yellow")');
    await drag([20, 100], [120, 100]);
    await h.page.keyboard.press('a');
    await drag([150, 20], [150, 120]);
    await h.page.click('button:text-is("Text")');
    await h.page.mouse.click(...at(20, 60));
    await h.page.getByRole('textbox', { name: 'Label', exact: true }).fill('door');
    await h.page.keyboard.press('Enter');
    const state = await labCall(h.page, 'markupState');
    assert.deepEqual(
      state.operations.map((o) => (o.kind === 'stroke' ? `${o.tool} ${o.color}` : o.kind === 'clear' ? 'clear' : `${o.kind} ${o.color}`)),
      ['pen #e5202e', 'highlighter #ffd400', 'arrow #ffd400', 'text #ffd400'],
    );
    const [pen, , arrow, label] = state.operations;
    assert.ok(
      pen?.kind === 'stroke' && Math.abs(pen.points[0]!.x - 20) < 1 && Math.abs(pen.points.at(-1)!.y - 30) < 1,
      JSON.stringify(pen),
    );
    assert.ok(arrow?.kind === 'arrow' && Math.abs(arrow.to.y - 120) < 1, JSON.stringify(arrow));
    assert.ok(label?.kind === 'text' && label.text === 'door' && Math.abs(label.at.x - 20) < 1, JSON.stringify(label));
    assert.equal(state.hasNotes, true);

    const png = await exported();
    assert.deepEqual([png.width, png.height], [W, H], 'exported at the image’s size');
    assert.equal(alphaAt(png, 70, 30), 255, 'the pen is opaque');
    const [r, g, b] = rgbAt(png, 70, 30);
    assert.ok(r > 200 && g < 60 && b < 80, `red under the pen: ${r},${g},${b}`);
    const highlight = alphaAt(png, 70, 100);
    assert.ok(highlight > 95 && highlight < 135, `the highlighter lets the image through (alpha ${highlight})`);
    assert.equal(alphaAt(png, 150, 70), 255, 'the arrow’s shaft');
    assert.equal(alphaAt(png, 190, 145), 0, 'transparent where there is no note');
    let labelPixels = 0;
    for (let y = 60; y < 75; y++) for (let x = 20; x < 60; x++) if (alphaAt(png, x, y) > 200) labelPixels++;
    assert.ok(labelPixels > 20, `the label is drawn (${labelPixels} pixels)`);
    let opaque = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i]! > 0) opaque++;
    assert.ok(opaque < W * H * 0.35, `only the notes are drawn (${opaque} of ${W * H} pixels)`);

    const double = await exported(W * 2, H * 2);
    assert.deepEqual([double.width, double.height], [W * 2, H * 2]);
    assert.equal(alphaAt(double, 140, 60), 255, 'the pen at twice the size');
    assert.equal(alphaAt(double, 380, 290), 0);
  });

  it('undoes and redoes with the mask painter’s keys and the buttons; Clear is undoable', async () => {
    await drag([20, 30], [120, 30]);
    await drag([20, 60], [120, 60]);
    const count = async () => (await labCall(h.page, 'markupState')).operations.length;
    await h.page.focus('.markup-painter__stage');
    await h.page.keyboard.press('Control+z');
    assert.equal(await count(), 1);
    await h.page.keyboard.press('Control+Shift+z');
    assert.equal(await count(), 2);
    await h.page.keyboard.press('Control+z');
    await h.page.keyboard.press('Control+y');
    assert.equal(await count(), 2);
    await h.page.click('button:text-is("Clear")');
    let state = await labCall(h.page, 'markupState');
    assert.equal(state.hasNotes, false);
    assert.equal(await h.page.isDisabled('button:text-is("Clear")'), true);
    await h.page.click('button:text-is("Undo")');
    state = await labCall(h.page, 'markupState');
    assert.equal(state.hasNotes, true);
    assert.equal(state.operations.length, 2);
    assert.ok(state.changes >= 6, 'every change is reported');
  });

  it('is usable from the keyboard alone: Tab to the drawing area, arrow keys move the cursor, Enter draws, Escape cancels', async () => {
    await h.page.focus('button:text-is("Pen")');
    for (let i = 0; i < 15 && !(await h.page.evaluate(() => document.activeElement?.classList.contains('markup-painter__stage'))); i++)
      await h.page.keyboard.press('Tab');
    assert.ok(
      await h.page.evaluate(() => document.activeElement?.classList.contains('markup-painter__stage')),
      'Tab reaches the drawing area',
    );
    assert.ok(await h.page.isVisible('.markup-painter__cursor'), 'the keyboard cursor shows');
    const escapes = await h.page.evaluateHandle(() => {
      const seen = { count: 0 };
      document.addEventListener('keydown', (e) => e.key === 'Escape' && seen.count++);
      return seen;
    });

    // An arrow: a to start at the cursor (the centre), Enter, move, Enter.
    await h.page.keyboard.press('a');
    await h.page.keyboard.press('Enter');
    assert.match((await h.page.textContent('#markup-status')) ?? '', /Arrow started/);
    for (let i = 0; i < 5; i++) await h.page.keyboard.press('ArrowRight');
    await h.page.keyboard.press('Shift+ArrowDown');
    await h.page.keyboard.press('Enter');
    let state = await labCall(h.page, 'markupState');
    const step = Math.round(H * 0.01);
    const far = Math.round(H * 0.05);
    assert.deepEqual(state.operations.at(-1), {
      kind: 'arrow',
      color: '#e5202e',
      width: state.operations[0]!.kind === 'arrow' ? state.operations[0]!.width : -1,
      from: { x: W / 2, y: H / 2 },
      to: { x: W / 2 + 5 * step, y: H / 2 + far },
    });

    // A label at the cursor: t, Enter, type, Enter; the focus comes back to the drawing area.
    await h.page.keyboard.press('3');
    await h.page.keyboard.press('t');
    await h.page.keyboard.press('Enter');
    await h.page.keyboard.type('red door');
    await h.page.keyboard.press('Enter');
    state = await labCall(h.page, 'markupState');
    assert.deepEqual(state.operations.at(-1), {
      kind: 'text',
      color: '#1fa83a',
      size: Math.max(14, Math.round(H * 0.045)),
      at: { x: W / 2 + 5 * step, y: H / 2 + far },
      text: 'red door',
    });
    assert.ok(await h.page.evaluate(() => document.activeElement?.classList.contains('markup-painter__stage')));

    // A pen stroke begun and cancelled: nothing is added, and the Escape stays here.
    await h.page.keyboard.press('p');
    await h.page.keyboard.press(' ');
    await h.page.keyboard.press('ArrowLeft');
    await h.page.keyboard.press('ArrowLeft');
    await h.page.keyboard.press('Escape');
    assert.equal((await labCall(h.page, 'markupState')).operations.length, 2);
    assert.equal(await escapes.evaluate((s) => s.count), 0, 'the Escape did not reach the Studio (it would cancel a job)');
    // A stroke from the keyboard: Space, move, Space.
    await h.page.keyboard.press(' ');
    await h.page.keyboard.press('ArrowUp');
    await h.page.keyboard.press('ArrowUp');
    await h.page.keyboard.press(' ');
    state = await labCall(h.page, 'markupState');
    const stroke = state.operations.at(-1)!;
    assert.ok(stroke.kind === 'stroke' && stroke.tool === 'pen' && stroke.points.length === 3, JSON.stringify(stroke));
    await h.page.keyboard.press('Control+z');
    await h.page.keyboard.press('Control+z');
    assert.deepEqual(
      (await labCall(h.page, 'markupState')).operations.map((o) => o.kind),
      ['arrow'],
    );
    const png = await exported();
    const shaft = alphaAt(png, W / 2 + 0.2 * 5 * step, H / 2 + 0.2 * far);
    assert.ok(shaft > 100, `the keyboard arrow is in the export (alpha ${shaft})`);
  });
});
