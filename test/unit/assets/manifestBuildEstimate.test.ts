// Build All in the Image Assets view prices what it builds: the missing assets and the sprite
// sheets that need a generation (it builds both), as `assets build --dry-run` does. Before, the
// view's figure left the sheets out. With --batch, only what a batch can carry is at half price.
import assert from 'node:assert/strict';
import { BATCH_PRICE_FACTOR, estimateBuild } from '../../../src/core/assets/estimate';
import { parseManifest } from '../../../src/core/assets/manifest';
import { planBuild } from '../../../src/core/assets/plan';
import { sectionsContextOf, sectionStatuses } from '../../../src/core/assets/sections/buildSections';
import { estimateManifestBuild } from '../../../src/core/assets/sections/sheetEstimate';
import { assetStatuses } from '../../../src/core/assets/statusCache';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';
import { DEFAULT_PRICES } from '../../../src/core/pricing';
import { MemoryFileSystem } from './memoryFileSystem';

const MANIFEST = JSON.stringify({
  defaults: { model: 'gpt-image-2', quality: 'low' },
  assets: { 'icons/play.png': { prompt: 'a play icon', size: '1024x1024' } },
  // A 4x2 grid is one generation at 1536x1024.
  sheets: { 'sprites/knight.png': { prompt: 'a knight walking', grid: '4x2', cell: '64x64' } },
});

describe('the estimate of building everything a manifest declares', () => {
  it('prices the missing asset and the sheet that needs a generation, each once', async () => {
    const parsed = parseManifest(BUILT_IN_MODELS, MANIFEST);
    const fs = new MemoryFileSystem();
    const statuses = await assetStatuses(parsed, { fs, dir: '/w', today: '2026-06-01', models: BUILT_IN_MODELS });
    const sections = await sectionStatuses(sectionsContextOf(parsed.manifest, fs, '/w', 'image-studio.json'));
    const estimate = estimateManifestBuild(parsed, statuses, sections, DEFAULT_PRICES);
    assert.deepEqual(
      estimate.assets.map((a) => [a.path, a.usd, a.section]),
      [
        ['icons/play.png', 0.00816, undefined],
        ['sprites/knight.png', 0.01224, 'sheets'],
      ],
    );
    assert.equal(estimate.total, 0.0204);
    assert.equal(estimate.highest, 0.0204, 'fixed quality and size: no range');
    assert.deepEqual(estimate.unpriced, []);
  });
});

describe('the --batch estimate', () => {
  it('halves the assets a batch can carry and keeps full price for those built interactively (a 2.6 model)', async () => {
    const parsed = parseManifest(
      BUILT_IN_MODELS,
      JSON.stringify({
        defaults: { quality: 'low', size: '1024x1024' },
        assets: {
          'a.png': { prompt: 'batched', model: 'gpt-image-2' },
          'b.png': { prompt: 'interactive', model: 'gpt-image-2.6-flare', complexity: 'low' },
        },
      }),
    );
    const statuses = await assetStatuses(parsed, { fs: new MemoryFileSystem(), dir: '/w', today: '2026-06-01', models: BUILT_IN_MODELS });
    const entries = planBuild(parsed, statuses).entries;
    const full = estimateBuild(entries, DEFAULT_PRICES);
    const batch = estimateBuild(entries, DEFAULT_PRICES, { batch: { models: BUILT_IN_MODELS } });
    const usd = (e: typeof full, path: string) => e.assets.find((a) => a.path === path)!.usd!;
    assert.equal(usd(batch, 'a.png'), usd(full, 'a.png') * BATCH_PRICE_FACTOR, 'gpt-image-2 goes in the batch');
    assert.equal(usd(batch, 'b.png'), usd(full, 'b.png'), 'the 2.6 model is built interactively, at full price');
  });
});
