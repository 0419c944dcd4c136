import assert from 'node:assert/strict';
import { decodePngRgba } from '../support/png';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { openHarnessPage, type HarnessPage } from './support/browserHarness';
import type { LabMaskOperation } from './support/imageLabApi';
import { labCall } from './support/labCall';

/**
 * The painter's inclusion rule, written out independently: a pixel is painted when its centre lies
 * within `radius` of the stroke's polyline (a lone point is a disc). Operations apply in order.
 */
function expectedCoverage(ops: LabMaskOperation[], width: number, height: number, scale = 1): Uint8Array {
  const cov = new Uint8Array(width * height);
  for (const op of ops) {
    if (op.kind === 'clear') cov.fill(0);
    else if (op.kind === 'invert') cov.forEach((v, i) => (cov[i] = v ? 0 : 1));
    else {
      const r = op.radius * scale;
      const pts = op.points.map((p) => ({ x: p.x * scale, y: p.y * scale }));
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const cx = x + 0.5;
          const cy = y + 0.5;
          const hit = pts.some((b, i) => {
            const a = pts[Math.max(0, i - 1)]!;
            const dx = b.x - a.x;
            const dy = b.y - a.y;
            const len2 = dx * dx + dy * dy;
            const t = len2 > 0 ? Math.min(1, Math.max(0, ((cx - a.x) * dx + (cy - a.y) * dy) / len2)) : 0;
            const qx = cx - (a.x + t * dx);
            const qy = cy - (a.y + t * dy);
            return qx * qx + qy * qy <= r * r;
          });
          if (hit) cov[y * width + x] = op.tool === 'brush' ? 1 : 0;
        }
      }
    }
  }
  return cov;
}

/** Asserts the mask PNG has alpha 0 exactly where `cov` is 1 and 255 everywhere else. */
function assertMaskMatches(png: Uint8Array, cov: Uint8Array, width: number, height: number): void {
  const mask = decodePngRgba(png);
  assert.deepEqual([mask.width, mask.height], [width, height]);
  let wrong = 0;
  let first = '';
  for (let i = 0; i < cov.length; i++) {
    const want = cov[i] ? 0 : 255;
    if (mask.data[i * 4 + 3] !== want) {
      if (!wrong) first = `pixel (${i % width}, ${Math.floor(i / width)}): alpha ${mask.data[i * 4 + 3]}, want ${want}`;
      wrong++;
    }
  }
  assert.equal(wrong, 0, `${wrong} pixels differ; first ${first}`);
}

