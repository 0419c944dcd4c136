// The real Studio page (renderStudioHtml + dist/webview.js + media/studio.css) in Chromium, served
// from 127.0.0.1 under the same CSP the host sets, with a stand-in for acquireVsCodeApi that records
// what the webview posts and lets the test answer as the host would.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createNonce, renderStudioHtml, studioCsp } from '../../../src/host/studio/studioHtml';
import type { Envelope, FromWebview, ToWebview } from '../../../src/shared/protocol';
import { launchChromium, repoRoot, serveFiles } from './browserHarness';

// Runs before the bundle (same nonce): the VS Code API as the page sees it. State goes to
// sessionStorage so a reload behaves like VS Code restoring a hidden webview's state.
const STUB = `
(() => {
  const w = window;
  w.__posted = [];
  let nextId = 1000;
  w.acquireVsCodeApi = () => ({
    postMessage: (m) => { w.__posted.push(m); },
    getState: () => { const s = sessionStorage.getItem('state'); return s ? JSON.parse(s) : undefined; },
    setState: (s) => { sessionStorage.setItem('state', JSON.stringify(s)); },
  });
  w.__fromHost = (body, inReplyTo) => {
    w.postMessage(inReplyTo === undefined ? { messageId: nextId++, body } : { messageId: nextId++, inReplyTo, body }, '*');
  };
})();`;

/** VS Code's theme variables as the workbench injects them (Light Modern, Dark Modern, Dark and Light High Contrast excerpts). */
export const THEMES: Record<
  'light' | 'dark' | 'high-contrast' | 'high-contrast-light',
  { bodyClass: string; vars: Record<string, string> }
> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-widget-border': '#e5e5e5',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-border': '#0000001a',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-progressBar-background': '#005fb8',
      '--vscode-editorWidget-background': '#f0f0f0',
      '--vscode-textCodeBlock-background': '#f2f2f2',
      '--vscode-errorForeground': '#f85149',
      '--vscode-badge-background': '#cccccc',
      '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-menu-background': '#ffffff',
      '--vscode-menu-foreground': '#3b3b3b',
      '--vscode-menu-selectionBackground': '#005fb8',
      '--vscode-menu-selectionForeground': '#ffffff',
      '--vscode-menu-border': '#cecece',
      '--vscode-widget-shadow': '#00000029',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-charts-blue': '#1a85ff',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-sideBar-background': '#181818',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-widget-border': '#313131',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-input-placeholderForeground': '#989898',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-border': '#ffffff12',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-progressBar-background': '#0078d4',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-textCodeBlock-background': '#2b2b2b',
      '--vscode-errorForeground': '#f85149',
      '--vscode-badge-background': '#616161',
      '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-menu-background': '#1f1f1f',
      '--vscode-menu-foreground': '#cccccc',
      '--vscode-menu-selectionBackground': '#0078d4',
      '--vscode-menu-selectionForeground': '#ffffff',
      '--vscode-menu-border': '#454545',
      '--vscode-widget-shadow': '#0000005c',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-charts-blue': '#3794ff',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-progressBar-background': '#6fc3df',
      '--vscode-textCodeBlock-background': '#000000',
      '--vscode-errorForeground': '#f48771',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-menu-background': '#000000',
      '--vscode-menu-foreground': '#ffffff',
      '--vscode-menu-border': '#6fc3df',
      '--vscode-editorWarning-foreground': '#fff',
      '--vscode-charts-blue': '#3794ff',
    },
  },
  'high-contrast-light': {
    bodyClass: 'vscode-high-contrast-light',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#292929',
      '--vscode-descriptionForeground': '#292929',
      '--vscode-editor-background': '#ffffff',
      '--vscode-contrastBorder': '#0f4a85',
      '--vscode-contrastActiveBorder': '#006bbd',
      '--vscode-focusBorder': '#006bbd',
      '--vscode-panel-border': '#0f4a85',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#292929',
      '--vscode-input-border': '#0f4a85',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#292929',
      '--vscode-dropdown-border': '#0f4a85',
      '--vscode-button-background': '#0f4a85',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#0f4a85',
      '--vscode-button-secondaryBackground': '#ffffff',
      '--vscode-button-secondaryForeground': '#292929',
      '--vscode-progressBar-background': '#0f4a85',
      '--vscode-textCodeBlock-background': '#f2f2f2',
      '--vscode-errorForeground': '#b5200d',
      '--vscode-badge-background': '#0f4a85',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-menu-background': '#ffffff',
      '--vscode-menu-foreground': '#292929',
      '--vscode-menu-border': '#0f4a85',
      '--vscode-testing-iconPassed': '#007100',
      '--vscode-editorWarning-foreground': '#895503',
    },
  },
};

