// The real assets board page (renderBoardHtml + dist/board.js + media/board.css) in Chromium, served
// from 127.0.0.1 under the CSP the host sets, with a stand-in for acquireVsCodeApi that records
// what the page posts and lets the test send the board as the host would.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderBoardHtml } from '../../../src/host/assets/board/boardHtml';
import { createNonce, studioCsp } from '../../../src/host/studio/studioHtml';
import type { FromBoard, ToBoard } from '../../../src/shared/boardProtocol';
import { launchChromium, repoRoot, serveFiles } from './browserHarness';
import { THEMES } from './studioPage';

const STUB = `
(() => {
  const w = window;
  w.__posted = [];
  w.acquireVsCodeApi = () => ({
    postMessage: (m) => { w.__posted.push(m); },
    getState: () => { const s = sessionStorage.getItem('state'); return s ? JSON.parse(s) : undefined; },
    setState: (s) => { sessionStorage.setItem('state', JSON.stringify(s)); },
  });
})();`;

/** The open board page and the stand-in host's controls. */
export interface BoardPage {
  page: Page;
  origin: string;
  /** Console errors, page errors, CSP violations and requests that left 127.0.0.1. */
  problems(): string[];
  posted(): Promise<FromBoard[]>;
  fromHost(message: ToBoard): Promise<void>;
  theme(name: keyof typeof THEMES): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Serves the board page (and `extra` files, e.g. the assets' images) and opens it. */
export async function openBoardPage(
  extra: Record<string, { body: Buffer; type: string }> = {},
  viewport = { width: 1000, height: 760 },
): Promise<BoardPage> {
  const root = repoRoot();
  const nonce = createNonce();
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/dist/board.js': { body: readFileSync(join(root, 'dist', 'board.js')), type: 'text/javascript' },
    '/media/board.css': { body: readFileSync(join(root, 'media', 'board.css')), type: 'text/css' },
    '/stub.js': { body: STUB, type: 'text/javascript' },
    ...extra,
  };
  const served = await serveFiles(files, "default-src 'none'");
  const origin = served.url;
  files['/'] = {
    type: 'text/html; charset=utf-8',
    body: renderBoardHtml({
      cspSource: origin,
      nonce,
      scriptUri: `${origin}/dist/board.js`,
      styleUri: `${origin}/media/board.css`,
    }).replace(`<script nonce="${nonce}"`, `<script nonce="${nonce}" src="${origin}/stub.js"></script>\n  <script nonce="${nonce}"`),
  };
  served.server.removeAllListeners('request');
  served.server.on('request', (req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]!];
    if (!file) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': file.type, 'content-security-policy': studioCsp(origin, nonce), 'cache-control': 'no-store' })
      .end(file.body);
  });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${origin}/`) || u.startsWith('blob:')) return route.continue();
    problems.push(`request left 127.0.0.1: ${u}`);
    return route.abort();
  });
  await page.exposeFunction('__cspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { __cspViolation(t: string): void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`,
      );
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/`);
  return {
    page,
    origin,
    problems: () => [...problems],
    posted: () => page.evaluate(() => (window as unknown as { __posted: FromBoard[] }).__posted),
    fromHost: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>),
    async theme(name) {
      const t = THEMES[name];
      await page.evaluate((t) => {
        document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
        document.body.classList.add(...t.bodyClass.split(' '));
        for (const k of [...document.documentElement.style])
          if (k.startsWith('--vscode-')) document.documentElement.style.removeProperty(k);
        for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty(k, v);
      }, t);
    },
    async screenshot(name) {
      const dir = join(root, '.test-artifacts');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => served.server.close(() => ok()));
    },
  };
}
