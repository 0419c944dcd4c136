// Screenshots of the Studio at 600 px (an image opened beside it) and 1400 px, in the dark, light,
// high-contrast and light high-contrast themes, with a realistic gallery: a batch, an edit, a missing file, a job from
// a command, an estimate. They are saved in .test-artifacts/ for review; each also checks what a
// look would: nothing wider than the panel, and no control drawn on top of another.
import assert from 'node:assert/strict';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../fixtures/pixelPatterns';
import { openStudioPage, THEMES, type StudioPage } from './support/studioPage';
import { sampleResults, startStudio } from './support/studioScenes';

describe('Studio screenshots at 600 and 1400 px in four themes', function () {
  this.timeout(90000);
  const files: Record<string, { body: Buffer; type: string }> = {};

  before(async () => {
    for (let i = 0; i < 4; i++)
      files[`/images/b${i}.png`] = { body: await encodeWithSharp(gradientRgba(256, 256), 'png'), type: 'image/png' };
    files['/images/e0.png'] = { body: await encodeWithSharp(noiseRgba(256, 192, 7), 'png'), type: 'image/png' };
  });

  for (const width of [600, 1400]) {
    for (const theme of Object.keys(THEMES) as Array<keyof typeof THEMES>) {
      it(`${width} px, ${theme}`, async () => {
        const s: StudioPage = await openStudioPage(files, { width, height: 900 });
        try {
          await startStudio(s, sampleResults(s.baseUrl));
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
