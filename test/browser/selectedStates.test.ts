// Selected modes and tools stand out in every theme, high-contrast ones included: the selected
// mode, the active mask tool, the active Annotate tool and colour, and the brush-size thumb each
// reach 3:1 against what surrounds them, and a selected control never looks like an unselected one.
import assert from 'node:assert/strict';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { contrastRatio, lookOf } from './support/selectedLook';
import { openStudioPage, THEMES, type StudioPage } from './support/studioPage';
import { MARKUP_MODEL, openEditInput, startStudio } from './support/studioScenes';

/** A selected control and an unselected one of the same kind. */
interface Pair {
  name: string;
  selected: string;
  unselected?: string;
}

const PAINT_PAIRS: Pair[] = [
  { name: 'mode (Edit vs Generate)', selected: 'label[for="mode-edit"]', unselected: 'label[for="mode-generate"]' },
  {
    name: 'mask tool (Brush vs Eraser)',
    selected: '.mask-painter__button[aria-pressed="true"]',
    unselected: '.mask-painter__button[aria-pressed="false"]',
  },
  { name: 'brush size thumb', selected: '.mask-painter__size' },
];
const ANNOTATE_PAIRS: Pair[] = [
  {
    name: 'Annotate tool (Pen vs Arrow)',
    selected: '.markup-painter__group:first-child [aria-pressed="true"]',
    unselected: '.markup-painter__group:first-child [aria-pressed="false"]',
  },
  {
    name: 'Annotate colour (Red vs Yellow)',
    selected: '.markup-painter__colours [aria-pressed="true"]',
    unselected: '.markup-painter__colours [aria-pressed="false"]',
  },
];

async function check(s: StudioPage, theme: string, pairs: Pair[], problems: string[]): Promise<void> {
  for (const pair of pairs) {
    const on = await lookOf(s.page, pair.selected);
    const ratio = contrastRatio(on.indicator, on.surroundings);
    console.log(`      ${theme.padEnd(20)} ${pair.name.padEnd(32)} ${ratio.toFixed(2)}:1  (${on.indicator} on ${on.surroundings})`);
    if (ratio < 3) problems.push(`${theme}, ${pair.name}: ${ratio.toFixed(2)}:1 (${on.indicator} on ${on.surroundings})`);
    if (!pair.unselected) continue;
    const off = await lookOf(s.page, pair.unselected);
    if (off.signature === on.signature) problems.push(`${theme}, ${pair.name}: selected looks like unselected (${on.signature})`);
  }
}

describe('selected modes and tools stand out (3:1) in every theme', function () {
  this.timeout(120000);
  let s: StudioPage;
  let png: Buffer;

  before(async () => {
    png = await encodeWithSharp(gradientRgba(320, 240), 'png');
    s = await openStudioPage({}, { width: 1100, height: 900 });
    await startStudio(s);
    await openEditInput(s, 'meadow.png', png);
    await s.page.selectOption('#model', MARKUP_MODEL);
  });
  after(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  for (const theme of Object.keys(THEMES) as Array<keyof typeof THEMES>)
    it(theme, async () => {
      const problems: string[] = [];
      await s.theme(theme);
      await s.page.check('#mask-source-paint');
      await s.page.waitForSelector('.mask-painter__overlay', { state: 'visible' });
      await check(s, theme, PAINT_PAIRS, problems);
      await s.screenshot(`selected-paint-${theme}`);
      await s.page.check('#mask-source-annotate');
      await s.page.waitForSelector('.markup-painter__overlay', { state: 'visible' });
      await check(s, theme, ANNOTATE_PAIRS, problems);
      await s.screenshot(`selected-annotate-${theme}`);
      assert.deepEqual(problems, []);
    });
});
