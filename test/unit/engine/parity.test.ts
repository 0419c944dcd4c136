// One table of jobs through the CLI's adapter (cliJobs.ts + cliEngine.ts: in-thread pixels, the
// flag's decisions) and the extension's adapter (hostEngine.ts: the image worker thread, the
// person's decisions), each on its own in-memory file system, against the fake Images API: the
// same files, bytes and sidecar fields come out. A change to either adapter (a step skipped, a
// field added, a request shaped differently) shows up here as a difference.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseCommandLine } from '../../../src/cli/args';
import { cliAdapters } from '../../../src/cli/cliEngine';
import { cliJob, type CliInputs } from '../../../src/cli/cliJobs';
import { parseManifest } from '../../../src/core/assets/manifest';
import { buildAssets } from '../../../src/core/engine/buildAssets';
import type { EngineAdapters, EngineJob } from '../../../src/core/engine/engineTypes';
import { placeInFolder } from '../../../src/core/engine/placeInFolder';
import { runJob } from '../../../src/core/engine/runJob';
import { modelOptions } from '../../../src/core/models/capabilities';
import { planVariation } from '../../../src/core/models/variationPlan';
import type { RequestDefaults } from '../../../src/core/jobOptions';
import { editJob, generationJob, hostAdapters, variationJob } from '../../../src/host/services/hostEngine';
import { offThreadPixels } from '../../../src/host/services/imageWorkerClient';
import type { RunnableVariationPlan } from '../../../src/host/services/jobTypes';
import type { FakeImagesApi } from '../../fakeServer/server';
import { encodePng } from '../../support/png';
import { CANARY_KEY, clientFor, TODAY, useFakeImagesApi } from '../support';
import { StreamingMemoryFileSystem } from './streamingMemoryFileSystem';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const DAY = new Date(Date.UTC(2026, 5, 1, 9, 30, 0));
const OUT = '/ws/out';
/** The settings' defaults the host fills in; every case asks for these explicitly on the CLI too. */
const DEFAULTS: RequestDefaults = {
  model: 'gpt-image-2',
  size: '1024x1024',
  quality: 'low',
  n: 1,
  background: 'auto',
  outputFormat: 'png',
};

function cliSide(fs: StreamingMemoryFileSystem): EngineAdapters {
  return { ...cliAdapters({ calendar: { now: () => DAY }, transparencyFallback: true }), fs };
}

function hostSide(fs: StreamingMemoryFileSystem): EngineAdapters {
  return hostAdapters({ fs, pixels: offThreadPixels, now: () => DAY, askFallback: async () => true }, {}, () => undefined);
}

/** Runs a one-off job on a fresh file system; returns the files it left, request ids made neutral. */
async function runOneOff(server: FakeImagesApi, job: EngineJob, adapters: (fs: StreamingMemoryFileSystem) => EngineAdapters) {
  const fs = new StreamingMemoryFileSystem();
  const sides = adapters(fs);
  const result = await runJob(job, {
    client: clientFor(server),
    adapters: sides,
    placement: placeInFolder({ fs, dir: OUT, template: '{slug}-{index}', sidecar: true, date: DAY, named: job.send }),
    concurrency: 4,
  });
  assert.deepEqual(result.failures, [], 'the job saved every image');
  return { files: snapshot(fs), result };
}

/** Every file: images as bytes, sidecars as JSON with the fake's request counter taken out. */
function snapshot(fs: StreamingMemoryFileSystem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of fs.list()) {
    const bytes = fs.files.get(path)!;
    out[path] = path.endsWith('.json')
      ? JSON.parse(new TextDecoder().decode(bytes).replace(/req_fake_\d+/g, 'req_fake_N'))
      : createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  }
  return out;
}

function cliArgs(argv: string[]) {
  return parseCommandLine(argv[0] as 'generate' | 'edit' | 'variation', [...argv.slice(1), '--out', OUT], {});
}

function options(model: string) {
  return modelOptions(BUILT_IN_MODELS, model, 'generations', 'openai', TODAY);
}

const scene = (): CliInputs['images'][number] => ({ bytes: new Uint8Array(encodePng(1024, 1024)), filename: 'scene.png' });
const mask = () => ({ bytes: new Uint8Array(encodePng(1024, 1024, { alpha: 'transparent-left' })), filename: 'scene.mask.png' });

