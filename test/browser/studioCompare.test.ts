// Compare as people use it (issue 26), measured in the rendered page: the slider draws a divider
// at the split and is exactly as wide as the image (a tall one too), and the heat map's painted
// area stands out from the image on a dark and a light theme alike, in the theme's own colour.
import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/image/imageHeader';
import type { EditInputView } from '../../src/shared/protocol';
import { encodeWithSharp } from '../fixtures/pixelPatterns';
import { decodePngRgba } from '../support/png';
import { openStudioPage, THEMES, type StudioPage } from './support/studioPage';
import { SCENE_MODELS } from './support/studioScenes';

// A tall, dark, uniform image: a letterboxing slider or a faint painted area both show on it.
const WIDTH = 96;
const HEIGHT = 192;
const dark = () => {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4);
  for (let i = 0; i < data.length; i += 4) data.set([40, 40, 40, 255], i);
  return encodeWithSharp({ width: WIDTH, height: HEIGHT, data }, 'png');
};

function view(bytes: Buffer): EditInputView {
  const { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth } = inspectImage(bytes);
  return {
    id: 'in-1',
    name: 'night.png',
    bytes: new Uint8Array(bytes),
    mimeType: 'image/png',
    info: { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth },
  };
}

/** Sends the edit input, paints a band across the middle, sends the edit and answers with `bytes` as its result. */
async function editAndCompare(s: StudioPage, bytes: Buffer): Promise<void> {
  const ready = await s.nextPosted('ready');
  await s.fromHost(
    {
      type: 'init',
      models: SCENE_MODELS,
      defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
      results: [],
    },
    ready.messageId,
  );
  await s.page.waitForSelector('#model');
  const input = { ...view(bytes), bytes: bytes.toString('base64') };
  await s.page.evaluate((input) => {
    const body = {
      type: 'editInputs',
      mode: 'edit',
      inputs: [{ ...input, bytes: Uint8Array.from(atob(input.bytes), (c) => c.charCodeAt(0)) }],
    };
    (window as unknown as { __fromHost(b: unknown): void }).__fromHost(body);
  }, input);
  const box = (await (await s.page.waitForSelector('.mask-painter__overlay')).boundingBox())!;
  await s.page.mouse.move(box.x + 2, box.y + box.height / 2);
  await s.page.mouse.down();
  await s.page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 12 });
  await s.page.mouse.up();
  await s.page.fill('#prompt', 'a lantern in the middle');
  await s.page.click('#generate');
  const sent = await s.nextPosted('edit');
  const result = {
    id: 'e0',
    image: { kind: 'uri' as const, uri: `${s.baseUrl}/images/e0.png` },
    relativePath: 'images/e0.png',
    fileName: 'e0.png',
    prompt: 'a lantern in the middle',
    model: 'gpt-image-2',
    index: 0,
    hasSidecar: true,
    kind: 'edit' as const,
  };
  await s.fromHost({ type: 'imageSaved', jobId: sent.body.jobId, result });
  await s.fromHost({ type: 'jobFinished', jobId: sent.body.jobId, saved: 1, failures: [], warnings: [], cancelled: false });
  await s.page.click('#gallery li[data-result-id="e0"] [data-action="more"]');
  await s.page.click('#gallery li[data-result-id="e0"] [data-action="compare"]');
  const ask = await s.nextPosted('imageBytes');
  await s.page.evaluate(
    ({ inReplyTo, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const body = { type: 'imageBytes', resultId: 'e0', bytes, mimeType: 'image/png' };
      (window as unknown as { __fromHost(b: unknown, r?: number): void }).__fromHost(body, inReplyTo);
    },
    { inReplyTo: ask.messageId, b64: bytes.toString('base64') },
  );
}

