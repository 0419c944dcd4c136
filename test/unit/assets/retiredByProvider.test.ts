// A model OpenAI retired may still be served by a compatible server: the manifest does not refuse
// it, the build asks the server, and on OpenAI the build says why nothing was made.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/assets/manifest';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const MANIFEST = JSON.stringify({ defaults: { model: 'dall-e-2', size: '256x256' }, assets: { 'a/tile.png': { prompt: 'a tile' } } });

describe('a model retired on OpenAI, in a manifest (CLI, fake API)', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('image-studio-retired-');
    writeFileSync(join(dir, 'image-studio.json'), MANIFEST);
  });
  afterEach(() => removeTempDir(dir));
  const build = (extra: string[]) => runCliAgainst(server, ['assets', 'build', '--manifest', join(dir, 'image-studio.json'), ...extra]);

  it('is no manifest error: retirement depends on the provider', () => {
    assert.deepEqual(
      parseManifest(BUILT_IN_MODELS, MANIFEST).problems.map((p) => p.message),
      [],
    );
  });

  it('builds on a compatible server that still serves it', async () => {
    server.setMode({ provider: 'compatible' });
    const r = await build(['--provider', 'compatible']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'a/tile.png')));
  });

  it('on OpenAI, fails the asset naming the replacement, sends nothing and never claims "up to date"', async () => {
    const r = await build([]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /dall-e-2 was retired on 2026-05-12; use gpt-image-2\.6-sunburst/);
    assert.doesNotMatch(r.stdout, /up to date/);
    assert.equal(existsSync(join(dir, 'a/tile.png')), false);
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });
});
