// The four sections through the real CLI as a process (dist/cli.js) against the fake Images API,
// which draws a grid of distinct figures for a sheet prompt: a sheet of 8 frames cut, registered
// and packed with its JSON; an atlas of three icons and the sheet; the web icon set from a 512²
// logo; a typed module that compiles and that check keeps current; deleting the sheet and building
// again sends no request.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { readGodotAnimations, readPhaserAtlas, readTres } from '../../support/engineReaders';
import { encodeRgbaPng } from '../../support/png';
import { icon } from '../atlas/atlasFixtures';
import { CANARY_KEY } from '../support';
import { runBuiltCli, type BuiltCliRun } from '../reliability/cliProcess';

const run = (cwd: string, args: string[], env: Record<string, string>): Promise<BuiltCliRun> => runBuiltCli(cwd, ['assets', ...args], env);

const MANIFEST = `{
  "defaults": { "model": "gpt-image-2", "quality": "low" },
  "assets": {
    "icons/play.png": { "prompt": "a play icon", "size": "1024x1024", "resize": "64x64", "alt": "Play" },
    "icons/stop.png": { "prompt": "a stop icon", "size": "1024x1024", "resize": "48x48" },
    "icons/gear.png": { "prompt": "a gear icon", "size": "1024x1024", "resize": "96x96" }
  },
  "sheets": {
    "sprites/knight-walk.png": {
      "prompt": "a knight walking, side view", "grid": "4x2", "cell": "128x128", "background": "#00ff00",
      "animations": { "walk": { "frames": "all", "fps": 8, "loop": true } }, "pivot": [0.5, 0.9],
      "formats": ["json-hash", "godot"]
    }
  },
  "atlases": { "atlas/ui.png": { "include": ["icons/*.png", "sprites/knight-walk.png"], "padding": 2, "extrude": 1, "formats": ["json-hash", "phaser3", "godot"] } },
  "icons": { "public/": { "from": "logo.png", "background": "#ffffff", "name": "Knight" } },
  "codegen": { "out": "src/assets.gen.ts" }
}
`;

describe('image-studio assets: sheets, atlases, icons and codegen (as a process against the fake)', function () {
  this.timeout(90000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl };
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-sections-'));
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST);
    writeFileSync(join(dir, 'logo.png'), encodeRgbaPng(icon(512, 400, 56, [200, 60, 20])));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const api = (): number => server.requests.filter((r) => r.endpoint).length;
  const json = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

  it('builds the sheet from one request, then re-cuts it after deletion with none', async () => {
    const check = await run(dir, ['check'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /missing\s+sprites\/knight-walk\.png .*\[sheets\]/);
    assert.match(check.stderr, /entries missing or stale/);

    const built = await run(dir, ['build'], env);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(api(), 3 + 1, 'three icons and one generation for the sheet');
    const sent = server.requests.find((r) => /sprite sheet/.test(String(r.fields.prompt)))!;
    assert.match(String(sent.fields.prompt), /a grid of 4 columns and 2 rows/);
    assert.equal(readImageInfo(readFileSync(join(dir, 'sprites/knight-walk.png')))?.width, 1024);
    const sheet = json('sprites/knight-walk.json');
    assert.equal(Object.keys(sheet.frames).length, 8);
    assert.deepEqual(sheet.animations.walk.length, 8);
    assert.deepEqual(
      readGodotAnimations(
        readTres(readFileSync(join(dir, 'sprites/knight-walk.tres'), 'utf8')).find((s) => s.kind === 'resource')!.props.animations!,
      )[0]!.speed,
      8,
    );
    const raw = json('.image-studio/raw/sprites/knight-walk.png.json');
    assert.equal(raw.provenance[0].model, 'gpt-image-2', 'the raw generation keeps its provenance');

    const atlas = json('atlas/ui.json');
    const frames = readPhaserAtlas(atlas);
    assert.equal(frames.length, 3 + 8);
    for (const [name, size] of [
      ['icons/play', 64],
      ['icons/stop', 48],
      ['icons/gear', 96],
    ] as const)
      assert.deepEqual(atlas.frames[name].sourceSize, { w: size, h: size }, name);
    const page = readImageInfo(readFileSync(join(dir, 'atlas/ui.png')))!;
    for (const f of frames)
      assert.ok(f.cut[0] + f.cut[2] <= page.width && f.cut[1] + f.cut[3] <= page.height, `${f.name} outside the page`);
    assert.ok(existsSync(join(dir, 'atlas/ui.multiatlas.json')) && existsSync(join(dir, 'atlas/ui.tres')));

    for (const name of [
      'favicon.ico',
      'apple-touch-icon.png',
      'icon-192.png',
      'icon-512.png',
      'icon-maskable-512.png',
      'site.webmanifest',
      'head.html',
    ])
      assert.ok(existsSync(join(dir, 'public', name)), name);
    assert.equal(json('public/site.webmanifest').name, 'Knight');
    assert.match(readFileSync(join(dir, 'src/assets.gen.ts'), 'utf8'), /export type SpritesKnightWalkFrame = "knight-walk_0"/);

    const status = await run(dir, ['check', '--json'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(status.code, 0, status.stdout);
    assert.ok(JSON.parse(status.stdout).sections.every((s: { state: string }) => s.state === 'up-to-date'));

    const pageBytes = readFileSync(join(dir, 'atlas/ui.png'));
    unlinkSync(join(dir, 'sprites/knight-walk.png'));
    unlinkSync(join(dir, 'atlas/ui.png'));
    const again = await run(dir, ['build'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(api(), 4, 'deleting the sheet and building again sent a request');
    assert.match(again.stdout, /built sprites\/knight-walk\.png {2}\[sheets, 0 request\(s\)\]/);
    assert.deepEqual(readFileSync(join(dir, 'atlas/ui.png')), pageBytes, 'the atlas page is not byte-identical when packed again');
    for (const f of ['sprites/knight-walk.json', 'atlas/ui.json', 'src/assets.gen.ts'])
      assert.ok(!readFileSync(join(dir, f), 'utf8').includes(CANARY_KEY), `${f} holds the key`);
  });

  it('fails check when the typed module is stale, and build brings it back', async () => {
    assert.equal((await run(dir, ['build'], env)).code, 0);
    // A changed manifest: the icon's alt text (no rebuild of the icon, but the module is stale).
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST.replace('"alt": "Play"', '"alt": "Play the game"'));
    const check = await run(dir, ['check'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(check.code, 1);
    assert.match(check.stdout, /stale\s+src\/assets\.gen\.ts .*\[codegen\]/);
    const only = await run(dir, ['build', 'src/assets.gen.ts'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(only.code, 0, only.stderr);
    assert.doesNotMatch(only.stdout, /atlas\/ui\.png/, 'naming the module built the atlas too');
    assert.match(readFileSync(join(dir, 'src/assets.gen.ts'), 'utf8'), /alt: "Play the game"/);
    assert.equal(api(), 4);
    assert.equal((await run(dir, ['check'], { OPENAI_BASE_URL: server.baseUrl })).code, 0);
  });
});