/** "#3794ff" → "rgb(55, 148, 255)", as computed styles read. */
const rgbOf = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('Studio Compare, measured (issue 26)', function () {
  this.timeout(90000);
  let s: StudioPage;

  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('draws a divider at the split in the theme’s colour, with the slider exactly as wide as a tall image', async () => {
    const png = await dark();
    s = await openStudioPage({ '/images/e0.png': { body: png, type: 'image/png' } });
    await s.theme('dark');
    await editAndCompare(s, png);
    await s.page.waitForSelector('dialog#compare[open] .compare-divider');
    await s.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.compare-slider img:not(.compare-top)');
      return img?.complete && img.getBoundingClientRect().height > img.getBoundingClientRect().width * 1.9;
    });
    const measure = () =>
      s.page.evaluate(() => {
        const rect = (sel: string) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return { x: r.x, width: r.width, height: r.height };
        };
        const divider = document.querySelector('.compare-divider')!;
        return {
          image: rect('.compare-slider img:not(.compare-top)'),
          range: rect('#compare-position'),
          divider: rect('.compare-divider'),
          colour: getComputedStyle(divider).backgroundColor,
        };
      });
    const at50 = await measure();
    assert.ok(Math.abs(at50.range.width - at50.image.width) <= 1, `slider ${at50.range.width}px, image ${at50.image.width}px`);
    assert.ok(Math.abs(at50.range.x - at50.image.x) <= 1, 'the slider starts where the image does');
    assert.ok(Math.abs(at50.image.height - 2 * at50.image.width) <= 2, 'the image keeps its aspect (no letterbox)');
    const centre = (m: typeof at50) => (m.divider.x + m.divider.width / 2 - m.image.x) / m.image.width;
    assert.ok(Math.abs(centre(at50) - 0.5) < 0.02, `divider at ${centre(at50)}`);
    assert.equal(at50.divider.height, at50.image.height, 'the divider spans the image');
    assert.equal(at50.colour, rgbOf(THEMES.dark.vars['--vscode-focusBorder']!));
    await s.page.fill('#compare-position', '25');
    assert.ok(Math.abs(centre(await measure()) - 0.25) < 0.02, 'the divider follows the slider');
    await s.screenshot('studio-compare-slider-dark');
  });

  it('shows the painted area in the heat map in the theme’s colour, clearly apart from the image, dark and light', async () => {
    const png = await dark();
    s = await openStudioPage({ '/images/e0.png': { body: png, type: 'image/png' } });
    await editAndCompare(s, png);
    for (const theme of ['dark', 'light'] as const) {
      await s.theme(theme);
      // Drawn afresh in the theme now applied.
      await s.page.check('#compare-slider');
      await s.page.check('#compare-heat');
      await s.page.waitForFunction(() => document.getElementById('compare-summary')?.dataset.changedShare !== undefined);
      await s.page.waitForFunction(() => document.querySelector<HTMLImageElement>('.compare-slider img')?.complete);
      // Within 2 of the theme's blue per channel: the canvas keeps half-transparent pixels premultiplied.
      // The heat map is drawn after the compare view appears: wait for it to be drawn in this theme.
      const blue = rgbOf(THEMES[theme].vars['--vscode-charts-blue']!).match(/\d+/g)!.map(Number);
      await s.page
        .waitForFunction(
          ({ w, h, want }) => {
            const canvas = document.querySelector<HTMLCanvasElement>('.compare-heat');
            const px = canvas?.getContext('2d')?.getImageData(w / 2, h / 2, 1, 1).data;
            return !!px && want.every((c, i) => Math.abs(c - px[i]!) <= 2);
          },
          { w: WIDTH, h: HEIGHT, want: blue },
          { timeout: 15000 },
        )
        .catch(() => assert.fail(`${theme}: the heat map never showed the theme's blue ${blue} at its centre`));
      // What the eye sees: the painted band against the untouched image above it.
      const box = (await s.page.locator('.compare-heat').boundingBox())!;
      const shot = decodePngRgba(await s.page.screenshot({ clip: box }));
      const pixel = (fy: number) => {
        const p = (Math.floor(shot.height * fy) * shot.width + Math.floor(shot.width / 2)) * 4;
        return [shot.data[p]!, shot.data[p + 1]!, shot.data[p + 2]!];
      };
      const band = pixel(0.5);
      const image = pixel(0.1);
      const difference = Math.max(...band.map((c, i) => Math.abs(c - image[i]!)));
      assert.ok(difference >= 60, `${theme}: painted ${band} against the image ${image} (difference ${difference})`);
      assert.match((await s.page.textContent('#compare-summary')) ?? '', /Blue: the painted area/);
      await s.screenshot(`studio-compare-heat-${theme}`);
    }
  });
});
