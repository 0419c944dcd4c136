// The cost before spending covers the sprite sheets too: `assets build --dry-run` prices a sheet's
// requests beside the assets, and `--max-cost` refuses a build whose sheets would take it past the
// limit, with nothing sent (the CLI as a process against the fake Images API).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';

describe('image-studio assets: sheets in the estimate and --max-cost (process, fake API)', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('image-studio-sheet-cost-');
    writeFileSync(
      join(dir, 'image-studio.json'),
      JSON.stringify({
        defaults: { model: 'gpt-image-2', quality: 'low' },
        assets: { 'icons/play.png': { prompt: 'a play icon', size: '1024x1024' } },
        // A 4x2 grid is one generation at 1536x1024: $0.01224 at low quality (gpt-image-2's tokens).
        sheets: { 'sprites/knight.png': { prompt: 'a knight walking', grid: '4x2', cell: '64x64' } },
      }),
    );
  });
  afterEach(() => removeTempDir(dir));
  const assets = (args: string[]) => runCliAgainst(server, ['assets', ...args, '--manifest', join(dir, 'image-studio.json')]);
  const sent = () => server.requests.filter((r) => r.endpoint).length;

  it('--dry-run prices the sheet beside the asset, and --max-cost counts it: refused, nothing sent', async () => {
    const dry = await assets(['build', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const { estimate } = JSON.parse(dry.stdout) as {
      estimate: { total: number; assets: Array<{ path: string; usd: number; section?: string }> };
    };
    assert.deepEqual(
      estimate.assets.map((a) => [a.path, a.usd, a.section]),
      [
        ['icons/play.png', 0.00816, undefined],
        ['sprites/knight.png', 0.01224, 'sheets'],
      ],
    );
    assert.equal(estimate.total, 0.0204);
    const text = await assets(['build', '--dry-run']);
    assert.match(text.stdout, /would build sprites\/knight\.png .*\[sheets\] {2}≈ \$0\.012/);
    assert.match(text.stdout, /estimated total with the sheets: \$0\.02/);
    // Above the asset alone ($0.008), below the asset and the sheet ($0.020).
    const refused = await assets(['build', '--max-cost', '0.015']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /the estimate \$0\.02 is above --max-cost \$0\.015; nothing was sent/);
    assert.equal(sent(), 0, 'a request was sent past --max-cost');
    assert.ok(!existsSync(join(dir, 'sprites/knight.png')));
    assert.ok(!existsSync(join(dir, 'icons/play.png')));
  });
});
