// `npm run bench` (not part of `npm test`): builds the code the way tests do (into out-bench/),
// runs each benchmark against a baseline measured in the same run where the issue names one,
// prints one row per bench (median, baseline, ratio, target, pass/miss) and writes
// .bench/summary.json. Targets are aims: a miss is reported, not an error.
// `node scripts/bench.mjs client fanout` runs only the named groups.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { OUT_DIR, root } from './bench/benchUtil.mjs';

const groups = {
  client: async () => (await import('./bench/clientOverhead.mjs')).benchClientOverhead(),
  fanout: async () => (await import('./bench/fanOutAndStreaming.mjs')).benchFanOut(),
  streaming: async () => (await import('./bench/fanOutAndStreaming.mjs')).benchStreaming(),
  chromium: async () => (await import('./bench/chromiumImages.mjs')).benchChromium(),
  answers: async () => (await import('./bench/answerPeers.mjs')).benchAnswerPeers(),
  activation: async () => (await import('./bench/memoryAndActivation.mjs')).benchActivation(),
  size: async () => (await import('./bench/bundleSize.mjs')).benchSizes(),
  resize: async () => (await import('./bench/resizeQuality.mjs')).benchResize(),
  collect: async () => (await import('./bench/batchCollect.mjs')).benchBatchCollect(),
  process: async () => [
    ...(await (await import('./bench/processChain.mjs')).benchProcess()),
    ...(await (await import('./bench/reprocessAssets.mjs')).benchReprocess()),
  ],
  assets: async () => (await import('./bench/assetBuilds.mjs')).benchAssetBuilds(),
};
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const g of asked)
  if (!(g in groups)) {
    console.error(`unknown bench '${g}' (${Object.keys(groups).join(', ')})`);
    process.exit(2);
  }

console.log('[bench] building (dist/ and the transpiled tests in out-bench/)…');
execFileSync(process.execPath, ['scripts/build.mjs', '--tests'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TEST_OUT_DIR: OUT_DIR },
});

const rows = [];
for (const [name, run] of Object.entries(groups)) {
  if (asked.length && !asked.includes(name)) continue;
  const t0 = Date.now();
  try {
    rows.push(...(await run()));
  } catch (err) {
    rows.push({ name, error: err instanceof Error ? err.message : String(err) });
  }
  console.log(`[bench] ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const fmt = (v, unit) => (v === undefined ? '—' : `${v.toFixed(v >= 100 ? 0 : 1)} ${unit}`);
const table = [['bench', 'median', 'baseline', 'ratio', 'target', 'result']];
for (const r of rows) {
  if (r.error) table.push([r.name, '—', '—', '—', '—', `ERROR: ${r.error}`]);
  else
    table.push([
      r.name,
      fmt(r.value, r.unit),
      fmt(r.baseline, r.unit),
      r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
      r.target,
      r.pass ? 'pass' : 'MISS',
    ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((t) => t[i].length)));
console.log('');
for (const [i, t] of table.entries()) {
  console.log(`| ${t.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`);
  if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
}
console.log('');
for (const r of rows) if (r.note) console.log(`- ${r.name}: ${r.note}`);

mkdirSync(join(root, '.bench'), { recursive: true });
const summary = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, rows };
writeFileSync(join(root, '.bench', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  `\n[bench] ${rows.filter((r) => r.pass).length} pass, ${rows.filter((r) => !r.pass).length} miss or error; .bench/summary.json written`,
);
