// `assets build --dry-run` shows each asset's estimate and the total, with complexity counted where
// the model's price row scales by it (the 2.6 models); nothing is sent.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANARY_KEY, useFakeImagesApi } from '../support';
import { makeTempDir, removeTempDir, runCliAgainst } from '../reliability/cliHarness';

describe('CLI: assets build --dry-run estimates', () => {
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  beforeEach(() => (dir = makeTempDir('image-studio-dry-')));
  afterEach(() => removeTempDir(dir));

  const dryRun = async (complexity: string | undefined, json = false) => {
    const manifest = join(dir, 'image-studio.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        defaults: { quality: 'low', size: '1024x1024' },
        assets: {
          'hero.png': { prompt: 'a lighthouse', model: 'gpt-image-2.6-flare', ...(complexity ? { complexity } : {}) },
          'coin.png': { prompt: 'a coin', model: 'gpt-image-2', n: 2 },
        },
      }),
    );
    return runCliAgainst(server, ['assets', 'build', '--dry-run', '--manifest', manifest, ...(json ? ['--json'] : [])]);
  };

  it('changes with complexity and names it', async () => {
    const high = await dryRun(undefined);
    assert.equal(high.code, 0, high.stderr);
    assert.match(high.stdout, /would build hero\.png {2}\(missing; ≈ \$0\.011, complexity high ×1 \(docs\.laozhang\.ai/);
    // gpt-image-2 by its tokens: 2 × 272 output tokens × $30 per million.
    assert.match(high.stdout, /would build coin\.png {2}\(missing; ≈ \$0\.016\)/);
    assert.match(high.stdout, /estimated cost: \$0\.027 for 2 asset\(s\), at the prices of \d{4}-\d{2}-\d{2}; an estimate, not a bill/);
    const low = await dryRun('low');
    assert.match(low.stdout, /would build hero\.png {2}\(missing; ≈ \$0\.033–\$0\.044, complexity low ×3–4/);
    assert.match(low.stdout, /estimated cost: \$0\.049–\$0\.06 for 2 asset\(s\)/);
    const json = JSON.parse((await dryRun('medium', true)).stdout) as {
      entries: Array<{ path: string; estimate?: { low: number; high: number; complexity?: { value: string } } }>;
    };
    const hero = json.entries.find((e) => e.path === 'hero.png')!;
    assert.deepEqual([hero.estimate?.complexity?.value, hero.estimate?.low.toFixed(3)], ['medium', '0.033']);
    assert.equal(server.requests.length, 0, 'a dry run sends nothing');
  });
});
