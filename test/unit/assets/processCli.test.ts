// Issue 22 through the real CLI as a process (dist/cli.js) against the fake Images API: a chain of
// processing steps and gates, the raw image kept so a change to the steps alone sends no request,
// status naming the stale part, `check` (JSON and GitHub annotations) with no key, `accept`, hints
// named before the prompt, and the cost before spending (--dry-run, --batch, --max-cost).
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodePngRgba } from '../../support/png';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY } from '../support';
import { runBuiltCli, type BuiltCliRun } from '../reliability/cliProcess';

const run = (cwd: string, args: string[], env: Record<string, string>): Promise<BuiltCliRun> => runBuiltCli(cwd, ['assets', ...args], env);

const PICO = ['000000', '1d2b53', '7e2553', '008751', 'ab5236', '5f574f', 'c2c3c7', 'fff1e8', 'ff004d', 'ffa300', 'ffec27', '00e436'];

/** A sprite style (the fake paints the left half #00ff00 when the prompt asks for it), a hinted edit and a tile. */
function manifest(pad = 4, heroPrompt = 'a gold coin'): string {
  return JSON.stringify(
    {
      defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' },
      styles: {
        sprite: {
          prompt: 'on a flat #00ff00 background',
          process: [
            { removeBackground: { color: '#00ff00', tolerance: 48 } },
            { trim: {} },
            { pad },
            { resize: { size: '64x64', fit: 'contain' } },
            { quantize: { palette: 'palettes/pico.hex' } },
          ],
          checks: { size: '64x64', alpha: true },
        },
      },
      assets: {
        'sprites/coin.png': { prompt: heroPrompt, style: 'sprite' },
        'sprites/shield.png': {
          prompt: 'a shield with the coin on it',
          inputs: [{ path: 'art/emblem.png', hint: 'the emblem to paint on the shield' }],
          style: 'sprite',
        },
        'icons/app.png': { prompt: 'an app icon', resize: '32x32', checks: { maxKB: 0.5 } },
      },
    },
    null,
    2,
  );
}