describe('engine parity: the CLI adapter and the extension adapter make the same files', function () {
  this.timeout(60000);
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });

  async function expectSame(cli: () => EngineJob, host: () => EngineJob): Promise<Record<string, unknown>> {
    const viaCli = await runOneOff(server, cli(), cliSide);
    server.reset();
    const viaHost = await runOneOff(server, host(), hostSide);
    assert.deepEqual(viaHost.files, viaCli.files);
    assert.ok(Object.keys(viaCli.files).length > 0, 'the job wrote files');
    return viaCli.files;
  }

  it('a transparent generation on a model that refuses it: both key the colour out and record it', async () => {
    server.setMode({ refuseTransparentFor: ['gpt-image-2'] });
    const files = await expectSame(
      () =>
        cliJob(
          BUILT_IN_MODELS,
          'generate',
          cliArgs([
            'generate',
            '--prompt',
            'a gold coin',
            '--background',
            'transparent',
            '--size',
            '1024x1024',
            '--quality',
            'low',
            '--n',
            '1',
            '--format',
            'png',
            '--transparency-fallback',
          ]),
          { images: [] },
          TODAY,
        ),
      () =>
        generationJob(
          { prompt: 'a gold coin', background: 'transparent', transparencyFallback: true },
          'gpt-image-2',
          DEFAULTS,
          options('gpt-image-2'),
        ),
    );
    const sidecar = files[`${OUT}/a-gold-coin-1.png.json`] as Record<string, unknown>;
    assert.equal((sidecar.transparencyFallback as { keyColour: string }).keyColour, '#00ff00');
    assert.equal(sidecar.transparencyCheck, 'passed');
  });

  it('an edit with a mask: the pixels the mask keeps are laid back, the raw result kept beside', async () => {
    const files = await expectSame(
      () =>
        cliJob(
          BUILT_IN_MODELS,
          'edit',
          cliArgs(['edit', '--image', 'scene.png', '--mask', 'scene.mask.png', '--prompt', 'the same scene at night']),
          { images: [scene()], mask: mask() },
          TODAY,
        ),
      () => {
        const image = scene();
        return editJob(
          { prompt: 'the same scene at night', model: 'gpt-image-2' },
          [{ input: image, bytes: image.bytes, name: image.filename }],
          mask(),
          true,
        );
      },
    );
    const sidecar = files[`${OUT}/the-same-scene-at-night-1.png.json`] as Record<string, unknown>;
    assert.equal(sidecar.protectedUnmaskedPixels, true);
    assert.equal(sidecar.rawResult, 'the-same-scene-at-night-1.raw.png');
  });

  for (const route of ['edits', 'variations'] as const) {
    it(`a variation through /${route}`, async () => {
      if (route === 'variations') server.setMode({ provider: 'compatible', apiKey: '' });
      const provider = route === 'variations' ? 'compatible' : 'openai';
      const plan = planVariation(BUILT_IN_MODELS, 'dall-e-2', provider, { today: TODAY }) as RunnableVariationPlan;
      assert.equal(plan.route, route);
      const argv = [
        'variation',
        '--image',
        'scene.png',
        '--n',
        '2',
        ...(route === 'variations' ? ['--provider', 'compatible', '--base-url', server.baseUrl] : []),
      ];
      const clientProvider = route === 'variations' ? { kind: 'compatible' as const, baseUrl: server.baseUrl } : undefined;
      const run = async (job: EngineJob, side: (fs: StreamingMemoryFileSystem) => EngineAdapters) => {
        const fs = new StreamingMemoryFileSystem();
        await runJob(job, {
          client: clientFor(server, clientProvider ? { apiKey: '' } : {}, clientProvider),
          adapters: side(fs),
          placement: placeInFolder({ fs, dir: OUT, template: '{slug}-{index}', sidecar: true, date: DAY, named: job.send }),
        });
        return snapshot(fs);
      };
      const image = { ...scene(), bytes: new Uint8Array(encodePng(256, 256)) };
      const viaCli = await run(cliJob(BUILT_IN_MODELS, 'variation', cliArgs(argv), { images: [image] }, TODAY), cliSide);
      server.reset();
      const viaHost = await run(variationJob(BUILT_IN_MODELS, { n: 2 }, plan, image), hostSide);
      assert.deepEqual(viaHost, viaCli);
      const names = Object.keys(viaCli).filter((p) => !p.endsWith('.json'));
      assert.deepEqual(names, [`${OUT}/variation-scene-1.png`, `${OUT}/variation-scene-2.png`]);
      assert.equal((viaCli[`${OUT}/variation-scene-1.png.json`] as { route: string }).route, route);
    });
  }

  it('n over the model’s limit: several requests, the same names and sidecars', async () => {
    // dall-e-3 makes one image per request (compatible servers still have it).
    server.setMode({ provider: 'compatible', apiKey: '' });
    const compatible = { kind: 'compatible' as const, baseUrl: server.baseUrl };
    const run = async (job: EngineJob, side: (fs: StreamingMemoryFileSystem) => EngineAdapters) => {
      const fs = new StreamingMemoryFileSystem();
      const result = await runJob(job, {
        client: clientFor(server, { apiKey: '' }, compatible),
        adapters: side(fs),
        placement: placeInFolder({ fs, dir: OUT, template: '{slug}-{index}', sidecar: true, date: DAY, named: job.send }),
        concurrency: 4,
      });
      assert.deepEqual(result.failures, []);
      return snapshot(fs);
    };
    const argv = ['generate', '--prompt', 'tiles', '--model', 'dall-e-3', '--n', '3', '--size', '1024x1024', '--quality', 'standard'];
    const viaCli = await run(
      cliJob(
        BUILT_IN_MODELS,
        'generate',
        cliArgs([...argv, '--provider', 'compatible', '--base-url', server.baseUrl]),
        { images: [] },
        TODAY,
      ),
      cliSide,
    );
    assert.equal(server.requests.length, 3, 'dall-e-3 makes one image per request');
    server.reset();
    const defaults = { ...DEFAULTS, quality: 'standard', outputFormat: 'png' as const };
    const viaHost = await run(
      generationJob(
        { prompt: 'tiles', n: 3, size: '1024x1024', quality: 'standard' },
        'dall-e-3',
        defaults,
        modelOptions(BUILT_IN_MODELS, 'dall-e-3', 'generations', 'compatible', TODAY),
      ),
      hostSide,
    );
    assert.deepEqual(viaHost, viaCli);
    assert.equal(Object.keys(viaCli).filter((p) => p.endsWith('.png')).length, 3);
  });

  it('assets with resize and sizes, and an asset whose input is another asset', async () => {
    const manifest = parseManifest(
      BUILT_IN_MODELS,
      JSON.stringify({
        assets: {
          'icons/app.png': { prompt: 'an app icon', resize: '64x64', fit: 'contain', sizes: { 'icons/app-16.png': '16x16' } },
          'art/night.png': { prompt: 'the icon at night', inputs: ['icons/app.png'] },
        },
      }),
    );
    assert.deepEqual(manifest.problems, []);
    const build = async (side: (fs: StreamingMemoryFileSystem) => EngineAdapters) => {
      const fs = new StreamingMemoryFileSystem();
      const outcome = await buildAssets(manifest, {
        fs,
        dir: '/ws',
        today: TODAY,
        models: BUILT_IN_MODELS,
        client: clientFor(server),
        adapters: side(fs),
      });
      assert.deepEqual(outcome.failed, []);
      assert.deepEqual(outcome.built.map((b) => b.path).sort(), ['art/night.png', 'icons/app.png']);
      return snapshot(fs);
    };
    const viaCli = await build(cliSide);
    server.reset();
    const viaHost = await build(hostSide);
    assert.deepEqual(viaHost, viaCli);
    const night = viaCli['/ws/art/night.png.json'] as { inputs: Array<{ filename: string; sha256: string }> };
    const app = viaCli['/ws/icons/app.png.json'] as { asset: { sha256: string } };
    assert.equal(night.inputs[0]?.filename, 'icons/app.png');
    assert.equal(night.inputs[0]?.sha256, app.asset.sha256, 'the dependant was made from the input as built in this run');
  });
});
