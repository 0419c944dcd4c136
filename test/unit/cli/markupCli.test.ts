// `image-studio edit --markup FILE` and `"markup"` on a manifest asset, through the CLI against the
// fake (taught the markup rules): the notes leave as their own part, the sidecar records their hash,
// the refusals come before anything is sent, and a changed markup file makes its asset stale.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../../src/core/provenance';
import { encodePng, encodeRgbaPng } from '../../support/png';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';

/** A transparent PNG with one red line of notes at `y`. */
function notesPng(width: number, height: number, y = 5): Buffer {
  const data = new Uint8Array(width * height * 4);
  for (let x = 2; x < width - 2; x++) data.set([230, 20, 20, 255], (y * width + x) * 4);
  return encodeRgbaPng({ width, height, data });
}

describe('CLI: markup edits', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('image-studio-markup-');
    writeFileSync(join(dir, 'door.png'), encodePng(64, 48));
    writeFileSync(join(dir, 'door.notes.png'), notesPng(64, 48));
  });
  afterEach(() => removeTempDir(dir));

  const edit = (...extra: string[]) =>
    runCliAgainst(server, [
      'edit',
      '--image',
      join(dir, 'door.png'),
      '--prompt',
      'paint the circled door red',
      '--out',
      join(dir, 'out'),
      '--model',
      'gpt-image-2.6-flare',
      '--json',
      ...extra,
    ]);

  it('edit --markup sends the notes as a `markup` part and records their hash in the sidecar', async () => {
    const r = await edit('--markup', join(dir, 'door.notes.png'));
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const rec = server.requests.at(-1)!;
    assert.deepEqual(
      rec.files.map((f) => [f.field, f.filename, f.contentType]),
      [
        ['image', 'door.png', 'image/png'],
        ['markup', 'door.notes.png', 'image/png'],
      ],
    );
    const out = JSON.parse(r.stdout) as { files: Array<{ path: string; sidecar: string }> };
    const sidecar = JSON.parse(readFileSync(out.files[0]!.sidecar, 'utf8')) as { inputs: Array<{ role: string; sha256: string }> };
    assert.deepEqual(
      sidecar.inputs.map((i) => i.role),
      ['image', 'markup'],
    );
    assert.equal(sidecar.inputs[1]!.sha256, await sha256Hex(readFileSync(join(dir, 'door.notes.png'))));
  });

  it('refuses, before sending, markup with a mask, at another size, to a model without markup, or covering everything', async () => {
    writeFileSync(join(dir, 'door.mask.png'), encodePng(64, 48, { alpha: 'transparent-left' }));
    writeFileSync(join(dir, 'small.notes.png'), notesPng(32, 24));
    writeFileSync(join(dir, 'opaque.png'), encodePng(64, 48));
    const cases: Array<[string[], RegExp]> = [
      [['--markup', join(dir, 'door.notes.png'), '--mask', join(dir, 'door.mask.png')], /cannot also have a mask/],
      [['--markup', join(dir, 'small.notes.png')], /is 32x24 but the first image is 64x48/],
      [['--markup', join(dir, 'door.notes.png'), '--model', 'gpt-image-2'], /gpt-image-2 does not take markup edits/],
      [['--markup', join(dir, 'opaque.png')], /no transparent pixel, so it would cover the whole image/],
    ];
    for (const [args, message] of cases) {
      const r = await edit(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });

  it('a manifest asset with "markup" is built as a markup edit; changed notes make it stale', async () => {
    const manifest = join(dir, 'image-studio.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        assets: {
          'door-red.png': {
            prompt: 'the circled door in red',
            model: 'gpt-image-2.6-sunburst',
            inputs: ['door.png'],
            markup: 'door.notes.png',
          },
        },
      }),
    );
    const assets = (...args: string[]) => runCliAgainst(server, ['assets', ...args, '--manifest', manifest]);
    let r = await assets('build');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      server.requests.at(-1)!.files.map((f) => f.field),
      ['image', 'markup'],
    );
    const sidecar = JSON.parse(readFileSync(join(dir, 'door-red.png.json'), 'utf8')) as {
      inputs: Array<{ role: string; filename: string }>;
    };
    assert.deepEqual(
      sidecar.inputs.map((i) => [i.role, i.filename]),
      [
        ['image', 'door.png'],
        ['markup', 'door.notes.png'],
      ],
    );
    r = await assets('status');
    assert.match(r.stdout, /up to date\s+door-red\.png/);
    writeFileSync(join(dir, 'door.notes.png'), notesPng(64, 48, 30));
    r = await assets('status');
    assert.match(r.stdout, /stale\s+door-red\.png/, 'the notes are part of the spec');
    assert.ok(readdirSync(dir).includes('door-red.png'));
  });

  it('the manifest refuses markup without inputs, with a mask, or on a model without markup', async () => {
    const manifest = join(dir, 'image-studio.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        assets: {
          'a.png': { prompt: 'a', markup: 'door.notes.png' },
          'b.png': { prompt: 'b', inputs: ['door.png'], mask: 'door.notes.png', markup: 'door.notes.png', model: 'gpt-image-2.6-flare' },
          'c.png': { prompt: 'c', inputs: ['door.png'], markup: 'door.notes.png', model: 'gpt-image-2' },
        },
      }),
    );
    const r = await runCliAgainst(server, ['assets', 'check', '--manifest', manifest]);
    assert.match(r.stderr, /A "markup" needs "inputs"/);
    assert.match(r.stderr, /"markup" or "mask", not both/);
    const status = await runCliAgainst(server, ['assets', 'status', '--json', '--manifest', manifest]);
    const c = (JSON.parse(status.stdout) as { assets: Array<{ path: string; state: string; reason: string }> }).assets.find(
      (a) => a.path === 'c.png',
    )!;
    assert.equal(c.state, 'invalid');
    assert.match(c.reason, /gpt-image-2 does not take markup edits/);
    assert.equal(server.requests.length, 0);
  });
});
