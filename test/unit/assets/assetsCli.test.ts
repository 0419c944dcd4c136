// The "Done when" through the real CLI as a process (dist/cli.js) against the fake Images
// API: a fresh workspace with five assets (one resized, one made from an input, one transparent).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from '../../../src/core/image/pngCodec';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { runBuiltCli, type BuiltCliRun } from '../reliability/cliProcess';

const run = (cwd: string, args: string[], env: Record<string, string>): Promise<BuiltCliRun> => runBuiltCli(cwd, ['assets', ...args], env);

const MANIFEST = (heroPrompt: string): string => `{
  // five assets: one resized, one from an input, one transparent
  "defaults": { "model": "gpt-image-2", "quality": "low" },
  "styles": { "pixel": "16-bit pixel art, flat colours" },
  "assets": {
    "public/hero.png": { "prompt": "${heroPrompt}", "size": "1536x1024" },
    "assets/coin.png": { "prompt": "a gold coin", "style": "pixel", "background": "transparent" },
    "assets/icon.png": { "prompt": "an app icon", "resize": "64x64", "fit": "cover" },
    "assets/coin-night.png": { "prompt": "the same coin at night", "inputs": ["assets/coin.png"] },
    "docs/diagram.webp": { "prompt": "a flow diagram", "size": "1024x1536" },
  },
}
`;