describe('MaskPainter in Chromium (real pointer events, strict CSP)', function () {
  this.timeout(120000);
  const W = 200;
  const H = 150;
  let h: HarnessPage;
  let rect: { left: number; top: number; width: number; height: number };
  let strokeOps: LabMaskOperation[];

  before(async () => {
    h = await openHarnessPage({ entry: 'test/browser/pageScripts/imageLab.ts', css: ['media/maskPainter.css'] });
    const image = await encodeWithSharp(gradientRgba(W, H), 'png');
    rect = await labCall(h.page, 'openPainter', image, 'image/png', 400, 6);
  });

  after(async () => {
    assert.deepEqual(h.problems(), [], 'no console errors, page errors or CSP violations');
    await h.close();
  });

  const at = (x: number, y: number) => [rect.left + x, rect.top + y] as const;

  it('shows the image at the asked CSS size with real buttons', async () => {
    // 400 CSS px for the painter, minus the stage's 1px borders.
    assert.ok(Math.abs(rect.width - 398) <= 1 && Math.abs(rect.height - (398 * H) / W) <= 1, JSON.stringify(rect));
    const labels = await h.page.$$eval('.mask-painter button', (bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.ok(labels.length >= 6 && labels.every((l) => l && l.length > 3), JSON.stringify(labels));
  });

  it('paints a mouse stroke whose export is alpha 0 exactly under the stroke and 255 elsewhere', async () => {
    await h.page.mouse.move(...at(50, 60));
    await h.page.mouse.down();
    await h.page.mouse.move(...at(300, 200), { steps: 12 });
    await h.page.mouse.move(...at(350, 80), { steps: 6 });
    await h.page.mouse.up();
    const state = await labCall(h.page, 'painterState');
    assert.equal(state.operations.length, 1);
    const stroke = state.operations[0]!;
    assert.ok(stroke.kind === 'stroke' && stroke.tool === 'brush' && stroke.radius === 6);
    // ~400 CSS px show 200 image px: pointer positions map to about half their CSS offsets.
    const img = (css: number) => (css * W) / rect.width;
    assert.ok(
      Math.abs(stroke.points[0]!.x - img(50)) <= 0.5 && Math.abs(stroke.points[0]!.y - img(60)) <= 0.5,
      JSON.stringify(stroke.points[0]),
    );
    const last = stroke.points[stroke.points.length - 1]!;
    assert.ok(Math.abs(last.x - img(350)) <= 0.5 && Math.abs(last.y - img(80)) <= 0.5, JSON.stringify(last));
    assert.ok(stroke.points.length >= 10);
    strokeOps = state.operations;
    const cov = expectedCoverage(strokeOps, W, H);
    assert.ok(cov.reduce((a, v) => a + v, 0) > 1500, 'the stroke covers a real area');
    const { bytes } = await labCall(h.page, 'exportMask');
    assertMaskMatches(bytes, cov, W, H);
    assert.equal(state.hasPaint, true);
  });

  it('exports at another size from the same image-space strokes (here 2x)', async () => {
    const { bytes } = await labCall(h.page, 'exportMask', W * 2, H * 2);
    assertMaskMatches(bytes, expectedCoverage(strokeOps, W * 2, H * 2, 2), W * 2, H * 2);
  });

  it('undoes and redoes with buttons and keyboard', async () => {
    await labCall(h.page, 'clickButton', 'Undo');
    let state = await labCall(h.page, 'painterState');
    assert.deepEqual([state.operations.length, state.hasPaint, state.undoDisabled, state.redoDisabled], [0, false, true, false]);
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, new Uint8Array(W * H), W, H);
    await h.page.focus('.mask-painter__stage');
    await h.page.keyboard.press('Control+Shift+Z');
    state = await labCall(h.page, 'painterState');
    assert.equal(state.operations.length, 1);
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, expectedCoverage(strokeOps, W, H), W, H);
  });

  it('inverts and clears, both undoable', async () => {
    await labCall(h.page, 'clickButton', 'Invert');
    const inverted = expectedCoverage([...strokeOps, { kind: 'invert' }], W, H);
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, inverted, W, H);
    await labCall(h.page, 'clickButton', 'Clear');
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, new Uint8Array(W * H), W, H);
    await h.page.keyboard.press('Control+Z');
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, inverted, W, H);
    await h.page.keyboard.press('Control+Z');
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, expectedCoverage(strokeOps, W, H), W, H);
  });

  it('switches to the eraser and resizes the brush from the keyboard, and erases exactly', async () => {
    await h.page.keyboard.press('e');
    await h.page.keyboard.press(']');
    let state = await labCall(h.page, 'painterState');
    assert.equal(state.tool, 'eraser');
    assert.ok(state.radius > 6, `radius ${state.radius}`);
    await h.page.mouse.move(...at(150, 20));
    await h.page.mouse.down();
    await h.page.mouse.move(...at(180, 280), { steps: 10 });
    await h.page.mouse.up();
    state = await labCall(h.page, 'painterState');
    assert.equal(state.operations.length, 2);
    const cov = expectedCoverage(state.operations, W, H);
    assert.ok(
      cov.reduce((a, v) => a + v, 0) < expectedCoverage(strokeOps, W, H).reduce((a, v) => a + v, 0),
      'the eraser removed some paint',
    );
    assertMaskMatches((await labCall(h.page, 'exportMask')).bytes, cov, W, H);
    await h.page.keyboard.press('b');
    await h.page.keyboard.press('[');
    state = await labCall(h.page, 'painterState');
    assert.equal(state.tool, 'brush');
  });

  it('validates masks from files: its own export passes, opaque/RGB/wrong-size masks are named', async () => {
    const own = (await labCall(h.page, 'exportMask')).bytes;
    assert.equal(await labCall(h.page, 'validateMaskFile', own, W, H), undefined);
    await labCall(h.page, 'clickButton', 'Clear');
    const opaque = (await labCall(h.page, 'exportMask')).bytes;
    assert.equal((await labCall(h.page, 'validateMaskFile', opaque, W, H))?.kind, 'noTransparentPixel');
    const rgb = await encodeWithSharp(gradientRgba(W, H), 'png').then((b) =>
      import('sharp').then((s) => s.default(b).removeAlpha().png().toBuffer()),
    );
    assert.equal((await labCall(h.page, 'validateMaskFile', rgb, W, H))?.kind, 'noAlphaChannel');
    assert.equal((await labCall(h.page, 'validateMaskFile', own, W * 2, H * 2))?.kind, 'dimensionMismatch');
    const resized = await labCall(h.page, 'resizeMask', own, W * 2, H * 2);
    assert.equal(await labCall(h.page, 'validateMaskFile', resized, W * 2, H * 2), undefined);
    assert.ok(
      decodePngRgba(resized).data.every((v, i) => i % 4 !== 3 || v === 0 || v === 255),
      'resized alpha stays binary',
    );
  });

  // How long the export takes is measured by `npm run bench chromium`, not here.
  it('exports a 1024² painted mask at full size, alpha 0 under the stroke', async () => {
    const big = await encodeWithSharp(gradientRgba(1024, 1024), 'png');
    const r = await labCall(h.page, 'openPainter', big, 'image/png', 600, 40);
    await h.page.mouse.move(r.left + 100, r.top + 100);
    await h.page.mouse.down();
    await h.page.mouse.move(r.left + 500, r.top + 450, { steps: 20 });
    await h.page.mouse.up();
    const mask = decodePngRgba((await labCall(h.page, 'exportMask')).bytes);
    assert.deepEqual([mask.width, mask.height], [1024, 1024]);
    assert.ok(
      mask.data.some((v, i) => i % 4 === 3 && v === 0),
      'the stroke is transparent in the export',
    );
  });

  it('shows the painted area on an image of the paint colour itself (blue paint on a blue sky), and reads out the brush size', async () => {
    // A solid image in the painter's own paint colour: a plain blue overlay would vanish on it.
    const blue = { width: 120, height: 80, data: Buffer.from(new Uint8Array(120 * 80 * 4).map((_, i) => [0, 120, 212, 255][i % 4]!)) };
    const r = await labCall(h.page, 'openPainter', await encodeWithSharp(blue, 'png'), 'image/png', 480, 10);
    await h.page.mouse.move(r.left + 40, r.top + 160);
    await h.page.mouse.down();
    await h.page.mouse.move(r.left + 440, r.top + 160, { steps: 20 });
    await h.page.mouse.up();
    // What the user sees: the image with the overlay drawn over it, compared with the image alone.
    const seen = await h.page.evaluate(() => {
      const base = document.querySelector<HTMLCanvasElement>('.mask-painter__image')!;
      const overlay = document.querySelector<HTMLCanvasElement>('.mask-painter__overlay')!;
      const c = document.createElement('canvas');
      c.width = base.width;
      c.height = base.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(base, 0, 0);
      const plain = ctx.getImageData(0, 0, c.width, c.height).data;
      ctx.drawImage(overlay, 0, 0);
      const shown = ctx.getImageData(0, 0, c.width, c.height).data;
      const alpha = overlay.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      let visible = 0;
      for (let i = 0; i < plain.length; i += 4) {
        if (alpha[i + 3] === 0) continue;
        painted++;
        const d = Math.abs(plain[i]! - shown[i]!) + Math.abs(plain[i + 1]! - shown[i + 1]!) + Math.abs(plain[i + 2]! - shown[i + 2]!);
        if (d > 60) visible++;
      }
      return {
        painted,
        visible,
        size: document.querySelector('.mask-painter__size-value')?.textContent,
        valueText: document.querySelector('.mask-painter__size')?.getAttribute('aria-valuetext'),
      };
    });
    assert.ok(seen.painted > 500, `a stroke was painted (${seen.painted} px)`);
    assert.ok(
      seen.visible / seen.painted > 0.3,
      `the overlay stands out on a blue image: ${seen.visible} of ${seen.painted} painted pixels differ clearly`,
    );
    assert.equal(seen.size, '20 px', 'the brush size is shown next to its slider');
    assert.equal(seen.valueText, '20 px brush');
  });
});
