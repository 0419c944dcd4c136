// axe-core in a test page: its source is evaluated through the DevTools protocol (page.evaluate
// of a string), because the pages' CSP admits only scripts with the render's nonce and an injected
// <script> tag would be refused. Only serious and critical findings fail a test; the experimental
// label-in-name rule (WCAG 2.5.3) is switched on, since names that differ from the visible words
// are what voice-control users trip over.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './browserHarness';

/** One rule broken somewhere on the page, with the elements that break it. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the whole page; returns the violations of impact serious or critical. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(readFileSync(join(repoRoot(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    type Result = { id: string; impact?: string; help: string; nodes: Array<{ target: unknown[] }> };
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(document, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
      // No preloading: axe would fetch the stylesheets again, which the page's CSP (no connect-src) refuses.
      preload: false,
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** The findings as lines for an assertion message: rule, impact, what it asks, where. */
export function describeFindings(findings: readonly AxeFinding[]): string {
  return findings.map((f) => `${f.id} (${f.impact}): ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
}
