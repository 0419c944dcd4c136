// `assets build --max-cost` is a ceiling: an asset whose quality the model picks (auto) is priced
// as a range, and the build is refused when the top of that range is above the limit, even though
// its middle (what --dry-run shows as the estimate) is below it. The MCP server's limit works so.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PRICES, estimateCost } from '../../../src/core/pricing';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';

describe('image-studio assets build --max-cost: held to the top of the estimate', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('image-studio-max-cost-');
    writeFileSync(
      join(dir, 'image-studio.json'),
      JSON.stringify({ assets: { 'art/hero.png': { prompt: 'a hero', model: 'gpt-image-2', quality: 'auto', size: '1024x1024' } } }),
    );
  });
  afterEach(() => removeTempDir(dir));
  const build = (limit: number) =>
    runCliAgainst(server, ['assets', 'build', '--max-cost', String(limit), '--manifest', join(dir, 'image-studio.json')]);

  it('refuses a limit between the middle and the top of the range, with nothing sent; builds under a limit above the top', async () => {
    const range = estimateCost(DEFAULT_PRICES, { model: 'gpt-image-2', quality: 'auto', size: '1024x1024', n: 1 })!;
    const middle = (range.low + range.high) / 2;
    assert.ok(range.high > middle, 'auto quality is priced as a range');
    const between = Math.round(((middle + range.high) / 2) * 1000) / 1000;
    assert.ok(between > middle && between < range.high);

    const refused = await build(between);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /could reach \$[\d.]+, which is above --max-cost/);
    assert.equal(server.requests.filter((r) => r.endpoint).length, 0, 'a request was sent past --max-cost');
    assert.ok(!existsSync(join(dir, 'art/hero.png')));

    const built = await build(range.high + 0.01);
    assert.equal(built.code, 0, built.stderr);
    assert.ok(existsSync(join(dir, 'art/hero.png')));
  });
});