/** Every file below `dir` except the manifest, relative and sorted. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter(
      (p) =>
        p.includes('.') &&
        !p.endsWith('image-studio.json') &&
        !readdirSync(dir, { recursive: true })
          .map(String)
          .some((q) => q.startsWith(`${p}/`)),
    )
    .sort();
}

function size(path: string): string {
  const info = readImageInfo(readFileSync(path));
  return `${info?.format} ${info?.width}x${info?.height}`;
}

describe('image-studio assets (Done when, as a process against the fake)', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl };
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-assets-'));
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST('a lighthouse at dusk, watercolor'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const api = (): number => server.requests.filter((r) => r.endpoint).length;

  it('check, build, rebuild one, leave a hand-made file alone, check again', async () => {
    const noKey = await run(dir, ['check'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(noKey.code, 1, noKey.stderr);
    assert.match(noKey.stdout, /missing\s+public\/hero\.png/);
    assert.match(noKey.stderr, /5 asset\(s\) missing or stale/);
    assert.equal(api(), 0, 'check sent a request');

    const built = await run(dir, ['build'], env);
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(files(dir), [
      // The API's image of a resized asset is kept, so a change to its steps alone sends no request.
      '.image-studio/raw/assets/icon.png',
      'assets/coin-night.png',
      'assets/coin-night.png.json',
      'assets/coin.png',
      'assets/coin.png.json',
      'assets/icon.png',
      'assets/icon.png.json',
      'docs/diagram.webp',
      'docs/diagram.webp.json',
      'public/hero.png',
      'public/hero.png.json',
    ]);
    assert.equal(size(join(dir, 'public/hero.png')), 'png 1536x1024');
    assert.equal(size(join(dir, 'assets/icon.png')), 'png 64x64');
    assert.equal(size(join(dir, 'docs/diagram.webp')), 'webp 1024x1536');
    const coin = await decodePng(readFileSync(join(dir, 'assets/coin.png')));
    assert.ok(
      coin.data.some((v, i) => i % 4 === 3 && v === 0),
      'the transparent asset has no transparent pixel',
    );
    assert.equal(api(), 5);
    const edit = server.requests.find((r) => r.endpoint === 'edits');
    assert.ok(edit, 'the asset with inputs was not made as an edit');
    assert.match(String(edit.fields.prompt), /coin at night/);
    const coinSidecar = JSON.parse(readFileSync(join(dir, 'assets/coin.png.json'), 'utf8')) as {
      asset: { specHash: string; path: string };
      prompt: string;
    };
    assert.equal(coinSidecar.asset.path, 'assets/coin.png');
    assert.equal(coinSidecar.prompt, 'a gold coin, 16-bit pixel art, flat colours');
    const iconSidecar = JSON.parse(readFileSync(join(dir, 'assets/icon.png.json'), 'utf8')) as { postProcess: unknown };
    assert.deepEqual(iconSidecar.postProcess, { resize: { width: 64, height: 64, fit: 'cover' } });
    for (const f of files(dir)) assert.ok(!readFileSync(join(dir, f)).includes(CANARY_KEY), `${f} holds the key`);

    const again = await run(dir, ['build'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(api(), 5, 'a second build sent requests');
    assert.match(again.stdout, /nothing to build/);

    const heroBefore = readFileSync(join(dir, 'public/hero.png'));
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST('a lighthouse at dawn, watercolor'));
    const stale = await run(dir, ['check'], {});
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /stale\s+public\/hero\.png/);
    const rebuilt = await run(dir, ['build', '--json'], env);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(api(), 6, 'changing one prompt rebuilt more than that asset');
    const out = JSON.parse(rebuilt.stdout) as { built: Array<{ path: string; replaced: { image: string; sidecar: string } }> };
    assert.deepEqual(
      out.built.map((b) => b.path),
      ['public/hero.png'],
    );
    const history = readdirSync(join(dir, '.image-studio/history/public/hero.png'));
    assert.equal(history.length, 2, `history: ${history.join(', ')}`);
    assert.deepEqual(readFileSync(out.built[0]!.replaced.image), heroBefore, 'the previous version was not kept as it was');
    assert.match(readFileSync(out.built[0]!.replaced.sidecar, 'utf8'), /lighthouse at dusk/);

    const handMade = Buffer.from(readFileSync(join(dir, 'assets/icon.png')));
    handMade.writeUInt8(handMade.readUInt8(handMade.length - 20) ^ 0xff, handMade.length - 20);
    writeFileSync(join(dir, 'assets/icon.png'), handMade);
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST('a lighthouse at dawn, watercolor').replace('an app icon', 'a new app icon'));
    const leftAlone = await run(dir, ['build'], env);
    assert.equal(leftAlone.code, 0, leftAlone.stderr);
    assert.match(leftAlone.stderr, /skipped assets\/icon\.png: changed by hand/);
    assert.equal(api(), 6);
    assert.deepEqual(readFileSync(join(dir, 'assets/icon.png')), handMade, 'the hand-made file was touched');

    const done = await run(dir, ['check'], {});
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.match(done.stdout, /changed by hand\s+assets\/icon\.png/);
    assert.ok(!existsSync(join(dir, 'assets/coin.png.tmp')));
    assert.deepEqual(
      files(dir).filter((f) => f.includes('.image-studio-')),
      [],
      'a temp file was left',
    );
  });

  it('a hand-made file is replaced only with --force, and kept in the history', async () => {
    mkdirSync(join(dir, 'public'));
    writeFileSync(join(dir, 'public/hero.png'), 'not generated');
    const plain = await run(dir, ['build', 'public/hero.png'], env);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(readFileSync(join(dir, 'public/hero.png'), 'utf8'), 'not generated');
    assert.equal(api(), 0);
    const forced = await run(dir, ['build', 'public/hero.png', '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(size(join(dir, 'public/hero.png')), 'png 1536x1024');
    const [kept] = readdirSync(join(dir, '.image-studio/history/public/hero.png'));
    assert.equal(readFileSync(join(dir, '.image-studio/history/public/hero.png', kept!), 'utf8'), 'not generated');
  });

  it('a build that fails half way keeps what it finished, and the next run continues', async () => {
    server.queueFault({ kind: 'server_error', status: 500 }, { endpoint: 'edits' });
    const first = await run(dir, ['build', '--max-retries', '0'], env);
    assert.equal(first.code, 1);
    assert.match(first.stderr, /failed assets\/coin-night\.png/);
    assert.ok(existsSync(join(dir, 'docs/diagram.webp')), 'an asset after the failure was not built');
    const status = await run(dir, ['status', '--json'], {});
    const states = (JSON.parse(status.stdout) as { assets: Array<{ path: string; state: string }> }).assets.map(
      (a) => `${a.path} ${a.state}`,
    );
    assert.deepEqual(states, [
      'public/hero.png up-to-date',
      'assets/coin.png up-to-date',
      'assets/icon.png up-to-date',
      'assets/coin-night.png missing',
      'docs/diagram.webp up-to-date',
    ]);
    const before = api();
    const second = await run(dir, ['build'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(api(), before + 1, 'the second run rebuilt finished assets');
  });

  it('refuses to build through a link that leaves the manifest folder, and writes nothing there', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
    try {
      symlinkSync(outside, join(dir, 'public'));
      const r = await run(dir, ['build'], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /public\/hero\.png goes through a link to .*outside the manifest's folder/);
      assert.deepEqual(readdirSync(outside), []);
      assert.equal(api(), 0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('an invalid manifest is reported with positions and exit code 2; --dry-run sends nothing', async () => {
    writeFileSync(
      join(dir, 'image-studio.json'),
      '{\n  "assets": {\n    "../out.png": { "prompt": "x" },\n    "a.png": { "prompt": "y", "size": "13x7" }\n  }\n}\n',
    );
    const bad = await run(dir, ['check'], {});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /image-studio\.json:3:5: error: Asset path "\.\.\/out\.png" leaves the manifest's folder/);
    assert.match(bad.stderr, /image-studio\.json:4:39: error: gpt-image-2 does not accept size '13x7'/);
    writeFileSync(join(dir, 'image-studio.json'), '{"assets": {"a.png": {"prompt": "p", "inputs": ["nowhere.png"]}}}');
    const cannot = await run(dir, ['check'], {});
    assert.equal(cannot.code, 1, 'an asset whose input does not exist passed the check');
    assert.match(cannot.stderr, /1 asset\(s\) cannot be built: a\.png \(Its input nowhere\.png does not exist\.\)/);
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST('a lighthouse'));
    const dry = await run(dir, ['build', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would build public\/hero\.png/);
    assert.equal(api(), 0);
  });
});
