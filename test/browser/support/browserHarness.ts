// Real Chromium for webview code: bundle a page entry with esbuild, serve it from 127.0.0.1 under a
// CSP as strict as the Studio webview's, launch Debian's Chromium with playwright-core, and block
// every request that is not local. Reusable for any webview test:
//
//   const h = await openHarnessPage({ entry: 'test/browser/pageScripts/imageLab.ts', css: ['media/maskPainter.css'] });
//   await h.page.evaluate(...); h.page.mouse...; assert.deepEqual(h.problems(), []);
//   await h.close();
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The webview's policy minus the nonce: scripts only from files, no inline code, no network. */
export const STRICT_CSP = "default-src 'none'; img-src blob: data:; script-src 'self'; style-src 'self'";

/** Flags for a quiet, offline headless Chromium. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What to put on the page. Paths are relative to the repository root. */
export interface HarnessOptions {
  /** TypeScript entry bundled for the browser (IIFE) and loaded with <script src>. */
  entry: string;
  /** Stylesheets linked from the page. */
  css?: string[];
  /** Body markup placed before the script (no inline scripts or styles: the CSP forbids them). */
  body?: string;
  /** Content-Security-Policy header; defaults to STRICT_CSP. */
  csp?: string;
  /** Viewport size. */
  viewport?: { width: number; height: number };
}

/** An open page plus everything needed to check and close it. */
export interface HarnessPage {
  browser: Browser;
  page: Page;
  baseUrl: string;
  /** Requests that were aborted because they left 127.0.0.1. */
  blockedRequests: string[];
  /** Console errors, page errors and CSP violation reports seen so far. */
  problems(): string[];
  close(): Promise<void>;
}

/** The repository root (the folder holding this project's package.json), found from this file. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'image-studio') return dir;
  }
  throw new Error('cannot find the repository root from ' + __dirname);
}

/** Bundles `entry` for Chromium into `outDir`; returns the bundle's path. */
export async function bundleForBrowser(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.js'));
  await esbuild.build({
    entryPoints: [resolve(repoRoot(), entry)],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

/** Serves fixed files from 127.0.0.1 on a free port with the given CSP on every response. */
export async function serveFiles(
  files: Record<string, { body: string | Buffer; type: string }>,
  csp: string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]!];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-security-policy': csp, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/** Launches /usr/bin/chromium (override with CHROMIUM_PATH) headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Bundles, serves and opens a page; the bundle lives in a temp dir removed by close(). */
export async function openHarnessPage(options: HarnessOptions): Promise<HarnessPage> {
  const tmp = mkdtempSync(join(tmpdir(), 'image-studio-browser-'));
  const root = repoRoot();
  const bundle = await bundleForBrowser(options.entry, tmp);
  const css = options.css ?? [];
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/page.js': { body: readFileSync(bundle), type: 'text/javascript' },
  };
  css.forEach((path, i) => (files[`/style${i}.css`] = { body: readFileSync(join(root, path)), type: 'text/css' }));
  const links = css.map((_, i) => `<link rel="stylesheet" href="/style${i}.css">`).join('');
  files['/'] = {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html><head><meta charset="utf-8">${links}</head><body>${options.body ?? '<div id="app"></div>'}<script src="/page.js"></script></body></html>`,
  };
  const { url, server } = await serveFiles(files, options.csp ?? STRICT_CSP);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1000, height: 800 } });
  const blockedRequests: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(url + '/') || u === url || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    blockedRequests.push(u);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url + '/');
  await page.waitForFunction(() => (globalThis as { __pageReady?: boolean }).__pageReady === true, undefined, { timeout: 10000 });
  return {
    browser,
    page,
    baseUrl: url,
    blockedRequests,
    problems: () => [...problems],
    close: async () => {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
