import assert from 'node:assert/strict';
import { modelOptions } from '../../src/core/models/capabilities';
import type { InitMessage, ModelChoice, ResultView } from '../../src/shared/protocol';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../fixtures/pixelPatterns';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

// Every model of the table as a compatible server offers it (so dall-e-3 is current there).
const MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
}));

function init(results: ResultView[] = []): InitMessage {
  return {
    type: 'init',
    models: MODELS,
    defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
    results,
  };
}

function result(id: string, uri: string, extra: Partial<ResultView> = {}): ResultView {
  return {
    id,
    image: { kind: 'uri', uri },
    relativePath: `images/${id}.png`,
    fileName: `${id}.png`,
    prompt: 'A red fox in fresh snow, watercolor',
    model: 'gpt-image-2',
    index: 0,
    hasSidecar: true,
    ...extra,
  };
}

/** Opens the page and answers its `ready` request. */
async function started(s: StudioPage, results: ResultView[] = []): Promise<void> {
  const ready = await s.nextPosted('ready');
  await s.fromHost(init(results), ready.messageId);
  await s.page.waitForSelector('#model');
}

describe('Studio webview in Chromium (real bundle, strict CSP)', function () {
  this.timeout(60000);
  let s: StudioPage;
  let finalPng: Buffer;
  const partials: Buffer[] = [];

  before(async () => {
    finalPng = await encodeWithSharp(gradientRgba(96, 96), 'png');
    for (const size of [24, 40, 64]) partials.push(await encodeWithSharp(noiseRgba(size, size, size), 'png'));
  });

  beforeEach(async () => {
    s = await openStudioPage({
      '/images/fox-1.png': { body: finalPng, type: 'image/png' },
      '/images/old.png': { body: finalPng, type: 'image/png' },
    });
  });

  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('asks for init, then renders the default model’s options from the capability table', async () => {
    await started(s);
    const fields = await s.page.$$eval('#options [data-field]', (els) => els.map((e) => (e as HTMLElement).dataset.field));
    assert.deepEqual(fields, ['model', 'size', 'quality', 'background', 'outputFormat', 'moderation', 'n', 'stream', 'partialImages']);
    assert.equal(await s.page.inputValue('#model'), 'gpt-image-2');
    const sizes = await s.page.$$eval('#size option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(
      sizes,
      [...modelOptions(BUILT_IN_MODELS, 'gpt-image-2', 'generations', 'compatible', TODAY).sizes, 'custom'],
      'presets, then a typed size (free-size rule)',
    );
  });

  it('Generate (button and Ctrl+Enter) posts a typed request; Escape cancels the running job', async () => {
    await started(s);
    await s.page.fill('#prompt', '  A red fox in fresh snow  ');
    await s.page.selectOption('#quality', 'high');
    await s.page.click('#generate');
    const first = await s.nextPosted('generate');
    assert.match(first.body.jobId, /^job-/);
    assert.deepEqual(first.body.params, {
      prompt: 'A red fox in fresh snow',
      model: 'gpt-image-2',
      n: 1,
      size: 'auto',
      quality: 'high',
      background: 'auto',
      moderation: 'auto',
      outputFormat: 'png',
      stream: true,
      partialImages: 2,
    });
    assert.equal(await s.page.isDisabled('#generate'), true, 'one job at a time');
    assert.equal(await s.page.isVisible('#cancel'), true);
    await s.page.keyboard.press('Escape');
    const cancel = await s.nextPosted('cancel');
    assert.equal(cancel.body.jobId, first.body.jobId);
    await s.fromHost({ type: 'jobFinished', jobId: first.body.jobId, saved: 0, failures: [], warnings: [], cancelled: true });
    await s.page.waitForSelector('#generate:not([disabled])');
    assert.match((await s.page.textContent('#status')) ?? '', /Cancelled/);

    const count = (await s.posted()).length;
    await s.page.focus('#prompt');
    await s.page.keyboard.press('Control+Enter');
    const second = await s.nextPosted('generate', count);
    assert.notEqual(second.body.jobId, first.body.jobId);
  });

  it('shows streamed previews replacing each other in place, then the final image in the same card', async () => {
    await started(s, [result('old', `${s.baseUrl}/images/old.png`)]);
    await s.page.fill('#prompt', 'A red fox');
    await s.page.click('#generate');
    const { body } = await s.nextPosted('generate');
    await s.fromHost({ type: 'progress', jobId: body.jobId, text: 'Generating with gpt-image-2…' });
    assert.equal(await s.page.textContent('#progress .stage'), 'Generating with gpt-image-2…');

    const widths: number[] = [];
    for (const [i, png] of partials.entries()) {
      await s.fromHost({
        type: 'partialImage',
        jobId: body.jobId,
        imageIndex: 0,
        partialIndex: i,
        mimeType: 'image/png',
        bytes: new Uint8Array(png),
      });
      const w = await s.page.waitForFunction((i) => {
        const card = document.querySelector<HTMLElement>('#gallery li.pending');
        const img = card?.querySelector('img');
        return card?.dataset.partialIndex === String(i) && img?.complete && img.naturalWidth > 0 ? img.naturalWidth : undefined;
      }, i);
      widths.push((await w.jsonValue()) as number);
      if (i === 0)
        await s.page.evaluate(() => {
          (document.querySelector('#gallery li.pending img') as HTMLImageElement & { marker?: number }).marker = 1;
        });
      assert.equal(await s.page.locator('#gallery li.pending').count(), 1, 'one card per image, not one per preview');
      assert.match((await s.page.getAttribute('#gallery li.pending img', 'src')) ?? '', /^blob:/);
    }
    assert.deepEqual(widths, [24, 40, 64], 'each preview replaced the previous one');
    await s.theme('light');
    await s.screenshot('studio-light-previewing');
    assert.equal(
      await s.page.evaluate(() => document.querySelector('#gallery li')?.classList.contains('pending')),
      true,
      'the new job is at the top',
    );

    await s.fromHost({
      type: 'imageSaved',
      jobId: body.jobId,
      result: result('fox-1', `${s.baseUrl}/images/fox-1.png`, {
        revisedPrompt: 'A red fox standing in fresh powder snow',
        usage: '50 in · 4,160 out · 4,210 total tokens',
        requestId: 'req_123',
      }),
    });
    await s.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#gallery li[data-result-id="fox-1"] img');
      return img?.complete && img.naturalWidth === 96;
    });
    const final = await s.page.evaluate(() => {
      const img = document.querySelector('#gallery li[data-result-id="fox-1"] img') as HTMLImageElement & { marker?: number };
      return {
        sameElement: img.marker === 1,
        src: img.src,
        alt: img.alt,
        pending: document.querySelectorAll('#gallery li.pending').length,
        cards: document.querySelectorAll('#gallery li').length,
      };
    });
    assert.deepEqual(final, {
      sameElement: true,
      src: `${s.baseUrl}/images/fox-1.png`,
      alt: 'A red fox in fresh snow, watercolor',
      pending: 0,
      cards: 2,
    });
    await s.fromHost({ type: 'jobFinished', jobId: body.jobId, saved: 1, failures: [], warnings: [], cancelled: false });
    assert.match((await s.page.textContent('#status')) ?? '', /1 image saved/);
    await s.theme('dark');
    await s.screenshot('studio-dark-results');
  });

  it('offers what each model supports and makes invalid combinations impossible', async () => {
    await started(s);
    const fields = () => s.page.$$eval('#options [data-field]', (els) => els.map((e) => (e as HTMLElement).dataset.field));
    await s.page.focus('#model');
    await s.page.selectOption('#model', 'dall-e-3');
    assert.deepEqual(await fields(), ['model', 'size', 'quality', 'style', 'n']);
    assert.deepEqual(await s.page.$$eval('#style option', (os) => os.map((o) => (o as HTMLOptionElement).value)), ['vivid', 'natural']);
    await s.page
      .waitForFunction(() => document.activeElement?.id === 'model', undefined, { timeout: 5000 })
      .catch(() => assert.fail('focus stays on the control after re-rendering'));

    await s.page.selectOption('#model', 'gpt-image-1.5');
    assert.ok((await fields()).includes('background'));
    await s.page.selectOption('#background', 'transparent');
    assert.equal(
      await s.page.isDisabled('#outputFormat option[value="jpeg"]'),
      true,
      'JPEG cannot be chosen with a transparent background',
    );
    assert.equal(await s.page.isDisabled('#outputFormat option[value="webp"]'), false);
    assert.ok(!(await fields()).includes('outputCompression'), 'no compression for PNG');
    await s.page.selectOption('#background', 'opaque');
    await s.page.selectOption('#outputFormat', 'jpeg');
    assert.equal(await s.page.isDisabled('#background option[value="transparent"]'), true, 'transparent cannot be chosen with JPEG');
    assert.ok((await fields()).includes('outputCompression'), 'compression for JPEG');
    await s.page.fill('#prompt', 'x');
    await s.page.click('#generate');
    const { body } = await s.nextPosted('generate');
    assert.equal(body.params.outputFormat, 'jpeg');
    assert.equal(body.params.background, 'opaque');
    assert.equal(body.params.model, 'gpt-image-1.5');
  });

  it('offers the 2.6 models’ options from the table: complexity, GIF frames, SVG with one image', async () => {
    await started(s);
    const fields = () => s.page.$$eval('#options [data-field]', (els) => els.map((e) => (e as HTMLElement).dataset.field));
    await s.page.selectOption('#model', 'gpt-image-2.6-sunburst');
    assert.deepEqual(await s.page.$$eval('#quality option', (os) => os.map((o) => (o as HTMLOptionElement).value)), [
      'auto',
      'low',
      'medium',
      'high',
      'xhigh',
      'max',
    ]);
    assert.deepEqual(await s.page.$$eval('#complexity option', (os) => os.map((o) => (o as HTMLOptionElement).textContent)), [
      'default (high)',
      'low',
      'medium',
      'high',
    ]);
    assert.deepEqual(await s.page.$$eval('#outputFormat option', (os) => os.map((o) => (o as HTMLOptionElement).value)), [
      'png',
      'jpeg',
      'webp',
      'gif',
      'svg',
    ]);
    assert.ok(!(await fields()).includes('gifFrames'), 'frames only with GIF');
    await s.page.selectOption('#outputFormat', 'gif');
    assert.equal(await s.page.inputValue('#gifFrames'), '9', 'the table’s default');
    assert.equal(await s.page.inputValue('#gifFrameMs'), '200');
    assert.match((await s.page.textContent('#gifFrames-note')) ?? '', /2–16 frames, all on one sheet at most 3840 px/);
    await s.page.fill('#gifFrames', '4');
    await s.page.press('#gifFrames', 'Tab');
    await s.page.selectOption('#complexity', 'low');
    await s.page.fill('#prompt', 'a bouncing ball');
    await s.page.click('#generate');
    const gif = await s.nextPosted('generate');
    assert.equal(gif.body.params.outputFormat, 'gif');
    assert.equal(gif.body.params.gifFrames, 4);
    assert.equal(gif.body.params.complexity, 'low');
    await s.fromHost({ type: 'jobFinished', jobId: gif.body.jobId, saved: 0, failures: [], warnings: [], cancelled: false });
    await s.page.fill('#n', '3');
    await s.page.press('#n', 'Tab');
    await s.page.selectOption('#outputFormat', 'svg');
    assert.equal(await s.page.inputValue('#n'), '1', 'SVG: one image per request');
    assert.match((await s.page.textContent('#outputFormat-note')) ?? '', /SVG \(vector\): one image per request/);
    await s.page.selectOption('#model', 'gpt-image-2.5-flare');
    assert.equal(await s.page.locator('#complexity').count(), 0, 'no complexity on 2.5');
    assert.deepEqual(await s.page.$$eval('#outputFormat option', (os) => os.map((o) => (o as HTMLOptionElement).value)), [
      'png',
      'jpeg',
      'webp',
    ]);
  });

  it('shows an SVG result only as an <img> from a blob (never its markup), and a bounded one as a note', async () => {
    await started(s);
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="window.__svgRan = 1"><script>window.__svgRan = 2</script><rect width="64" height="64" fill="red"/></svg>',
    );
    await s.fromHost({
      type: 'showResults',
      prompt: 'an icon',
      results: [
        {
          ...result('icon-1', ''),
          image: { kind: 'bytes', bytes: svg, mimeType: 'image/svg+xml' },
          relativePath: 'images/icon-1.svg',
          fileName: 'icon-1.svg',
        },
        {
          ...result('huge-1', ''),
          image: { kind: 'none', note: 'SVG of 3000 KB: too large to preview here; open the file instead.' },
          relativePath: 'images/huge-1.svg',
          fileName: 'huge-1.svg',
        },
      ],
    });
    await s.page.waitForSelector('#gallery li[data-result-id="icon-1"] img[src^="blob:"]');
    await s.page.waitForFunction(
      () => (document.querySelector('#gallery li[data-result-id="icon-1"] img') as HTMLImageElement | null)?.complete === true,
    );
    assert.equal(await s.page.locator('#gallery svg, #gallery script').count(), 0, 'no SVG markup in the page');
    assert.equal(
      await s.page.evaluate(() => (window as unknown as { __svgRan?: number }).__svgRan),
      undefined,
      'the SVG’s script never ran',
    );
    assert.equal(await s.page.getAttribute('#gallery li[data-result-id="huge-1"] img', 'src'), null);
    assert.match((await s.page.getAttribute('#gallery li[data-result-id="huge-1"] img', 'alt')) ?? '', /too large to preview/);
  });

  it('takes a custom size on gpt-image-2 and refuses one outside its rule before sending', async () => {
    await started(s);
    assert.equal(await s.page.locator('#size option[value="custom"]').count(), 1);
    await s.page.selectOption('#size', 'custom');
    await s.page.fill('#customSize', '1000x1000');
    await s.page.press('#customSize', 'Tab');
    assert.match((await s.page.textContent('#customSize-note')) ?? '', /multiples of 16/);
    assert.equal(await s.page.getAttribute('#customSize', 'aria-invalid'), 'true');
    await s.page.fill('#prompt', 'A wide panorama');
    const before = (await s.posted()).length;
    await s.page.click('#generate');
    assert.match((await s.page.textContent('#status')) ?? '', /Custom size: Both sides must be multiples of 16/);
    assert.equal((await s.posted()).length, before, 'nothing sent');
    await s.page.fill('#customSize', '2048x1152');
    await s.page.press('#customSize', 'Tab');
    await s.page.click('#generate');
    const { body } = await s.nextPosted('generate', before);
    assert.equal(body.params.size, '2048x1152');
    await s.page.selectOption('#model', 'gpt-image-1.5');
    assert.equal(await s.page.locator('#size option[value="custom"]').count(), 0, 'preset sizes only');
  });

  it('is keyboard-operable: Tab reaches every control, everything has an accessible name', async () => {
    await started(s, [result('fox-1', `${s.baseUrl}/images/fox-1.png`)]);
    const reached = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await s.page.keyboard.press('Tab');
      reached.add(
        await s.page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.id || el?.getAttribute('data-action') || el?.tagName || '';
        }),
      );
    }
    for (const id of [
      'prompt',
      'model',
      'size',
      'quality',
      'background',
      'outputFormat',
      'moderation',
      'n',
      'stream',
      'partialImages',
      'choose-output',
      'generate',
      'filter-text',
      'filter-model',
      'filter-kind',
      'load-history',
      'lightbox',
      'insertImage',
      'details',
      'more',
    ]) {
      assert.ok(reached.has(id), `Tab reaches ${id}`);
    }
    // The overflow menu: Enter opens it on its first item, the arrow keys reach every other one, Escape gives focus back.
    await s.page.focus('#gallery [data-action="more"]');
    await s.page.keyboard.press('Enter');
    const items: string[] = [];
    for (let i = 0; i < 12; i++) {
      items.push(await s.page.evaluate(() => document.activeElement?.getAttribute('data-action') ?? ''));
      await s.page.keyboard.press('ArrowDown');
    }
    for (const action of [
      'openImage',
      'revealImage',
      'copyImage',
      'copyPath',
      'useAsInput',
      'useAsVariation',
      'useSettings',
      'regenerate',
      'removeResult',
      'deleteResult',
    ]) {
      assert.ok(items.includes(action), `the arrow keys reach ${action} (${items.join(', ')})`);
    }
    await s.page.keyboard.press('Escape');
    assert.equal(
      await s.page.evaluate(() => document.activeElement?.getAttribute('data-action')),
      'more',
      'Escape closes the menu onto its button',
    );
    assert.equal(await s.page.isVisible('#gallery [role="menu"]'), false);
    const unnamed = await s.page.evaluate(() => {
      const missing: string[] = [];
      for (const b of document.querySelectorAll('button'))
        if (!(b.getAttribute('aria-label') || b.textContent?.trim())) missing.push(b.outerHTML);
      for (const c of document.querySelectorAll<HTMLInputElement>('input, select, textarea'))
        if (!(c.labels?.length || c.getAttribute('aria-label'))) missing.push(c.outerHTML);
      for (const i of document.querySelectorAll('img')) if (!i.hasAttribute('alt')) missing.push(i.outerHTML);
      return missing;
    });
    assert.deepEqual(unnamed, []);
  });

  it('sends result actions by id and shows the host’s answer; details show the sidecar', async () => {
    await started(s, [
      result('fox-1', `${s.baseUrl}/images/fox-1.png`, {
        revisedPrompt: 'A fox, revised',
        requestId: 'req_9',
        usage: '1 in · 2 out · 3 total tokens',
      }),
    ]);
    await s.page.click('[data-action="insertImage"]');
    const insert = await s.nextPosted('insertImage');
    assert.deepEqual(insert.body, { type: 'insertImage', resultId: 'fox-1' });
    await s.fromHost({ type: 'actionResult', status: 'done', message: 'Inserted a Markdown image into README.md' }, insert.messageId);
    await s.page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Inserted a Markdown image'));

    await s.page.click('[data-action="more"]');
    await s.page.click('[data-action="useAsInput"]');
    const use = await s.nextPosted('useAsInput');
    assert.deepEqual(use.body, { type: 'useAsInput', resultId: 'fox-1', purpose: 'edit' });

    await s.page.click('[data-action="details"]');
    const details = await s.nextPosted('details');
    assert.equal(details.body.resultId, 'fox-1');
    await s.fromHost({ type: 'details', resultId: 'fox-1', json: '{\n  "requestId": "req_9"\n}' }, details.messageId);
    await s.page.waitForSelector('.details pre');
    const text = await s.page.textContent('.details');
    for (const part of ['A fox, revised', 'req_9', '1 in · 2 out · 3 total tokens', '"requestId": "req_9"'])
      assert.ok(text?.includes(part), part);
    assert.equal(await s.page.getAttribute('[data-action="details"]', 'aria-expanded'), 'true');
  });

  it('keeps the prompt and options across a reload (getState/setState)', async () => {
    await started(s);
    await s.page.fill('#prompt', 'A lighthouse at dusk');
    await s.page.selectOption('#model', 'dall-e-3');
    await s.page.selectOption('#style', 'natural');
    await s.page.reload();
    await started(s);
    assert.equal(await s.page.inputValue('#prompt'), 'A lighthouse at dusk');
    assert.equal(await s.page.inputValue('#model'), 'dall-e-3');
    assert.equal(await s.page.inputValue('#style'), 'natural');
  });

  it('would notice a CSP violation (the policy is enforced and reported)', async () => {
    await started(s);
    await s.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      document.body.insertAdjacentHTML('beforeend', '<img src="https://example.com/x.png" alt="">');
    });
    await s.page.waitForFunction(() => true);
    await new Promise((r) => setTimeout(r, 300));
    const seen = s.takeProblems();
    assert.equal(await s.page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan), undefined, 'inline script did not run');
    assert.ok(
      seen.some((p) => p.includes('CSP violation: script-src')),
      seen.join('\n'),
    );
    assert.ok(
      seen.some((p) => p.includes('CSP violation: img-src')),
      seen.join('\n'),
    );
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`renders in the ${theme} theme (screenshot in .test-artifacts/)`, async () => {
      await started(s, [
        result('fox-1', `${s.baseUrl}/images/fox-1.png`, { revisedPrompt: 'A red fox standing in fresh powder snow', requestId: 'req_1' }),
        result('old', `${s.baseUrl}/images/old.png`),
      ]);
      await s.theme(theme);
      await s.page.fill('#prompt', 'A red fox in fresh snow, watercolor');
      await s.page.click('[data-action="details"]');
      const details = await s.nextPosted('details');
      await s.fromHost(
        { type: 'details', resultId: 'fox-1', json: '{\n  "model": "gpt-image-2",\n  "requestId": "req_1"\n}' },
        details.messageId,
      );
      await s.page.waitForSelector('.details pre');
      const colors = await s.page.evaluate(() => ({
        bg: getComputedStyle(document.body).backgroundColor,
        button: getComputedStyle(document.getElementById('generate')!).backgroundColor,
      }));
      const expected = {
        light: ['rgb(255, 255, 255)', 'rgb(0, 95, 184)'],
        dark: ['rgb(31, 31, 31)', 'rgb(0, 120, 212)'],
        'high-contrast': ['rgb(0, 0, 0)', 'rgb(0, 0, 0)'],
      }[theme];
      assert.deepEqual([colors.bg, colors.button], expected);
      if (theme === 'high-contrast') {
        const edge = await s.page.evaluate(() => getComputedStyle(document.getElementById('generate')!).borderTopColor);
        assert.equal(edge, 'rgb(111, 195, 223)', 'controls keep a visible edge in high contrast');
      }
      await s.screenshot(`studio-${theme}`);
    });
  }
});
