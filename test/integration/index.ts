// Entry point VS Code calls inside the extension host (extensionTestsPath). Runs every
// `*.test.js` next to it in one mocha session; the reporter's output goes to the file the harness
// streams (console output of an extension host is not reliably visible), and the counts to a
// stats file the harness reads for the summary.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { skippedForDriver } from './support/driver';

/** Called by VS Code once the extension host is up. */
export async function run(): Promise<void> {
  const logFile = process.env.IMAGE_STUDIO_TEST_LOG;
  const statsFile = process.env.IMAGE_STUDIO_TEST_STATS;
  const write = (text: string) => (logFile ? appendFileSync(logFile, text) : process.stdout.write(text));
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => write(format(...args) + '\n');

  write(
    `Integration tests in VS Code ${vscode.version} (${vscode.env.appHost}, ui ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}), extension host Node ${process.version}\n`,
  );
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'spec' });
  const files = readdirSync(__dirname, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    // TEST_FILTER=a|b keeps the files whose path contains any of the parts, in the suite's order.
    .filter((f) => !process.env.TEST_FILTER || process.env.TEST_FILTER.split('|').some((part) => f.includes(part)))
    // virtual/ needs a folder on a virtual file system: only the harness's virtual session has one.
    .filter((f) => !f.startsWith('virtual') || process.env.IMAGE_STUDIO_TEST_VIRTUAL === '1')
    // l10n/ needs the workbench in the pseudo locale: only the harness's pseudo session has it.
    .filter((f) => !f.startsWith('l10n') || process.env.IMAGE_STUDIO_TEST_LOCALE === 'qps-ploc')
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats!));
    } catch (err) {
      reject(err);
    }
  });
  // The harness checks the version against the runtime it meant to start and prints it.
  const result = {
    passes: stats.passes,
    failures: stats.failures,
    pending: stats.pending,
    vscode: vscode.version,
    node: process.version,
    skippedForDriver,
  };
  if (statsFile) writeFileSync(statsFile, JSON.stringify(result));
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
