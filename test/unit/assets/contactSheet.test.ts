// The contact sheet: labels drawn with our own bitmap font, pictures at their real aspect on a
// checkerboard, and `image-studio assets sheet` as a process, with --changed-since taking only a
// plain git ref (never an option or an expression) and only the assets whose files changed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderContactSheet } from '../../../src/core/assets/contactSheet';
import { drawText, fitText, textWidth, wrapTwoLines } from '../../../src/core/image/bitmapFont';
import { decodePng } from '../../../src/core/image/pngCodec';
import { isPlainRef } from '../../../src/cli/assetsSheet';
import { encodePng } from '../../support/png';
import { runBuiltCli, type BuiltCliRun } from '../reliability/cliProcess';

const run = (cwd: string, args: string[]): Promise<BuiltCliRun> =>
  runBuiltCli(cwd, ['assets', ...args], { IMAGE_STUDIO_TODAY: '2026-12-06' });

const red = (w: number, h: number) => ({
  width: w,
  height: h,
  data: new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 0 || i % 4 === 3 ? 255 : 0)),
});

describe('contact sheet of the assets', function () {
  this.timeout(60000);

  it('draws text with its own 5x7 font, cut at the start to keep a path’s file name', () => {
    const img = { width: 12, height: 7, data: new Uint8Array(12 * 7 * 4) };
    drawText(img, 'A', 0, 0, [0, 0, 0, 255]);
    const row = (y: number) => [...Array(5).keys()].map((x) => (img.data[(y * 12 + x) * 4 + 3] ? '#' : '.')).join('');
    assert.deepEqual([0, 1, 3, 6].map(row), ['.###.', '#...#', '#####', '#...#']);
    assert.equal(textWidth('ab', 2), 22);
    assert.equal(fitText('assets/icons/app.png', 6 * 8 - 1), '…app.png');
    assert.equal(fitText('a.png', 100), 'a.png');
    assert.equal(fitText('changed by hand', 6 * 8 - 1, 1, 'start'), 'changed…');
    assert.deepEqual(wrapTwoLines('assets/icons/app-32.png', 6 * 10 - 1), ['assets/', '…pp-32.png']);
  });

  it('lays out a labelled cell per asset, each picture at its real aspect', () => {
    const sheet = renderContactSheet(
      [
        { path: 'wide.png', state: 'up to date', code: 'up-to-date', image: red(400, 200) },
        { path: 'docs/diagram.webp', state: 'missing', code: 'missing', note: 'not built yet' },
      ],
      { title: 'Image assets (all): 2 of 2', thumb: 100, columns: 2 },
    );
    assert.equal(sheet.width, 2 * (100 + 24));
    // The wide picture: 100 x 50, centred in its box (rows 25..74 red, the rest checkerboard).
    const top = 12 + 20 + 12;
    const redRows = [...Array(100).keys()].filter((y) => {
      const o = ((top + y) * sheet.width + 12 + 50) * 4;
      return sheet.data[o] === 255 && sheet.data[o + 1] === 0;
    });
    assert.deepEqual([redRows[0], redRows.at(-1), redRows.length], [25, 74, 50]);
    const ink = (x0: number, y0: number, w: number, h: number): number => {
      let n = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (sheet.data[(y * sheet.width + x) * 4] === 32) n++;
      return n;
    };
    assert.ok(ink(12, 12, 200, 14) > 100, 'no title drawn');
    assert.ok(ink(12, top + 106, 100, 14) > 50, 'no path label under the first picture');
  });

  it('accepts plain refs only', () => {
    for (const ok of ['main', 'HEAD', 'HEAD~2', 'main^', 'v1.2.0', 'feature/new-icons', '3f2c9a1']) assert.ok(isPlainRef(ok), ok);
    for (const bad of [
      '--output=/tmp/x',
      '-p',
      'HEAD..main',
      'main...dev',
      '@{1}',
      'main@{yesterday}',
      'a b',
      'HEAD:file',
      '',
      'x;rm',
      '$(id)',
      'a/',
    ])
      assert.ok(!isPlainRef(bad), bad);
  });

  it('image-studio assets sheet: every asset, or those changed since a ref (git diff), into one PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'image-studio-sheet-'));
    try {
      writeFileSync(
        join(dir, 'image-studio.json'),
        JSON.stringify({ assets: { 'a.png': { prompt: 'a' }, 'b.png': { prompt: 'b' }, 'c.webp': { prompt: 'c' } } }),
      );
      writeFileSync(join(dir, 'a.png'), encodePng(64, 32, { color: [200, 0, 0] }));
      writeFileSync(join(dir, 'b.png'), encodePng(32, 64, { color: [0, 0, 200] }));
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
          cwd: dir,
        });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'assets');
      writeFileSync(join(dir, 'b.png'), encodePng(32, 64, { color: [0, 200, 0] }));

      const all = await run(dir, ['sheet', '--out', 'review/all.png', '--json']);
      assert.equal(all.code, 0, all.stderr);
      assert.deepEqual(JSON.parse(all.stdout).shown, ['a.png', 'b.png', 'c.webp']);
      const sheet = await decodePng(readFileSync(join(dir, 'review', 'all.png')));
      assert.equal(sheet.width, 3 * (224 + 24));

      const changed = await run(dir, ['sheet', '--out', 'review/changed.png', '--changed-since', 'HEAD', '--json']);
      assert.equal(changed.code, 0, changed.stderr);
      assert.deepEqual(JSON.parse(changed.stdout).shown, ['b.png']);

      // An option smuggled in as the ref: refused by the argument parser, or (with "=") by the ref check.
      const dashed = await run(dir, ['sheet', '--out', 'review/bad.png', '--changed-since', '--output=pwned.txt']);
      assert.equal(dashed.code, 2, dashed.stderr);
      for (const bad of ['--output=pwned.txt', 'HEAD..HEAD', '@{1}']) {
        const refused = await run(dir, ['sheet', '--out', 'review/bad.png', `--changed-since=${bad}`]);
        assert.equal(refused.code, 2, `${bad}: ${refused.stderr}`);
        assert.match(refused.stderr, /plain git ref/);
      }
      assert.equal(existsSync(join(dir, 'pwned.txt')), false);
      assert.equal(existsSync(join(dir, 'review', 'bad.png')), false);
      const unknown = await run(dir, ['sheet', '--out', 'review/x.png', '--changed-since', 'no-such-branch']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /git diff --name-only no-such-branch failed/);
      const noOut = await run(dir, ['sheet']);
      assert.equal(noOut.code, 2);
      assert.match(noOut.stderr, /needs --out/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
