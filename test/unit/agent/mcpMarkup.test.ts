// image_studio_edit with `markup` through the MCP door: the notes leave as their own multipart part
// to a model that takes markup edits, the sidecar records them, and every refusal (with a mask,
// another size, a model without markup, notes covering everything) comes before anything is sent.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sha256Hex } from '../../../src/core/provenance';
import { encodePng, encodeRgbaPng } from '../../support/png';
import { Transcript } from '../../support/transcript';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { startSession, type Session } from './mcpSession';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

/** A transparent PNG with one red line of notes at `y` (opaque: false draws nothing). */
function notesPng(width: number, height: number, opaque = true): Buffer {
  const data = new Uint8Array(width * height * 4);
  if (opaque) for (let x = 2; x < width - 2; x++) data.set([230, 20, 20, 255], (5 * width + x) * 4);
  return encodeRgbaPng({ width, height, data });
}

describe('image-studio mcp: markup edits', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  const transcript = new Transcript('The MCP door: a markup edit (against the fake Images API)');
  let root: string;
  let cache: string;
  let session: Session | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'image-studio-mcp-markup-'));
    cache = mkdtempSync(join(tmpdir(), 'image-studio-mcp-cache-'));
    mkdirSync(join(root, 'art'));
    writeFileSync(join(root, 'art', 'door.png'), encodePng(64, 48));
    writeFileSync(join(root, 'art', 'door.notes.png'), notesPng(64, 48));
  });
  afterEach(async () => {
    await session?.close();
    if (session) assert.ok(![...session.seen, session.stderr()].join('\n').includes(CANARY_KEY), 'the key reached an answer');
    session = undefined;
    for (const dir of [root, cache]) rmSync(dir, { recursive: true, force: true });
  });
  after(() => transcript.write('mcp-markup.md'));

  const text = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  async function edit(args: Record<string, unknown>, title?: string): Promise<CallToolResult> {
    session ??= await startSession({ cli: CLI, root, cache, baseUrl: server.baseUrl, transcript });
    return session.call('image_studio_edit', { images: ['art/door.png'], prompt: 'Paint the circled door red', ...args }, title);
  }

  it('sends the notes as a `markup` part to a markup model and records their hash in the sidecar', async () => {
    const r = await edit({ markup: 'art/door.notes.png', model: 'gpt-image-2.6-flare', path: 'art/door-red.png' }, 'Edit with markup');
    assert.equal(r.isError, undefined, text(r));
    const sent = server.requests.filter((q) => q.endpoint === 'edits');
    assert.equal(sent.length, 1);
    assert.deepEqual(
      sent[0]!.files.map((f) => [f.field, f.filename]),
      [
        ['image', 'door.png'],
        ['markup', 'door.notes.png'],
      ],
    );
    assert.ok(readdirSync(join(root, 'art')).includes('door-red.png'), readdirSync(join(root, 'art')).join());
    assert.match(text(r), /sidecar art\/door-red\.png\.json/);
    const sidecar = JSON.parse(readFileSync(join(root, 'art', 'door-red.png.json'), 'utf8')) as {
      inputs: Array<{ role: string; sha256: string }>;
    };
    assert.deepEqual(
      sidecar.inputs.map((i) => i.role),
      ['image', 'markup'],
    );
    assert.equal(sidecar.inputs[1]!.sha256, await sha256Hex(readFileSync(join(root, 'art', 'door.notes.png'))));
  });

  it('declares an asset with markup in the manifest, and builds it as a markup edit', async () => {
    const args = { path: 'art/door-red.png', prompt: 'The circled door in red', model: 'gpt-image-2.6-flare' };
    session ??= await startSession({ cli: CLI, root, cache, baseUrl: server.baseUrl, transcript });
    const added = await session.call(
      'image_studio_assets',
      { action: 'add', ...args, inputs: ['art/door.png'], markup: 'art/door.notes.png' },
      'Declare an asset made with markup',
    );
    assert.equal(added.isError, undefined, text(added));
    const manifest = JSON.parse(readFileSync(join(root, 'image-studio.json'), 'utf8')) as { assets: Record<string, unknown> };
    assert.deepEqual(manifest.assets['art/door-red.png'], {
      prompt: 'The circled door in red',
      model: 'gpt-image-2.6-flare',
      inputs: ['art/door.png'],
      markup: 'art/door.notes.png',
    });
    const built = await session.call('image_studio_assets', { action: 'build' }, 'Build it');
    assert.equal(built.isError, undefined, text(built));
    assert.deepEqual(
      server.requests.at(-1)!.files.map((f) => [f.field, f.filename]),
      [
        ['image', 'door.png'],
        ['markup', 'door.notes.png'],
      ],
    );
    assert.match(text(built), /built art\/door-red\.png/);
  });

  it('refuses markup with a mask, at another size, to a model without markup, or covering everything; nothing is sent', async () => {
    writeFileSync(join(root, 'art', 'door.mask.png'), encodePng(64, 48, { alpha: 'transparent-left' }));
    writeFileSync(join(root, 'art', 'small.notes.png'), notesPng(32, 24));
    writeFileSync(join(root, 'art', 'opaque.png'), encodePng(64, 48));
    writeFileSync(join(root, 'art', 'empty.notes.png'), notesPng(64, 48, false));
    const model = 'gpt-image-2.6-flare';
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ markup: 'art/door.notes.png', mask: 'art/door.mask.png', model }, /markup and mask cannot be combined/],
      [{ markup: 'art/small.notes.png', model }, /is 32x24 but the first image is 64x48/],
      [{ markup: 'art/door.notes.png', model: 'gpt-image-2' }, /gpt-image-2 does not take markup edits.*gpt-image-2\.6-flare/s],
      [{ markup: 'art/opaque.png', model }, /no transparent pixel, so it would cover the whole image/],
      [{ markup: '../outside.png', model }, /outside the workspace folder/],
    ];
    for (const [args, message] of cases) {
      const r = await edit(args, args.model === 'gpt-image-2' ? 'Markup to a model without markup edits' : undefined);
      assert.equal(r.isError, true, `${JSON.stringify(args)}: ${text(r)}`);
      assert.match(text(r), message);
    }
    assert.equal(server.requests.length, 0, 'nothing was sent');
    // Notes with nothing drawn are sent, with a warning that the edit follows the prompt alone.
    const empty = await edit({ markup: 'art/empty.notes.png', model });
    assert.equal(empty.isError, undefined, text(empty));
    assert.match(text(empty), /empty\.notes\.png is fully transparent: it holds no note/);
  });
});
