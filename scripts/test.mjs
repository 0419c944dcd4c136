// `npm test`: type-check, lint, unit tests (plain Node), browser tests (the Studio webview in
// Chromium) and integration tests (inside a real VS Code extension host). One summary line per
// suite, then a total. `node scripts/test.mjs unit browser` runs a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';
import { runIntegrationTests } from '../test/harness/runIntegration.mjs';
import { ensureDebianPackages } from './systemPackages.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = process.env.TEST_OUT_DIR || 'out';
/** TEST_FILTER=<text> keeps only test files whose path contains it (for quick loops). */
const filter = process.env.TEST_FILTER || '';
const all = ['typecheck', 'lint', 'unit', 'browser', 'integration'];
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = requested.length ? requested : all;
for (const s of suites)
  if (!all.includes(s)) {
    console.error(`unknown suite '${s}' (one of ${all.join(', ')})`);
    process.exit(2);
  }

/** @type {{ suite: string; passed: number; failed: number; note?: string }[]} */
const summary = [];

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

/** Every `*.test.js` below `dir` (relative to the repository). */
function testFiles(dir) {
  return readdirSync(`${root}${dir}`, { recursive: true })
    .filter((f) => f.endsWith('.test.js') && f.includes(filter))
    .sort()
    .map((f) => `${root}${dir}/${f}`);
}

async function mochaRun(dir, { timeout = 20000 } = {}) {
  const mocha = new Mocha({ timeout, reporter: 'spec', color: process.stdout.isTTY });
  for (const f of testFiles(dir)) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures, pending: runner.stats.pending }));
  });
}

const started = Date.now();
// Debian packages the suites need: Chromium for the browser and integration tests, faketime for
// the unit test that runs the CLI under a shifted system clock.
const debianPackages = [
  ...(suites.includes('unit') ? ['faketime'] : []),
  ...(suites.includes('browser') || suites.includes('integration') ? ['chromium'] : []),
];
try {
  ensureDebianPackages(debianPackages, 'the tests');
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
if (sh('node', ['scripts/build.mjs', '--tests']) !== 0) {
  console.log('build: failed');
  process.exit(1);
}

for (const suite of suites) {
  const t0 = Date.now();
  let result;
  switch (suite) {
    case 'typecheck': {
      const ok = ['.', 'src/webview', 'test/browser', 'test/browser/pageScripts'].every(
        (project) => sh('npx', ['tsc', '-p', project]) === 0,
      );
      result = { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
      break;
    }
    case 'lint': {
      // ESLint for the rules, Prettier for the layout (one format, so diffs show changes, not styles).
      const ok = sh('npx', ['eslint', '.']) === 0 && sh('npm', ['run', '--silent', 'format:check']) === 0;
      result = { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
      break;
    }
    case 'unit':
      result = await mochaRun(`${out}/test/unit`);
      break;
    case 'browser':
      result = await mochaRun(`${out}/test/browser`, { timeout: 60000 });
      break;
    case 'integration':
      result = await runIntegrationTests({ root });
      break;
  }
  summary.push({ suite, ...result, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
}

console.log('\n── summary ──');
for (const s of summary) {
  const extra = s.pending ? `, ${s.pending} pending` : '';
  console.log(`${s.suite.padEnd(12)} ${s.passed} passed, ${s.failed} failed${extra}  (${s.seconds} s)${s.note ? '  ' + s.note : ''}`);
}
const passed = summary.reduce((a, s) => a + s.passed, 0);
const failed = summary.reduce((a, s) => a + s.failed, 0);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
