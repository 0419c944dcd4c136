// The message catalogue: the bundle is built from the t() calls in src/ and is current; text a
// person reads that bypasses t() is found; placeholders match their values; the pseudo locale
// marks every message but keeps its placeholders; the Studio page carries its catalogue safely.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatMessage, t, translateWith, useTranslator } from '../../../src/core/l10n';
import { renderStudioHtml } from '../../../src/host/studio/studioHtml';
import { parseCatalogue, STUDIO_L10N_ID } from '../../../src/shared/l10nCatalogue';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

interface L10nScript {
  scan(root?: string): { messages: Map<string, string>; problems: string[] };
  bundleText(messages: Map<string, string>): string;
  pseudo(text: string): string;
  BUNDLE: string;
}

async function l10nScript(): Promise<L10nScript> {
  return (await import(pathToFileURL(join(ROOT, 'scripts', 'l10n.mjs')).href)) as L10nScript;
}

/** A throw-away tree with the given src/ files, scanned. */
async function scanFiles(files: Record<string, string>): Promise<{ messages: string[]; problems: string[] }> {
  const { scan } = await l10nScript();
  const root = mkdtempSync(join(tmpdir(), 'l10n-scan-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const r = scan(root);
    return { messages: [...r.messages.keys()], problems: r.problems };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('the message catalogue (scripts/l10n.mjs, l10n/bundle.l10n.json)', function () {
  this.timeout(60000);

  it('the committed bundle is the one the source makes, and nothing in src/ is left hard-coded', async () => {
    const { scan, bundleText, BUNDLE } = await l10nScript();
    const { messages, problems } = scan(ROOT);
    assert.deepEqual(problems, []);
    assert.ok(messages.size > 300, `${messages.size} messages`);
    assert.equal(readFileSync(join(ROOT, BUNDLE), 'utf8'), bundleText(messages), 'run `npm run l10n` and commit the bundle');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
  });

  it('finds notifications, quick picks, input boxes, progress titles, tree items and errors that bypass t()', async () => {
    const { problems } = await scanFiles({
      'src/host/bad.ts': [
        "import * as vscode from 'vscode';",
        "void vscode.window.showInformationMessage('Image saved.', 'Open');",
        "void vscode.window.showQuickPick([], { title: 'Pick one', placeHolder: 'Choose' });",
        'void vscode.window.withProgress({ location: 15, title: `Building ${name}` }, async () => {});',
        "item.tooltip = 'Not yet built';",
        'throw new Error(`${path} is not an image.`);',
        "const text = 'Run the command again.';",
      ].join('\n'),
    });
    const lines = problems.map((p) => Number(/:(\d+):/.exec(p)?.[1]));
    assert.deepEqual([...new Set(lines)], [2, 3, 4, 5, 6, 7], problems.join('\n'));
  });

  it('accepts wrapped text, logs, codicons, key names and lines marked l10n-ignore; collects the messages', async () => {
    const { messages, problems } = await scanFiles({
      'src/host/good.ts': [
        "import * as vscode from 'vscode';",
        "void vscode.window.showInformationMessage(vscode.l10n.t('Saved {path}.', { path }), vscode.l10n.t('Open'));",
        'log.info(`Saved ${path} with its sidecar.`);',
        "items.push({ label: `$(edit) ${vscode.l10n.t('Paint a mask')}` });",
        "if (e.key === 'Escape') close();",
        "const channel = 'Image Studio'; // l10n-ignore: the product's name",
      ].join('\n'),
      'src/core/shared.ts': "import { t } from './l10n';\nexport const label = () => t('up to date');",
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(messages.sort(), ['Open', 'Paint a mask', 'Saved {path}.', 'up to date']);
  });

  it('refuses a message that is not a literal, and placeholders without values (or values without placeholders)', async () => {
    const { problems } = await scanFiles({
      'src/host/args.ts': [
        "import * as vscode from 'vscode';",
        'vscode.l10n.t(message);',
        "vscode.l10n.t('Saved {path} in {folder}.', { path });",
        "vscode.l10n.t('Saved.', { path });",
        "vscode.l10n.t('Saved {path}.');",
      ].join('\n'),
    });
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems[0]!, /:2: .*string literal/);
    assert.match(problems[1]!, /:3: .*\{folder\} has no value/);
    assert.match(problems[2]!, /:4: .*path is given/);
    assert.match(problems[3]!, /:5: .*no values/);
  });

  it('the pseudo locale marks and accents every message and keeps its placeholders', async () => {
    const { pseudo } = await l10nScript();
    assert.equal(pseudo('Saved {count} images in {folder}.'), '⟦Sávéd {count} ímágés íñ {folder}.⟧');
  });
});

describe('t() and its translators (core/l10n.ts)', () => {
  afterEach(() => useTranslator(formatMessage));

  it('fills named placeholders, leaves unknown ones as written', () => {
    assert.equal(formatMessage('{count} of {total} images', { count: 2, total: 5 }), '2 of 5 images');
    assert.equal(formatMessage('Use {slug}-{date}', { slug: 'fox' }), 'Use fox-{date}');
  });

  it('looks a message up in a bundle, English when it is missing, and is what core’s t() uses once installed', () => {
    useTranslator(translateWith({ 'Saved {path}.': 'Gespeichert: {path}.' }));
    assert.equal(t('Saved {path}.', { path: 'a.png' }), 'Gespeichert: a.png.');
    assert.equal(t('Not translated {x}', { x: 1 }), 'Not translated 1');
  });
});

describe('the Studio page carries its catalogue (shared/l10nCatalogue.ts)', () => {
  afterEach(() => useTranslator(formatMessage));

  it('as an attribute no string can break out of, read back by the webview; the page is in the catalogue’s words', () => {
    useTranslator(translateWith({ Generate: '⟦Géñéráté⟧' }));
    const catalogue = { Generate: '⟦Géñéráté⟧', hostile: '</script><script>alert(1)</script>' };
    const html = renderStudioHtml({
      cspSource: 'https://x',
      nonce: 'n',
      scriptUri: 's.js',
      styleUri: 's.css',
      catalogue,
      language: 'qps-ploc',
    });
    assert.ok(!html.includes('</script><script>alert'), 'the catalogue cannot end its element');
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'still one script');
    assert.match(html, /<html lang="qps-ploc">/);
    assert.match(html, /id="generate">⟦Géñéráté⟧<\/button>/);
    const content = new RegExp(`<meta id="${STUDIO_L10N_ID}" name="image-studio-l10n" content="([^"]*)">`).exec(html)?.[1];
    const json = content
      ?.replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(parseCatalogue(json), catalogue);
  });

  it('keeps only strings from a damaged catalogue', () => {
    assert.deepEqual(parseCatalogue('{"a":"b","n":1,"o":{}}'), { a: 'b' });
    assert.deepEqual(parseCatalogue('not json'), {});
    assert.deepEqual(parseCatalogue('[1]'), {});
  });
});
