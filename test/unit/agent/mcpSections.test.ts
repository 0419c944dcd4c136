// image_studio_assets status and check over a manifest with sections (sheets, atlases, icon sets,
// the typed module): the agent's check gives the verdict `image-studio assets check` gives in CI.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Transcript } from '../../support/transcript';
import { runCliAgainst } from '../reliability/cliHarness';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { startSession, type Session } from './mcpSession';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

describe('image-studio mcp: status and check see the manifest sections', function () {
  this.timeout(30000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  // Not written: the transcript of the door is mcpServer.test.ts's.
  const transcript = new Transcript('unused');
  let root: string;
  let cache: string;
  let session: Session | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'image-studio-mcp-sections-'));
    cache = mkdtempSync(join(tmpdir(), 'image-studio-mcp-cache-'));
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    for (const dir of [root, cache]) rmSync(dir, { recursive: true, force: true });
  });

  const text = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  async function assets(action: string): Promise<CallToolResult> {
    session ??= await startSession({ cli: CLI, root, cache, baseUrl: server.baseUrl, transcript });
    return session.call('image_studio_assets', { action });
  }

  it('fails the check while the typed module is missing, as CI does, and passes once it is built', async () => {
    writeFileSync(join(root, 'image-studio.json'), JSON.stringify({ assets: {}, codegen: { out: 'src/assets.gen.ts' } }));
    const status = await assets('status');
    assert.equal(status.isError, undefined, text(status));
    assert.match(text(status), /- src\/assets\.gen\.ts: missing \(.*\) \[codegen\]/);

    const failed = await assets('check');
    assert.match(text(failed), /Check failed/);
    assert.match(
      text(failed),
      /1 sheet, atlas, icon set or module entries are missing or stale: build them with `image-studio assets build`/,
    );
    const ci = await runCliAgainst(server, ['assets', 'check', '--manifest', join(root, 'image-studio.json')]);
    assert.equal(ci.code, 1, 'CI fails too');

    const built = await runCliAgainst(server, ['assets', 'build', '--manifest', join(root, 'image-studio.json')]);
    assert.equal(built.code, 0, built.stderr);
    const passed = await assets('check');
    assert.match(text(passed), /Check passed/);
    assert.match(text(passed), /- src\/assets\.gen\.ts: up to date/);
    assert.equal(server.requests.length, 0, 'the module is made without a request');
  });
});
