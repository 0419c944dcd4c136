// Screenshots of the Studio at 600 px (an image opened beside it) and 1400 px, in the dark, light
// and high-contrast themes, with a realistic gallery: a batch, an edit, a missing file, a job from
// a command, an estimate. They are saved in .test-artifacts/ for review; each also checks what a
// look would: nothing wider than the panel, and no control drawn on top of another.
import assert from 'node:assert/strict';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import { modelOptions } from '../../src/core/models/capabilities';
import { editingRules } from '../../src/host/services/modelInputRules';
import type { InitMessage, ModelChoice, ResultView } from '../../src/shared/protocol';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../fixtures/pixelPatterns';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
  editing: editingRules(BUILT_IN_MODELS, m.id, 'compatible', TODAY),
}));

function results(base: string): ResultView[] {
  const stem = 'images/a-lighthouse-on-a-cliff-at-dusk-oil-painting-20261201-101500';
  const batch = [0, 1, 2, 3].map((i): ResultView => ({
    id: `b${i}`,
    image: { kind: 'uri', uri: `${base}/images/b${i}.png` },
    relativePath: `${stem}-${i + 1}.png`,
    fileName: `b${i}.png`,
    prompt: 'A lighthouse on a cliff at dusk, oil painting',
    model: 'gpt-image-2',
    index: i,
    hasSidecar: true,
    kind: 'generate',
    requestId: 'req_b',
    costUsd: 0.168,
    cost: '$0.168 for its request, from the usage tokens at the prices of 2025-10-06 (an estimate, not a bill)',
    usage: '50 in · 4,160 out · 4,210 total tokens',
  }));
  return [
    ...batch,
    {
      id: 'e0',
      image: { kind: 'uri', uri: `${base}/images/e0.png` },
      relativePath: 'images/the-same-meadow-with-a-red-barn-20261201-101000-1.png',
      fileName: 'e0.png',
      prompt: 'The same meadow with a red barn on the left',
      model: 'gpt-image-1.5',
      index: 0,
      hasSidecar: true,
      kind: 'edit',
      route: 'Edit through /images/edits',
    },
    {
      id: 'm0',
      image: { kind: 'uri', uri: '' },
      relativePath: 'images/variation-kite-png-20261130-090000-1.png',
      fileName: 'm0.png',
      prompt: '',
      model: 'dall-e-2',
      index: 0,
      hasSidecar: true,
      kind: 'variation',
      missing: true,
    },
  ];
}

describe('Studio screenshots at 600 and 1400 px in three themes', function () {
  this.timeout(90000);
  const files: Record<string, { body: Buffer; type: string }> = {};

  before(async () => {
    for (let i = 0; i < 4; i++)
      files[`/images/b${i}.png`] = { body: await encodeWithSharp(gradientRgba(256, 256), 'png'), type: 'image/png' };
    files['/images/e0.png'] = { body: await encodeWithSharp(noiseRgba(256, 192, 7), 'png'), type: 'image/png' };
  });

  for (const width of [600, 1400]) {
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      it(`${width} px, ${theme}`, async () => {
        const s: StudioPage = await openStudioPage(files, { width, height: 900 });
        try {
          const ready = await s.nextPosted('ready');
          const init: InitMessage = {
            type: 'init',
            models: MODELS,
            defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
            results: results(s.baseUrl),
            prices: DEFAULT_PRICES,
            outputFolder: 'images',
          };
          await s.fromHost(init, ready.messageId);
          await s.page.waitForSelector('#model');
          await s.theme(theme);
          await s.page.fill('#prompt', 'A lighthouse on a cliff at dusk, oil painting, dramatic clouds');
          await s.page.selectOption('#quality', 'high');
          await s.fromHost({
            type: 'externalJob',
            jobId: 'cmd-1',
            title: 'Image Studio: “a red fox in fresh snow…”',
            text: 'Asking gpt-image-2 for 2 images…',
            done: false,
          });
          await s.page.evaluate(() => {
            // The status line as after a failed job, so its error look is in the picture.
            const status = document.getElementById('status')!;
            status.dataset.kind = 'error';
            status.setAttribute('role', 'alert');
            status.innerHTML = '';
            const mark = document.createElement('span');
            mark.className = 'status-mark';
            mark.textContent = '✕';
            status.append(mark, 'The API key was refused: set it with Image Studio: Set API Key.');
          });
          await s.page.click('#gallery li[data-result-id="b1"] [data-action="more"]');
          await s.page.waitForFunction(() =>
            [...document.querySelectorAll('#gallery img')].every((i) => !(i as HTMLImageElement).src || (i as HTMLImageElement).complete),
          );
          const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);
          const path = await s.screenshot(`studio-${width}-${theme}`);
          console.log(`      ${path}`);
          assert.deepEqual(s.problems(), []);
        } finally {
          await s.close();
        }
      });
    }
  }
});
