// axe-core over the Studio in its main states (the empty form, a gallery of results, Edit mode with
// the mask painter, Annotate mode, an open card menu) and over the assets board, in every theme:
// no serious or critical violation, label-in-name included. A failure lists each rule and where.
import assert from 'node:assert/strict';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../fixtures/pixelPatterns';
import { describeFindings, seriousViolations } from './support/axeAudit';
import { openBoardPage, type BoardPage } from './support/boardPage';
import { sampleBoard, sampleBoardImages } from './support/boardScenes';
import { openStudioPage, THEMES, type ExtraFiles, type StudioPage } from './support/studioPage';
import { MARKUP_MODEL, openEditInput, sampleResults, startStudio } from './support/studioScenes';

const THEME_NAMES = Object.keys(THEMES) as Array<keyof typeof THEMES>;

/** How to bring a fresh Studio page into one state. */
const STUDIO_STATES: Record<string, (s: StudioPage, png: Buffer) => Promise<void>> = {
  'the empty form': (s) => startStudio(s),
  'results in the gallery': async (s) => {
    await startStudio(s, sampleResults(s.baseUrl));
    await s.page.waitForFunction(() =>
      [...document.querySelectorAll('#gallery img')].every((i) => !(i as HTMLImageElement).src || (i as HTMLImageElement).complete),
    );
  },
  'Edit mode with the mask painter': async (s, png) => {
    await startStudio(s);
    await openEditInput(s, 'meadow.png', png);
  },
  'Annotate mode': async (s, png) => {
    await startStudio(s);
    await openEditInput(s, 'meadow.png', png);
    await s.page.selectOption('#model', MARKUP_MODEL);
    await s.page.check('#mask-source-annotate');
    await s.page.waitForSelector('.markup-painter__overlay', { state: 'visible' });
  },
  'an open card menu': async (s) => {
    await startStudio(s, sampleResults(s.baseUrl));
    await s.page.click('#gallery li[data-result-id="b1"] [data-action="more"]');
    await s.page.waitForSelector('#gallery li[data-result-id="b1"] [role="menu"]:not([hidden])');
  },
};

describe('accessibility (axe-core): no serious or critical violations', function () {
  this.timeout(120000);
  const files: ExtraFiles = {};
  let png: Buffer;

  before(async () => {
    for (let i = 0; i < 4; i++)
      files[`/images/b${i}.png`] = { body: await encodeWithSharp(gradientRgba(256, 256), 'png'), type: 'image/png' };
    files['/images/e0.png'] = { body: await encodeWithSharp(noiseRgba(256, 192, 7), 'png'), type: 'image/png' };
    png = await encodeWithSharp(gradientRgba(320, 240), 'png');
  });

  for (const [state, enter] of Object.entries(STUDIO_STATES)) {
    describe(`Studio: ${state}`, () => {
      let s: StudioPage;
      before(async () => {
        s = await openStudioPage(files);
        await enter(s, png);
      });
      after(async () => {
        const problems = s.problems();
        await s.close();
        assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
      });
      for (const theme of THEME_NAMES)
        it(theme, async () => {
          await s.theme(theme);
          const found = await seriousViolations(s.page);
          assert.equal(found.length, 0, `${state}, ${theme}:\n${describeFindings(found)}`);
        });
    });
  }

  describe('assets board', () => {
    let b: BoardPage;
    before(async () => {
      b = await openBoardPage(sampleBoardImages());
      await b.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      await b.fromHost(sampleBoard(b.origin));
      await b.page.waitForSelector('#cards li[data-id="a-4"]');
    });
    after(async () => {
      const problems = b.problems();
      await b.close();
      assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
    });
    for (const theme of THEME_NAMES)
      it(theme, async () => {
        await b.theme(theme);
        const found = await seriousViolations(b.page);
        assert.equal(found.length, 0, `assets board, ${theme}:\n${describeFindings(found)}`);
      });
  });
});
