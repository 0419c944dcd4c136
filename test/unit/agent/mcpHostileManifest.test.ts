// The MCP door over a cloned repository's manifest: its links are judged by the same
// inside-the-folder rule as `image-studio assets` (core/assets/assetPaths.ts), before anything is
// read or sent. The agent's own, older check missed `.image-studio` as a link and markup files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { encodePng } from '../../support/png';
import { Transcript } from '../../support/transcript';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { startSession, type Session } from './mcpSession';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

describe("image-studio mcp: a cloned repository's manifest with links", function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  // Not written: the transcript of the door is mcpServer.test.ts's.
  const transcript = new Transcript('unused');
  let root: string;
  let outside: string;
  let cache: string;
  let session: Session | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'image-studio-mcp-repo-'));
    outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
    cache = mkdtempSync(join(tmpdir(), 'image-studio-mcp-cache-'));
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    for (const dir of [root, outside, cache]) rmSync(dir, { recursive: true, force: true });
  });

  const text = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  const posts = () => server.requests.filter((r) => r.method === 'POST').length;
  const manifest = (assets: Record<string, Record<string, unknown>>) =>
    writeFileSync(join(root, 'image-studio.json'), JSON.stringify({ assets }, null, 2));
  async function call(args: Record<string, unknown>): Promise<CallToolResult> {
    session ??= await startSession({ cli: CLI, root, cache, baseUrl: server.baseUrl, transcript });
    return session.call('image_studio_assets', args);
  }

  it('refuses to build when .image-studio is a link out of the folder: nothing is sent, nothing written there', async () => {
    symlinkSync(outside, join(root, '.image-studio'));
    manifest({ 'assets/coin.png': { prompt: 'A gold coin', size: '1024x1024' } });
    const built = await call({ action: 'build' });
    assert.equal(built.isError, true, text(built));
    assert.match(text(built), /\.image-studio is a link to .*Nothing was read, built or sent\./s);
    assert.equal(posts(), 0, 'no request was paid for before the refusal');
    assert.deepEqual(readdirSync(outside), []);
  });

  it('refuses status, check and build when an input or a markup file goes through a link out of the folder', async () => {
    writeFileSync(join(outside, 'secret.png'), encodePng(64, 64));
    symlinkSync(outside, join(root, 'notes'));
    mkdirSync(join(root, 'art'));
    writeFileSync(join(root, 'art', 'hero.png'), encodePng(64, 64));
    const cases: Array<Record<string, unknown>> = [
      { prompt: 'Add a hat', model: 'gpt-image-2', inputs: ['notes/secret.png'] },
      { prompt: 'Add a hat', model: 'gpt-image-2', inputs: ['art/hero.png'], markup: 'notes/secret.png' },
    ];
    for (const spec of cases) {
      manifest({ 'art/hero-hat.png': spec });
      for (const action of ['status', 'check', 'build']) {
        const r = await call({ action });
        assert.equal(r.isError, true, `${action} ${JSON.stringify(spec)}: ${text(r)}`);
        assert.match(text(r), /notes\/secret\.png goes through a link to .*outside the manifest's folder/s, text(r));
      }
    }
    assert.equal(posts(), 0, 'nothing was sent');
  });
});
