// Batch collect memory: peak RSS of the CLI (`assets batch collect`, its own process) collecting a
// 200-image output file against collecting 10, so what the file's length adds is what is shown.
// The fake server (in this process) holds the file; only the child's memory is measured.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { built, median, row } from './benchUtil.mjs';

/** Side of the random-pixel images: a 389 KB PNG, about 510 KB as base64 in its line. */
const SIDE = 360;
const KEY = 'sk-bench-batch-collect-0000000000';

export async function benchBatchCollect() {
  const { startFakeImagesApi } = built('test/fakeServer/server');
  const { spawnCli } = built('test/unit/reliability/cliProcess');
  const server = await startFakeImagesApi({ apiKey: KEY });
  const dirs = [];
  const collect = async (count) => {
    server.reset();
    server.batches.noisyImages(SIDE);
    const dir = mkdtempSync(join(tmpdir(), 'image-studio-bench-collect-'));
    dirs.push(dir);
    const manifest = join(dir, 'image-studio.json');
    const assets = Object.fromEntries(Array.from({ length: count }, (_, i) => [`img/i${i}.png`, { prompt: `picture ${i}` }]));
    writeFileSync(manifest, JSON.stringify({ defaults: { model: 'gpt-image-2', quality: 'low', size: '1024x1024' }, assets }));
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl, IMAGE_STUDIO_TODAY: '2026-06-01' };
    const submitted = await spawnCli(['assets', 'build', '--batch', '--manifest', manifest], env);
    if (submitted.code !== 0) throw new Error(`build --batch failed: ${submitted.stderr}`);
    for (let i = 0; i < 3; i++) await server.batches.advance();
    const fileBytes = server.batches.fileBytes(String(server.batches.list().at(-1).output_file_id));
    const runs = [];
    // Three collects of the same output file (collect is idempotent, so the images are deleted between runs).
    for (let i = 0; i < 3; i++) {
      rmSync(join(dir, 'img'), { recursive: true, force: true });
      const r = await spawnCli(['assets', 'batch', 'collect', server.batches.list().at(-1).id, '--manifest', manifest], env);
      const saved = r.stdout.split('\n').filter((l) => l.startsWith('saved ')).length;
      if (r.code !== 0 || saved !== count || r.peakRssMb === undefined)
        throw new Error(`collect of ${count} saved ${saved} (exit ${r.code}): ${r.stderr.slice(0, 300)}`);
      runs.push(r.peakRssMb);
    }
    return { peakMb: median(runs), fileMb: fileBytes / 1048576, lineKb: fileBytes / count / 1024 };
  };
  try {
    const small = await collect(10);
    const large = await collect(200);
    const growth = large.peakMb - small.peakMb;
    return [
      row('memory: batch collect of 200 images (CLI process, peak RSS, VmHWM)', {
        value: large.peakMb,
        baseline: small.peakMb,
        ratio: large.peakMb / small.peakMb,
        unit: 'MB',
        target: '≤ 10 images + 4 lines',
        pass: growth * 1024 <= 4 * large.lineKb,
        note: `median of 3 child runs each; baseline = the same collect of 10 images; output file ${large.fileMb.toFixed(1)} MB, one line (one image) ${Math.round(large.lineKb)} KB; 200 images add ${growth.toFixed(0)} MB`,
      }),
    ];
  } finally {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