/** The open Studio page and the stand-in host's controls. */
export interface StudioPage {
  page: Page;
  baseUrl: string;
  /** Console errors, page errors, CSP violations and requests that left 127.0.0.1. */
  problems(): string[];
  /** Returns the problems so far and forgets them (for tests that cause one on purpose). */
  takeProblems(): string[];
  /** Everything the webview posted so far. */
  posted(): Promise<Envelope<FromWebview>[]>;
  /** Waits for the next posted message of a type (after `after` messages) and returns it. */
  nextPosted<T extends FromWebview['type']>(type: T, after?: number): Promise<Envelope<Extract<FromWebview, { type: T }>>>;
  /** Sends a message as the host would (a reply when `inReplyTo` is given). */
  fromHost(body: ToWebview, inReplyTo?: number): Promise<void>;
  /** Applies a theme the way VS Code does: body class plus --vscode-* variables on <html>. */
  theme(name: keyof typeof THEMES): Promise<void>;
  /** Saves a screenshot into .test-artifacts/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Extra files the test serves next to the page (e.g. final images "inside localResourceRoots"). */
export type ExtraFiles = Record<string, { body: Buffer; type: string }>;

/** Serves the Studio page and opens it in Chromium. */
export async function openStudioPage(extra: ExtraFiles = {}, viewport = { width: 1100, height: 760 }): Promise<StudioPage> {
  const root = repoRoot();
  const nonce = createNonce();
  // The CSP names the page's own origin as cspSource, like a webview's vscode-resource origin.
  let origin = '';
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/dist/webview.js': { body: readFileSync(join(root, 'dist', 'webview.js')), type: 'text/javascript' },
    '/media/studio.css': { body: readFileSync(join(root, 'media', 'studio.css')), type: 'text/css' },
    '/media/maskPainter.css': { body: readFileSync(join(root, 'media', 'maskPainter.css')), type: 'text/css' },
    '/media/markupPainter.css': { body: readFileSync(join(root, 'media', 'markupPainter.css')), type: 'text/css' },
    '/stub.js': { body: STUB, type: 'text/javascript' },
    ...extra,
  };
  const served = await serveFiles(files, "default-src 'none'");
  origin = served.url;
  const html = renderStudioHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/studio.css`,
  }).replace(`<script nonce="${nonce}"`, `<script nonce="${nonce}" src="${origin}/stub.js"></script>\n  <script nonce="${nonce}"`);
  files['/'] = { body: html, type: 'text/html; charset=utf-8' };
  // The same policy as an HTTP header too, so nothing slips through before the meta tag is parsed.
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

  const posted = () => page.evaluate(() => (window as unknown as { __posted: Envelope<FromWebview>[] }).__posted);
  return {
    page,
    baseUrl: origin,
    problems: () => [...problems],
    takeProblems: () => problems.splice(0),
    posted,
    async nextPosted(type, after = 0) {
      const handle = await page.waitForFunction(
        ({ type, after }) => {
          const list = (window as unknown as { __posted: Array<{ body: { type: string } }> }).__posted;
          return list.slice(after).find((m) => m.body.type === type);
        },
        { type, after },
        { timeout: 15000 },
      );
      return (await handle.jsonValue()) as never;
    },
    async fromHost(body, inReplyTo) {
      // Bytes cross page.evaluate as plain arrays and become a Uint8Array again in the page.
      const bytes = 'bytes' in body && body.bytes instanceof Uint8Array ? [...body.bytes] : undefined;
      await page.evaluate(
        ({ body, inReplyTo, bytes }) => {
          const b = body as Record<string, unknown>;
          if (bytes) b.bytes = new Uint8Array(bytes);
          (window as unknown as { __fromHost(b: unknown, r?: number): void }).__fromHost(b, inReplyTo);
        },
        { body: bytes ? { ...body, bytes: undefined } : body, inReplyTo, bytes },
      );
    },
    async theme(name) {
      const t = THEMES[name];
      await page.evaluate((t) => {
        document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
        document.body.classList.add(t.bodyClass);
        // A theme sets only its own variables: the last theme's must not linger (contrastBorder is high-contrast only).
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
