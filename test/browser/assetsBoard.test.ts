// The assets board in Chromium under its CSP: every asset as a card with its picture at its real
// aspect (a placeholder of its declared size when there is none), its state in words, the estimate
// to build what needs it, filters that say how many are shown (and survive a reload), and one click
// (or one key) per action, posted to the host by the card's id, never by a path.
import assert from 'node:assert/strict';
import { sampleBoard as board, sampleBoardImages } from './support/boardScenes';
import { openBoardPage, type BoardPage } from './support/boardPage';

describe('assets board (Chromium, strict CSP)', function () {
  this.timeout(60000);
  let b: BoardPage;
  const images = sampleBoardImages();

  beforeEach(async () => {
    b = await openBoardPage(images);
    await b.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  });
  afterEach(async () => {
    assert.deepEqual(b.problems(), []);
    await b.close();
  });

  it('asks for the board, then shows every asset at its real aspect with its state in words and the estimate', async () => {
    assert.deepEqual(await b.posted(), [{ type: 'ready' }]);
    await b.fromHost(board(b.origin));
    await b.page.waitForSelector('#cards li[data-id="a-3"]');
    const hero = await b.page.$eval('li[data-id="a-0"] img', (img) => {
      const r = (img as HTMLImageElement).getBoundingClientRect();
      return { ratio: r.width / r.height, alt: img.getAttribute('alt'), loaded: (img as HTMLImageElement).naturalWidth };
    });
    assert.ok(Math.abs(hero.ratio - 1.5) < 0.02, `hero shown at ${hero.ratio}, not 3:2`);
    assert.equal(hero.alt, 'public/hero.png as it is now');
    assert.equal(hero.loaded, 96, 'the image did not load under the CSP');
    const placeholder = await b.page.$eval('li[data-id="a-1"] svg', (svg) => {
      const r = svg.getBoundingClientRect();
      return { ratio: r.width / r.height, label: svg.getAttribute('aria-label') };
    });
    assert.ok(Math.abs(placeholder.ratio - 1024 / 1536) < 0.02, `placeholder at ${placeholder.ratio}`);
    assert.equal(placeholder.label, 'docs/diagram.webp is not built yet');
    assert.deepEqual(await b.page.$$eval('li[data-id="a-2"] .badge', (els) => els.map((e) => e.textContent)), [
      'stale',
      'to review',
      'model retiring',
    ]);
    assert.equal(await b.page.textContent('li[data-id="a-3"] .badge'), 'invalid');
    assert.deepEqual(await b.page.$$eval('li[data-id="a-4"] .badge', (els) => els.map((e) => e.textContent)), [
      'up to date',
      'failing a check',
    ]);
    assert.match((await b.page.textContent('#estimate')) ?? '', /≈ \$0\.016 to build the 2 asset\(s\) that are missing or stale/);
    assert.equal(await b.page.textContent('#shown'), '5 of 5 assets shown');
    await b.screenshot('assets-board-dark-default');
  });

  it('filters by state and path, says how many are shown, and keeps the filter across a reload', async () => {
    await b.fromHost(board(b.origin));
    await b.page.selectOption('#filter-state', 'needs-build');
    assert.deepEqual(await b.page.$$eval('#cards > li', (els) => els.map((e) => (e as HTMLElement).dataset.path)), [
      'docs/diagram.webp',
      'assets/coin.png',
    ]);
    assert.equal(await b.page.textContent('#shown'), '2 of 5 assets shown');
    await b.page.fill('#filter-text', 'coin');
    assert.equal(await b.page.textContent('#shown'), '1 of 5 assets shown');
    await b.page.selectOption('#filter-state', 'review');
    assert.equal(await b.page.textContent('#shown'), '1 of 5 assets shown');
    await b.page.reload();
    await b.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await b.fromHost(board(b.origin));
    assert.equal(await b.page.inputValue('#filter-state'), 'review');
    assert.equal(await b.page.inputValue('#filter-text'), 'coin');
    assert.equal(await b.page.textContent('#shown'), '1 of 5 assets shown');
    // The gates' verdict is a filter of its own, apart from entries the manifest cannot use.
    await b.page.fill('#filter-text', '');
    await b.page.selectOption('#filter-state', 'failing');
    assert.deepEqual(await b.page.$$eval('#cards > li', (els) => els.map((e) => (e as HTMLElement).dataset.path)), ['icons/app.png']);
    await b.page.selectOption('#filter-state', 'invalid');
    assert.deepEqual(await b.page.$$eval('#cards > li', (els) => els.map((e) => (e as HTMLElement).dataset.path)), ['c.png']);
  });

  it('one click or one key per action, posted by the card id; names equal the visible words', async () => {
    await b.fromHost(board(b.origin));
    await b.page.click('li[data-id="a-1"] button[data-action="build"]');
    // Keyboard only: from the path filter, Tab reaches the first card's first button.
    await b.page.focus('#filter-text');
    await b.page.keyboard.press('Tab');
    assert.equal(await b.page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'rebuild');
    await b.page.keyboard.press('Enter');
    assert.deepEqual((await b.posted()).slice(1), [
      { type: 'act', action: 'build', id: 'a-1' },
      { type: 'act', action: 'rebuild', id: 'a-0' },
    ]);
    const names = await b.page.$$eval('button[data-action]', (els) => els.map((e) => [e.textContent, e.getAttribute('aria-label')]));
    assert.ok(
      names.every(([, label]) => label === null),
      'a button has a name other than its visible words',
    );
    // A new board (a build moved on) keeps the focus on the card's button.
    await b.page.focus('li[data-id="a-2"] button[data-action="keep"]');
    await b.fromHost(board(b.origin));
    assert.equal(await b.page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-path')), 'assets/coin.png');
  });

  it('looks right in the light, dark and high-contrast themes (screenshots for review)', async () => {
    await b.fromHost(board(b.origin));
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      await b.theme(theme);
      await b.screenshot(`assets-board-${theme}`);
      const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${theme}: the board is ${overflow}px wider than the panel`);
    }
  });
});
