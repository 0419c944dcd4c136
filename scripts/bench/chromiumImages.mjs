// Image preparation in Chromium (src/webview/image through the browser harness of test/browser)
// against sharp on the same 2048x1536 files, and exporting a painted 1024² mask to PNG.
import { built, median, row, timeMs } from './benchUtil.mjs';

const RUNS = 9;

/** Rows for preparation (JPEG, PNG) and mask export. */
export async function benchChromium() {
  const { openHarnessPage } = built('test/browser/support/browserHarness');
  const { measurePreparation } = built('test/browser/support/measurePreparation');
  const { labCall } = built('test/browser/support/labCall');
  const { encodeWithSharp, gradientRgba, noiseRgba } = built('test/fixtures/pixelPatterns');
  const { default: sharp } = await import('sharp');
  const content = gradientRgba(2048, 1536);
  const files = [
    { name: 'JPEG', bytes: await encodeWithSharp(content, 'jpeg', { quality: 90 }), mime: 'image/jpeg' },
    { name: 'PNG', bytes: await encodeWithSharp(content, 'png'), mime: 'image/png' },
  ];
  const rows = [];
  const h = await openHarnessPage({ entry: 'test/browser/pageScripts/imageLab.ts', css: ['media/maskPainter.css'] });
  try {
    const measured = await measurePreparation(h.page, files, { square: 'crop', sizes: [1024], maxBytes: 4 * 1024 * 1024 }, RUNS);
    for (const [i, file] of files.entries()) {
      // The same job for sharp: centre crop to a square, 1024², RGBA PNG.
      const once = () => sharp(file.bytes).resize(1024, 1024, { fit: 'cover', position: 'centre' }).ensureAlpha().png().toBuffer();
      await once();
      const runs = [];
      for (let r = 0; r < RUNS; r++) runs.push(await timeMs(once));
      const base = median(runs);
      const m = measured[i];
      rows.push(
        row(`image preparation in Chromium: 2048x1536 ${file.name} → 1024² RGBA PNG`, {
          value: m.medianMs,
          baseline: base,
          ratio: m.medianMs / base,
          target: '≤ 1.1×',
          pass: m.medianMs / base <= 1.1,
          note: `decode ${m.decodeMs} / draw ${m.drawMs} / encode ${m.encodeMs} ms; baseline sharp`,
        }),
      );
    }
    // A painted mask: open the painter on a 1024² image, paint strokes with the mouse, export.
    const image = await encodeWithSharp(noiseRgba(1024, 1024), 'png');
    const rect = await labCall(h.page, 'openPainter', image, 'image/png', 512, 40);
    for (let s = 0; s < 6; s++) {
      await h.page.mouse.move(rect.left + 20 + s * 70, rect.top + 30);
      await h.page.mouse.down();
      await h.page.mouse.move(rect.left + 60 + s * 70, rect.top + rect.height - 40, { steps: 15 });
      await h.page.mouse.up();
    }
    await labCall(h.page, 'exportMask');
    const exportRuns = [];
    let size = 0;
    for (let r = 0; r < RUNS; r++) {
      const out = await labCall(h.page, 'exportMask');
      exportRuns.push(out.ms);
      size = out.bytes.length;
    }
    const value = median(exportRuns);
    rows.push(
      row('mask export: 1024² painted mask → PNG', {
        value,
        target: '≤ 100 ms',
        pass: value <= 100,
        note: `${RUNS} runs, ${(size / 1024).toFixed(0)} KB`,
      }),
    );
  } finally {
    await h.close();
  }
  return rows;
}
