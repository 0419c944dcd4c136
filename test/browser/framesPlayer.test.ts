// The Studio's frame player in Chromium (real bundle, strict CSP): a sheet's animation plays at its
// fps and is stepped frame by frame; a rebuilt sheet shows the previous generation's frame beside
// the new one. No timing is measured: the test only steps and toggles.
import assert from 'node:assert/strict';
import { modelOptions } from '../../src/core/models/capabilities';
import { editingRules } from '../../src/host/services/modelInputRules';
import type { FrameView, InitMessage, ShowFramesMessage } from '../../src/shared/protocol';
import { encodeRgbaPng } from '../support/png';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const INIT: InitMessage = {
  type: 'init',
  models: BUILT_IN_MODELS.list().map((m) => ({
    ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
    transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
    editing: editingRules(BUILT_IN_MODELS, m.id, 'compatible', TODAY),
  })),
  defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
  results: [],
};

function frames(count: number, shade: number): FrameView[] {
  return Array.from({ length: count }, (_, i) => {
    const data = new Uint8Array(16 * 16 * 4);
    for (let p = 0; p < 256; p++) data.set([i * 30, shade, 100, 255], p * 4);
    return { name: `walk_${i}`, bytes: new Uint8Array(encodeRgbaPng({ width: 16, height: 16, data })) };
  });
}

/** Sends `showFrames` as the host would (bytes rebuilt as Uint8Array inside the page). */
async function showFrames(s: StudioPage, m: ShowFramesMessage): Promise<void> {
  const wire = (list?: FrameView[]) => list?.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes).toString('base64') }));
  await s.page.evaluate(
    ({ m, current, previous }) => {
      const decode = (list?: Array<{ name: string; bytes: string }>) =>
        list?.map((f) => ({ name: f.name, bytes: Uint8Array.from(atob(f.bytes), (c) => c.charCodeAt(0)) }));
      const body = { ...m, frames: decode(current), ...(previous ? { previous: decode(previous) } : {}) };
      (window as unknown as { __fromHost(b: unknown): void }).__fromHost(body);
    },
    { m: { type: m.type, title: m.title, animations: m.animations }, current: wire(m.frames)!, previous: wire(m.previous) },
  );
}

describe('Studio frame player in Chromium (real bundle, strict CSP)', function () {
  this.timeout(90000);
  let s: StudioPage;
  beforeEach(async () => {
    s = await openStudioPage();
    const ready = await s.nextPosted('ready');
    await s.fromHost(INIT, ready.messageId);
    await s.page.waitForSelector('#model');
  });
  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('plays an animation at its fps and steps through its frames', async () => {
    await showFrames(s, {
      type: 'showFrames',
      title: 'sprites/knight-walk.png',
      frames: frames(4, 10),
      animations: [
        { name: 'walk', frames: [0, 1, 2, 3], fps: 8, loop: true },
        { name: 'wave', frames: [3, 1], fps: 4, loop: false },
      ],
    });
    await s.page.waitForSelector('#frames-player[open]');
    assert.equal(await s.page.textContent('#frames-player [data-action="play"]'), 'Pause', 'a preview plays at once');
    assert.deepEqual(await s.page.$$eval('#frames-player select option', (o) => o.map((x) => x.textContent)), [
      'walk (8 fps)',
      'wave (4 fps)',
    ]);
    await s.page.click('#frames-player [data-action="play"]');
    assert.equal(await s.page.textContent('#frames-player [data-action="play"]'), 'Play');
    await s.page.selectOption('#frames-player select', '1');
    assert.match((await s.page.textContent('#frames-player .frames-caption')) ?? '', /Frame 1 of 2: walk_3/);
    await s.page.click('#frames-player [data-action="next-frame"]');
    assert.match((await s.page.textContent('#frames-player .frames-caption')) ?? '', /Frame 2 of 2: walk_1/);
    await s.page.click('#frames-player [data-action="next-frame"]');
    assert.match(
      (await s.page.textContent('#frames-player .frames-caption')) ?? '',
      /Frame 2 of 2/,
      'a non-looping animation stops at its end',
    );
    const loaded = await s.page.$eval(
      '#frames-player .frame-image',
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth,
    );
    assert.equal(loaded, 16);
  });

  it('reviews a rebuilt sheet frame by frame beside the previous generation', async () => {
    await showFrames(s, {
      type: 'showFrames',
      title: 'sprites/knight-walk.png',
      frames: frames(3, 10),
      previous: frames(3, 200),
      animations: [{ name: 'walk', frames: [0, 1, 2], fps: 8, loop: true }],
    });
    await s.page.waitForSelector('#frames-player[open]');
    assert.equal(await s.page.textContent('#frames-player [data-action="play"]'), 'Play', 'a review starts still');
    assert.deepEqual(await s.page.$$eval('#frames-player figcaption', (c) => c.map((x) => x.textContent)), ['Previous', 'Rebuilt']);
    await s.page.click('#frames-player [data-action="previous-frame"]');
    assert.match((await s.page.textContent('#frames-player .frames-caption')) ?? '', /Frame 3 of 3: walk_2/);
    assert.deepEqual(await s.page.$$eval('#frames-player .frame-image', (i) => i.map((x) => x.getAttribute('alt'))), [
      'Previous frame walk_2',
      'Frame walk_2',
    ]);
  });
});
