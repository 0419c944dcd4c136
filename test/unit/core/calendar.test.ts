import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { calendarFromEnvironment, calendarOnDay, parseIsoDay, todayOn, type Calendar } from '../../../src/core/calendar';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, TODAY } from '../support';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const at = (iso: string): Calendar => ({ now: () => new Date(iso) });

describe('calendar', () => {
  it('pins the day and lets the time of day run on', () => {
    const pinned = calendarOnDay('2030-02-28', at('2026-12-01T13:14:15.500Z'));
    assert.equal(pinned.now().toISOString(), '2030-02-28T13:14:15.500Z');
    assert.equal(todayOn(pinned), '2030-02-28');
  });

  it('uses IMAGE_STUDIO_TODAY when set and the base calendar otherwise', () => {
    const base = at('2026-12-01T08:00:00Z');
    assert.equal(todayOn(calendarFromEnvironment({ IMAGE_STUDIO_TODAY: '2025-06-30' }, base)), '2025-06-30');
    assert.equal(todayOn(calendarFromEnvironment({}, base)), '2026-12-01');
    assert.equal(todayOn(calendarFromEnvironment({ IMAGE_STUDIO_TODAY: '  ' }, base)), '2026-12-01');
  });

  it('refuses a value that is not a real day, naming the variable', () => {
    for (const bad of ['2026-02-30', '2026-13-01', 'tomorrow', '2026-1-1', '20261201']) {
      assert.equal(parseIsoDay(bad), undefined, bad);
      assert.throws(
        () => calendarFromEnvironment({ IMAGE_STUDIO_TODAY: bad }, at('2026-12-01T00:00:00Z')),
        /IMAGE_STUDIO_TODAY must be a date as YYYY-MM-DD/,
      );
    }
  });
});

// The proof that dates are injected: the real CLI, run with the machine's clock shifted a year
// back and a year ahead by libfaketime, gives the same lifecycle warning and the same file-name
// date when IMAGE_STUDIO_TODAY pins the day; without the pin, the shifted clock shows through.
describe('the CLI under a shifted system clock (faketime)', function () {
  this.timeout(30000);
  const faketime = spawnSync('faketime', ['-f', '+0d', 'true']).status === 0;
  before(function () {
    if (!faketime) this.skip(); // npm test installs Debian's faketime; other systems run the rest
  });
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'image-studio-calendar-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Asynchronous: the fake server answers from this process, so a blocking spawn would deadlock.
  async function generate(shift: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string; files: string[] }> {
    const out = join(dir, shift.replace(/\W/g, '_'));
    const child = spawn(
      'faketime',
      ['-f', shift, process.execPath, CLI, 'generate', '--prompt', 'coin', '--model', 'gpt-image-1.5', '--size', '1024x1024', '--out', out],
      {
        env: {
          PATH: process.env.PATH ?? '',
          TZ: 'UTC',
          OPENAI_API_KEY: CANARY_KEY,
          OPENAI_BASE_URL: server.baseUrl,
          XDG_CACHE_HOME: join(dir, 'cache'),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    return { code, stderr, files: code === 0 ? readdirSync(out) : [] };
  }

  it('gives the same answers a year back, today and a year ahead when the day is pinned', async () => {
    const runs = [
      await generate('-365d', { IMAGE_STUDIO_TODAY: TODAY }),
      await generate('+0d', { IMAGE_STUDIO_TODAY: TODAY }),
      await generate('+365d', { IMAGE_STUDIO_TODAY: TODAY }),
    ];
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /gpt-image-1\.5 shuts down on 2026-12-01/);
      assert.ok(
        r.files.some((f) => f.startsWith(`coin-${TODAY.replace(/-/g, '')}-`)),
        r.files.join(),
      );
    }
  });

  it('shows the shifted clock when nothing pins the day (so the test above can fail)', async () => {
    const ahead = await generate('+730d', {});
    // Two years on, gpt-image-1.5 is past its shutdown: refused before sending, so nothing is written.
    assert.equal(ahead.code, 1, ahead.stderr);
    assert.match(ahead.stderr, /gpt-image-1\.5 was shut down on 2026-12-01.*Nothing was sent/);
    assert.deepEqual(ahead.files, []);
  });
});
