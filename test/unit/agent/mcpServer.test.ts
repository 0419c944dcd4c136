// The MCP door as an agent meets it: `image-studio mcp` (dist/cli.js) started over stdio by the
// official SDK's own Client, against the fake Images API. Every answer, progress line and log
// line is searched for the canary key. With IMAGE_STUDIO_TRANSCRIPTS set, the calls and answers
// are written out as a transcript.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS } from '../../../src/core/agent/toolDefinitions';
import { readImageInfo } from '../../../src/core/image/imageInfo';
import { decodePngRgba, encodePng } from '../../support/png';
import { Transcript } from '../../support/transcript';
import { CANARY_KEY, holdUntilReleased, useFakeImagesApi } from '../support';
import { startSession, type Session, type SessionOptions } from './mcpSession';
import { until } from '../reliability/cliHarness';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

describe('image-studio mcp: the MCP door driven by the SDK client', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY, refuseTransparentFor: ['gpt-image-2'] });
  const transcript = new Transcript('The MCP door: `image-studio mcp` driven by the MCP SDK client (against the fake Images API)');
  let root: string;
  let cache: string;
  const sessions: Session[] = [];

  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'image-studio-mcp-cache-'));
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'image-studio-mcp-'));
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      await s.close();
      const everything = [...s.seen, s.stderr()].join('\n');
      assert.ok(!everything.includes(CANARY_KEY), 'the key reached an answer, a progress message or the log');
    }
    rmSync(root, { recursive: true, force: true });
  });
  after(() => {
    rmSync(cache, { recursive: true, force: true });
    transcript.write('mcp.md');
  });

  /** Starts the server as an MCP client would (see mcpSession.ts); closed and searched for the key after each test. */
  async function connect(opts: SessionOptions = {}): Promise<Session> {
    const session = await startSession({ cli: CLI, root, cache, baseUrl: server.baseUrl, transcript, ...opts });
    sessions.push(session);
    return session;
  }

  const text = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  const posts = () => server.requests.filter((r) => r.method === 'POST').length;

  it('lists the three tools with the names and schemas core declares', async () => {
    const s = await connect();
    const version = (JSON.parse(readFileSync(join(CLI, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
    assert.deepEqual(s.client.getServerVersion(), { name: 'image-studio', version });
    const listed = await s.client.listTools();
    transcript.add('List the tools', { method: 'tools/list' }, { tools: listed.tools.map((t) => ({ name: t.name, title: t.title })) });
    assert.deepEqual(
      listed.tools.map((t) => t.name),
      AGENT_TOOLS.map((t) => t.name),
    );
    for (const tool of AGENT_TOOLS) {
      const shown = listed.tools.find((t) => t.name === tool.name)!;
      assert.deepEqual(shown.inputSchema, tool.inputSchema);
      assert.equal(shown.description, tool.description);
    }
  });

  it('makes a transparent 64×64 sprite at assets/coin.png: the size is refused, an asset with resize builds it', async () => {
    const s = await connect();
    const direct = await s.call(
      'image_studio_generate',
      { prompt: 'A shiny gold coin, pixel art, centred', path: 'assets/coin.png', size: '64x64', background: 'transparent' },
      'Generate a 64×64 sprite directly (refused: the model makes no such size)',
    );
    assert.equal(direct.isError, true);
    assert.match(text(direct), /64x64/);
    assert.match(text(direct), /image_studio_assets with "resize"/);
    assert.equal(posts(), 0, 'nothing is sent for a refused call');

    const added = await s.call(
      'image_studio_assets',
      {
        action: 'add',
        path: 'assets/coin.png',
        prompt: 'A shiny gold coin, pixel art, centred',
        size: '1024x1024',
        background: 'transparent',
        resize: '64x64',
      },
      'Declare the sprite in the manifest',
    );
    assert.equal(added.isError, undefined, text(added));
    const manifest = JSON.parse(readFileSync(join(root, 'image-studio.json'), 'utf8')) as {
      assets: Record<string, Record<string, unknown>>;
    };
    assert.deepEqual(manifest.assets['assets/coin.png'], {
      prompt: 'A shiny gold coin, pixel art, centred',
      size: '1024x1024',
      background: 'transparent',
      resize: '64x64',
      transparencyFallback: true,
    });
    assert.equal(posts(), 0);

    const built = await s.call('image_studio_assets', { action: 'build', paths: ['assets/coin.png'] }, 'Build it');
    assert.equal(built.isError, undefined, text(built));
    assert.match(text(built), /built assets\/coin\.png \(sidecar assets\/coin\.png\.json/);
    const bytes = readFileSync(join(root, 'assets', 'coin.png'));
    const info = readImageInfo(bytes)!;
    assert.deepEqual([info.format, info.width, info.height, info.hasAlpha], ['png', 64, 64, true]);
    const pixels = decodePngRgba(bytes);
    assert.equal(pixels.data[3], 0, 'the key-colour background was made transparent');
    const sidecar = JSON.parse(readFileSync(join(root, 'assets', 'coin.png.json'), 'utf8')) as Record<string, unknown>;
    assert.equal((sidecar.asset as { path: string }).path, 'assets/coin.png');
    assert.ok(sidecar.transparencyFallback, 'the refusal and the fallback are recorded');
    const preview = built.content.find((c) => c.type === 'image') as { data: string; mimeType: string } | undefined;
    assert.equal(preview?.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(preview!.data, 'base64'), bytes, 'a 64×64 image is its own preview');

    const checked = await s.call('image_studio_assets', { action: 'check' }, 'Check the manifest');
    assert.match(text(checked), /Check passed/);
    assert.match(text(checked), /assets\/coin\.png: up to date/);
  });

  it('never overwrites: a taken file gets a numbered name with its sidecar, and a small preview', async () => {
    mkdirSync(join(root, 'art'));
    writeFileSync(join(root, 'art', 'hero.png'), 'precious');
    const s = await connect();
    const r = await s.call(
      'image_studio_generate',
      { prompt: 'A hero on a cliff at dawn', path: 'art/hero.png', size: '1536x1024', quality: 'low' },
      'Generate into a file that exists',
    );
    assert.equal(r.isError, undefined, text(r));
    assert.equal(readFileSync(join(root, 'art', 'hero.png'), 'utf8'), 'precious');
    assert.deepEqual(readdirSync(join(root, 'art')).sort(), ['hero-2.png', 'hero-2.png.json', 'hero.png']);
    assert.match(text(r), /art\/hero\.png already existed and was kept/);
    assert.match(text(r), /- art\/hero-2\.png \(sidecar art\/hero-2\.png\.json\)/);
    const preview = r.content.find((c) => c.type === 'image') as { data: string } | undefined;
    const shown = readImageInfo(Buffer.from(preview!.data, 'base64'))!;
    assert.deepEqual([shown.width, shown.height], [256, 171], 'the preview is small');
  });

  it('edits with a mask: the pixels the mask keeps stay identical, the raw result is kept beside', async () => {
    mkdirSync(join(root, 'photos'));
    writeFileSync(join(root, 'photos', 'room.png'), encodePng(1024, 1024, { color: [200, 180, 150] }));
    writeFileSync(join(root, 'photos', 'room-mask.png'), encodePng(1024, 1024, { alpha: 'transparent-left' }));
    // The model repaints outside the mask too (GPT image models take it as guidance): protection must undo that.
    server.queueFault({ kind: 'repaint_outside_mask' });
    const s = await connect();
    const r = await s.call(
      'image_studio_edit',
      { images: ['photos/room.png'], mask: 'photos/room-mask.png', prompt: 'A red armchair on the left', path: 'photos/' },
      'Edit with a mask',
    );
    assert.equal(r.isError, undefined, text(r));
    const edits = server.requests.filter((q) => q.endpoint === 'edits');
    assert.deepEqual(
      edits[0]!.files.map((f) => f.filename),
      ['room.png', 'room-mask.png'],
    );
    const saved = readdirSync(join(root, 'photos')).filter((f) => /^a-red-armchair.*\.png$/.test(f) && !f.includes('.raw.'));
    assert.equal(saved.length, 1, readdirSync(join(root, 'photos')).join());
    assert.ok(existsSync(join(root, 'photos', saved[0]!.replace(/\.png$/, '.raw.png'))), "the model's own result is kept");
    const original = decodePngRgba(readFileSync(join(root, 'photos', 'room.png')));
    const result = decodePngRgba(readFileSync(join(root, 'photos', saved[0]!)));
    const at = (img: typeof original, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];
    assert.deepEqual(at(result, 900, 500), at(original, 900, 500), 'a kept pixel is the original');
    assert.match(text(r), /sidecar photos\/a-red-armchair/);
    assert.match(text(r), /the model's own result kept as photos\/.*\.raw\.png/);
  });

  it('adds to the nearest manifest keeping its comments, and refuses to replace an entry unless asked', async () => {
    mkdirSync(join(root, 'web'));
    const original =
      '{\n  // icons for the site\n  "defaults": { "quality": "low" },\n  "assets": {\n    "logo.png": { "prompt": "A logo" } // keep me\n  }\n}\n';
    writeFileSync(join(root, 'web', 'image-studio.json'), original);
    const s = await connect();
    const r = await s.call(
      'image_studio_assets',
      {
        action: 'add',
        path: 'web/icons/app.png',
        prompt: 'An app icon',
        size: '1024x1024',
        quality: 'low',
        sizes: { 'web/icons/app-32.png': '32x32' },
      },
      'Add an asset to the nearest manifest (its comments kept)',
    );
    assert.equal(r.isError, undefined, text(r));
    const written = readFileSync(join(root, 'web', 'image-studio.json'), 'utf8');
    assert.match(written, /\/\/ icons for the site/);
    assert.match(written, /\/\/ keep me/);
    assert.match(written, /"icons\/app\.png": \{/);
    assert.match(written, /"icons\/app-32\.png": "32x32"/);
    assert.doesNotMatch(written, /"quality": "low",\s*\n\s*"sizes"/, 'what the defaults say is left out');
    assert.ok(!existsSync(join(root, 'image-studio.json')), 'no manifest at the root');
    const again = await s.call('image_studio_assets', { action: 'add', path: 'web/icons/app.png', prompt: 'Another' });
    assert.equal(again.isError, true);
    assert.match(text(again), /already an asset.*"replace": true/);
    assert.equal(readFileSync(join(root, 'web', 'image-studio.json'), 'utf8'), written);
    const invalid = await s.call('image_studio_assets', { action: 'add', path: 'web/bad.png', prompt: 'x', resize: 'huge' });
    assert.equal(invalid.isError, true);
    assert.match(text(invalid), /"resize" must be WIDTHxHEIGHT/);
  });

  it('refuses every path outside the root with a tool error, before anything is read or sent', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
    try {
      writeFileSync(join(outside, 'secret.png'), encodePng(64, 64));
      symlinkSync(outside, join(root, 'link'));
      const s = await connect();
      const calls: Array<[string, Record<string, unknown>]> = [
        ['image_studio_generate', { prompt: 'x', path: '../escape.png' }],
        ['image_studio_generate', { prompt: 'x', path: join(outside, 'abs.png') }],
        ['image_studio_generate', { prompt: 'x', path: 'link/through.png' }],
        ['image_studio_edit', { images: [join(outside, 'secret.png')], prompt: 'x' }],
        ['image_studio_edit', { images: ['link/secret.png'], prompt: 'x' }],
        ['image_studio_edit', { images: ['~/.ssh/id_rsa'], prompt: 'x' }],
        ['image_studio_assets', { action: 'add', path: 'a/../../b.png', prompt: 'x' }],
        ['image_studio_assets', { action: 'status', manifest: '../image-studio.json' }],
      ];
      for (const [name, args] of calls) {
        const r = await s.call(
          name,
          args,
          name === 'image_studio_generate' && args.path === '../escape.png' ? 'A path outside the root' : undefined,
        );
        assert.equal(r.isError, true, `${name} ${JSON.stringify(args)}: ${text(r)}`);
        assert.match(text(r), /outside the workspace folder/, text(r));
      }
      assert.equal(posts(), 0, 'nothing was sent');
      assert.deepEqual(readdirSync(outside), ['secret.png'], 'nothing was written outside');
      assert.deepEqual(readdirSync(root), ['link']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('cancelling the call ends the request: nothing is saved, and the server goes on', async () => {
    // The answer is held until the server has ended the call: only an abort that reached the request ends it.
    const held = holdUntilReleased();
    server.queueFault({ kind: 'wait_for', release: held.promise });
    const s = await connect();
    const controller = new AbortController();
    const pending = s.call('image_studio_generate', { prompt: 'A slow lighthouse', size: '1024x1024' }, undefined, controller.signal);
    await until(() => posts() === 1, 'the request to reach the API', 10_000);
    controller.abort();
    await assert.rejects(pending, /abort/i);
    await until(() => /image_studio_generate: failed/.test(s.stderr()), 'the server to end the call', 10_000);
    held.release();
    transcript.add(
      'Cancel a call while the API is working on it',
      { method: 'tools/call', params: { name: 'image_studio_generate', arguments: { prompt: 'A slow lighthouse', size: '1024x1024' } } },
      { note: 'The client sent notifications/cancelled; the server aborted the request to the Images API and saved nothing.' },
    );
    const after = await s.call('image_studio_assets', { action: 'status' });
    assert.match(text(after), /no manifest/i);
    assert.ok(!existsSync(join(root, 'images')) || readdirSync(join(root, 'images')).length === 0, 'no image and no temp file');
  });

  it('holds calls to --max-cost: refused without elicitation, sent only when the user confirms', async () => {
    const dear = { prompt: 'Ten posters', n: 10, quality: 'high', size: '1024x1536' };
    const plain = await connect();
    const refused = await plain.call('image_studio_generate', dear, 'A call above --max-cost, from a client that cannot ask its user');
    assert.equal(refused.isError, true);
    assert.match(text(refused), /above this server's limit of \$0\.25 \(--max-cost\)\. Nothing was sent/);
    assert.equal(posts(), 0);

    const declined = await connect({ elicit: () => false });
    const no = await declined.call('image_studio_generate', dear);
    assert.equal(no.isError, true);
    assert.match(text(no), /did not confirm/);
    // Ten high-quality 1024x1536 images of gpt-image-2, priced by its tokens.
    assert.match(declined.seen[0]!, /Estimated cost: about \$1\.87/);
    assert.equal(posts(), 0);

    const confirming = await connect({ elicit: () => true, args: ['--max-cost', '1'] });
    const yes = await confirming.call('image_studio_generate', dear, 'A call above --max-cost, confirmed by the user through elicitation');
    assert.equal(yes.isError, undefined, text(yes));
    assert.match(text(yes), /Saved 10 images/);
    assert.match(confirming.seen[0]!, /Sends: the prompt "Ten posters" to gpt-image-2 \(10 images, 1024x1536, high\)/);
  });

  it('takes the key from the environment only: without it, status works and generate says so; nothing is sent', async () => {
    const s = await connect({ env: { OPENAI_API_KEY: '' } });
    const r = await s.call('image_studio_generate', { prompt: 'x', size: '1024x1024' }, 'No key in the environment');
    assert.equal(r.isError, true);
    assert.match(text(r), /No API key: the server reads it from OPENAI_API_KEY in its environment \(never from an argument\)/);
    assert.equal(posts(), 0);
    const flagged = await new Promise<string>((done) => {
      const child = spawn(process.execPath, [CLI, 'mcp', '--api-key', CANARY_KEY], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d));
      child.on('close', () => done(err));
    });
    assert.match(flagged, /never from a flag/);
    assert.ok(!flagged.includes(CANARY_KEY));
  });

  it('keeps the key out of every answer even when the server echoes it', async () => {
    server.queueFault({ kind: 'echo_key' });
    const s = await connect();
    const r = await s.call('image_studio_generate', { prompt: 'A canary', size: '1024x1024' });
    assert.equal(r.isError, undefined, text(r));
    assert.ok(!JSON.stringify(r).includes(CANARY_KEY));
    const sidecars = readdirSync(join(root, 'images')).filter((f) => f.endsWith('.json'));
    for (const f of sidecars) assert.ok(!readFileSync(join(root, 'images', f), 'utf8').includes(CANARY_KEY));
  });
});
