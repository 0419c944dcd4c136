// Collecting reads the output file as a stream, one line (one image) at a time: the CLI's peak
// memory while collecting 200 real-sized images (a 104 MB output file) stays far from what holding
// the file would take. The figures are printed for the release note.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { spawnCli } from '../reliability/cliProcess';
import { CANARY_KEY } from '../support';

/** Side of the random-pixel images: a 389 KB PNG, 518 KB as base64 in its line. */
const SIDE = 360;

describe('batch collect memory (200 images, as a process)', function () {
  this.timeout(300000);
  const dirs: string[] = [];
  const server = useFakeImagesApi({ apiKey: CANARY_KEY });
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function collect(count: number): Promise<{ peakRssMb: number; fileMb: number; lineKb: number }> {
    server.reset();
    server.batches.noisyImages(SIDE);
    const dir = mkdtempSync(join(tmpdir(), 'image-studio-batch-mem-'));
    dirs.push(dir);
    const manifest = join(dir, 'image-studio.json');
    const assets = Object.fromEntries(Array.from({ length: count }, (_, i) => [`img/i${i}.png`, { prompt: `picture ${i}` }]));
    writeFileSync(manifest, JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' }, assets }));
    const env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: server.baseUrl, IMAGE_STUDIO_TODAY: '2026-06-01' };
    const submitted = await spawnCli(['assets', 'build', '--batch', '--manifest', manifest], env);
    assert.equal(submitted.code, 0, submitted.stderr);
    const done = await server.batches
      .advance()
      .then(() => server.batches.advance())
      .then(() => server.batches.advance());
    const fileBytes = server.batches.fileBytes(String(done.output_file_id))!;
    const collected = await spawnCli(['assets', 'batch', 'collect', '--manifest', manifest], env);
    assert.equal(collected.code, 0, collected.stderr);
    assert.equal(collected.stdout.split('\n').filter((l) => l.startsWith('saved ')).length, count);
    assert.ok(collected.peakRssMb, 'no peak RSS reported');
    return { peakRssMb: collected.peakRssMb!, fileMb: Math.round(fileBytes / 1e5) / 10, lineKb: Math.round(fileBytes / count / 1024) };
  }

  it('peak RSS collecting 200 images stays far below what reading the 104 MB output file whole takes', async () => {
    const small = await collect(10);
    const large = await collect(200);
    console.log(
      `      collect 10 images: peak RSS ${small.peakRssMb} MB (output file ${small.fileMb} MB); 200 images: peak RSS ${large.peakRssMb} MB (output file ${large.fileMb} MB); one line (one image) ${large.lineKb} KB`,
    );
    // Reading the file whole adds several times its size (measured: 477 MB peak for this file). With each
    // line's image decoded as it streams (outputLines.ts) the file's length adds nothing measurable
    // (200 images 111 MB against 10 images 110 MB, the process's own VmHWM; holding each line as text
    // added about 22 MB). The bound stays loose: garbage V8 has not collected yet varies with load.
    assert.ok(large.fileMb > 100, `the output file is only ${large.fileMb} MB`);
    assert.ok(
      large.peakRssMb < small.peakRssMb + large.fileMb * 1.5,
      `200 images peaked at ${large.peakRssMb} MB, 10 at ${small.peakRssMb} MB`,
    );
  });
});