describe('image-studio assets: processing steps, checks, accept and cost (process, fake API)', function () {
  this.timeout(120000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl };
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-studio-process-'));
    mkdirSync(join(dir, 'palettes'));
    mkdirSync(join(dir, 'art'));
    writeFileSync(join(dir, 'palettes/pico.hex'), `${PICO.join('\n')}\n`);
    // The edit's input: any small PNG (the fake repaints it).
    writeFileSync(join(dir, 'art/emblem.png'), readFileSync(resolve(__dirname, '..', '..', '..', '..', 'media', 'icon.png')));
    writeFileSync(join(dir, 'image-studio.json'), manifest());
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const posts = (): number => server.requests.filter((r) => r.endpoint).length;
  const sidecar = (p: string): Record<string, unknown> =>
    JSON.parse(readFileSync(join(dir, `${p}.json`), 'utf8')) as Record<string, unknown>;

  it('builds through the steps, keeps the raw image, records the steps and names hinted inputs before the prompt', async () => {
    const built = await run(dir, ['build', '--json'], env);
    // icons/app.png fails its maxKB gate: reported, and the build fails CI.
    assert.equal(built.code, 1, built.stderr);
    const out = JSON.parse(built.stdout) as { built: Array<{ path: string; warnings: string[]; failures?: Array<{ code: string }> }> };
    const icon = out.built.find((b) => b.path === 'icons/app.png');
    assert.deepEqual(
      icon?.failures?.map((f) => f.code),
      ['file_too_large'],
    );
    assert.match(
      icon?.warnings.join(' ') ?? '',
      /icons\/app\.png fails its checks: file_too_large: the file is [0-9.]+ KB, the limit is 0\.5 KB/,
    );
    const coin = decodePngRgba(readFileSync(join(dir, 'sprites/coin.png')));
    assert.deepEqual([coin.width, coin.height], [64, 64]);
    assert.equal(coin.data[3], 0, 'the keyed corner is transparent');
    const palette = new Set(PICO);
    for (let o = 0; o < coin.data.length; o += 4) {
      if (!coin.data[o + 3]) continue;
      const hex = [coin.data[o], coin.data[o + 1], coin.data[o + 2]].map((v) => v!.toString(16).padStart(2, '0')).join('');
      assert.ok(palette.has(hex), `pixel ${o / 4} is #${hex}, not a palette colour`);
    }
    const record = sidecar('sprites/coin.png');
    assert.deepEqual(
      (record.process as Array<{ step: string }>).map((s) => s.step),
      ['removeBackground', 'trim', 'pad', 'resize', 'quantize'],
    );
    assert.deepEqual(record.checks, { passed: true, failures: [] });
    const asset = record.asset as Record<string, string>;
    assert.ok(asset.generationHash && asset.processingHash && asset.raw, JSON.stringify(asset));
    assert.ok(existsSync(join(dir, '.image-studio/raw/sprites/coin.png')), 'the raw image is kept');
    const edit = server.requests.find((r) => r.endpoint === 'edits');
    assert.match(String(edit?.fields.prompt), /^Image 1 \(the emblem to paint on the shield\): a shield with the coin on it, on a flat/);
  });

  it('a change to the steps alone re-processes from the raw image: stale (processing), no key, no request', async () => {
    assert.equal((await run(dir, ['build'], env)).code, 1);
    const before = readFileSync(join(dir, 'sprites/coin.png'));
    const requests = posts();
    writeFileSync(join(dir, 'image-studio.json'), manifest(12));
    const status = JSON.parse((await run(dir, ['status', '--json'], {})).stdout) as {
      assets: Array<{ path: string; state: string; stale?: string }>;
    };
    assert.deepEqual(
      status.assets.map((a) => [a.path, a.state, a.stale]),
      [
        ['sprites/coin.png', 'stale', 'processing'],
        ['sprites/shield.png', 'stale', 'processing'],
        ['icons/app.png', 'up-to-date', undefined],
      ],
    );
    const dry = JSON.parse((await run(dir, ['build', '--dry-run', '--json'], {})).stdout) as {
      estimate: { total: number; assets: Array<{ reprocess?: boolean }> };
    };
    assert.equal(dry.estimate.total, 0);
    assert.ok(dry.estimate.assets.every((a) => a.reprocess));
    const again = await run(dir, ['build'], { OPENAI_BASE_URL: server.baseUrl });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /re-processed sprites\/coin\.png\s+\(from its raw image, no request\)/);
    assert.equal(posts(), requests, 'a request was sent to re-process');
    assert.notDeepEqual(readFileSync(join(dir, 'sprites/coin.png')), before, 'the padding change did not reach the file');
    const reprocessed = sidecar('sprites/coin.png').reprocessed as { from: string; at: string };
    assert.equal(reprocessed.from, 'raw');
    assert.ok(reprocessed.at.startsWith('2026-06-01T'), `dated ${reprocessed.at}, not on the pinned day`);
    assert.equal((await run(dir, ['check'], {})).code, 1, 'icons/app.png still fails its gate');
  });

  it('a reworded prompt is stale (generation); accept makes the file up to date with no request, a hand edit needs --force', async () => {
    await run(dir, ['build'], env);
    const requests = posts();
    writeFileSync(join(dir, 'image-studio.json'), manifest(4, 'a shiny gold coin'));
    const stale = JSON.parse((await run(dir, ['status', '--json'], {})).stdout) as { assets: Array<{ path: string; stale?: string }> };
    assert.equal(stale.assets.find((a) => a.path === 'sprites/coin.png')?.stale, 'generation');
    const accepted = await run(dir, ['accept', 'sprites/coin.png'], {});
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /accepted\s+sprites\/coin\.png/);
    appendFileSync(join(dir, 'sprites/shield.png'), 'x');
    const refused = await run(dir, ['accept', 'sprites/shield.png', '--json'], {});
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /changed by hand: accept it with --force/);
    assert.equal((await run(dir, ['accept', 'sprites/shield.png', '--force'], {})).code, 0);
    const after = JSON.parse((await run(dir, ['status', '--json'], {})).stdout) as { assets: Array<{ path: string; state: string }> };
    assert.deepEqual(
      after.assets.map((a) => a.state),
      ['up-to-date', 'up-to-date', 'up-to-date'],
    );
    assert.equal(posts(), requests, 'accept sent a request');
    assert.ok((sidecar('sprites/coin.png').accepted as { at: string }).at.startsWith('2026-06-01T'), 'accepted on the pinned day');
  });

  it('check runs the gates on disk with no key: --json failures, exit 1, and GitHub annotations on the asset line', async () => {
    await run(dir, ['build'], env);
    const requests = posts();
    const json = await run(dir, ['check', '--json'], {});
    assert.equal(json.code, 1);
    const out = JSON.parse(json.stdout) as { ok: boolean; failures: Array<Record<string, unknown>> };
    assert.equal(out.ok, false);
    assert.equal(out.failures.length, 1);
    const [failure] = out.failures;
    assert.deepEqual([failure?.path, failure?.code, failure?.limit], ['icons/app.png', 'file_too_large', 0.5]);
    assert.ok(Number(failure?.actual) > 0.5);
    const github = await run(dir, ['check', '--format', 'github'], { GITHUB_WORKSPACE: dir });
    assert.equal(github.code, 1);
    const line =
      manifest()
        .split('\n')
        .findIndex((l) => l.includes('"icons/app.png"')) + 1;
    assert.match(
      github.stdout,
      new RegExp(
        `^::error file=image-studio\\.json,line=${line},col=5,title=icons/app\\.png%3A file_too_large::icons/app\\.png: file_too_large: the file is [0-9.]+ KB, the limit is 0\\.5 KB\\.$`,
        'm',
      ),
    );
    writeFileSync(join(dir, 'image-studio.json'), manifest(4, 'a silver coin'));
    const stale = await run(dir, ['check', '--format', 'github'], { GITHUB_WORKSPACE: dir });
    assert.match(
      stale.stdout,
      /^::error file=image-studio\.json,line=\d+,col=5,title=sprites\/coin\.png%3A stale::sprites\/coin\.png is stale: /m,
    );
    assert.equal(posts(), requests, 'check sent a request');
  });

  it('prices a build before it runs: --dry-run per asset and total, --batch at half, --max-cost refuses with nothing sent', async () => {
    const dry = await run(dir, ['build', '--dry-run', '--json'], {});
    assert.equal(dry.code, 0, dry.stderr);
    const { estimate } = JSON.parse(dry.stdout) as {
      estimate: { total: number; currency: string; assets: Array<{ path: string; usd: number }> };
    };
    assert.equal(estimate.currency, 'USD');
    // gpt-image-2 is priced by its tokens: low quality, 1024x1024, $0.00816 an image.
    assert.deepEqual(
      estimate.assets.map((a) => [a.path, a.usd]),
      [
        ['sprites/coin.png', 0.00816],
        ['sprites/shield.png', 0.00816],
        ['icons/app.png', 0.00816],
      ],
    );
    assert.equal(estimate.total, 0.02448);
    const text = await run(dir, ['build', '--dry-run'], {});
    assert.match(text.stdout, /would build sprites\/coin\.png\s+\(missing; ≈ \$0\.008\)/);
    assert.match(text.stdout, /estimated cost: \$0\.024 for 3 asset\(s\)/);
    const batchText = await run(dir, ['build', '--dry-run', '--batch'], {});
    assert.match(batchText.stdout, /through the Batch API \(half the price for what a batch takes\): \$0\.012/);
    const batch = JSON.parse((await run(dir, ['build', '--dry-run', '--batch', '--json'], {})).stdout) as {
      estimate: { total: number; batch: boolean };
    };
    assert.deepEqual([batch.estimate.total, batch.estimate.batch], [0.01224, true]);
    const refused = await run(dir, ['build', '--max-cost', '0.02'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /the estimate \$0\.024 is above --max-cost \$0\.02; nothing was sent/);
    assert.equal(posts(), 0, 'a request was sent past --max-cost');
    assert.ok(!existsSync(join(dir, 'sprites/coin.png')));
    assert.equal(
      (await run(dir, ['build', '--max-cost', '1'], env)).code,
      1,
      'under the limit the build runs (icons/app.png fails its gate)',
    );
    assert.equal(posts(), 3);
  });

  it('refuses a palette file that is a link out of the manifest folder, before reading it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
    try {
      writeFileSync(join(outside, 'secret.hex'), 'not for you\n');
      rmSync(join(dir, 'palettes/pico.hex'));
      symlinkSync(join(outside, 'secret.hex'), join(dir, 'palettes/pico.hex'));
      const r = await run(dir, ['build', '--dry-run'], env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /palettes\/pico\.hex goes through a link to .*secret\.hex, outside the manifest's folder/);
      assert.doesNotMatch(r.stderr + r.stdout, /not for you/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
