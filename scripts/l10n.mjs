// The message catalogue: finds every `vscode.l10n.t('…')` / `t('…')` call in src/ (host, core,
// CLI, webview), writes their English messages to l10n/bundle.l10n.json (VS Code's bundle format:
// the English text is the key), and finds user-facing text that does not go through them.
//
//   node scripts/l10n.mjs            write l10n/bundle.l10n.json
//   node scripts/l10n.mjs --check    fail when the bundle is stale or a string is left hard-coded
//   node scripts/l10n.mjs --pseudo   also write the qps-ploc pseudo-locale bundles (not committed)
//
// Our own script rather than @vscode/l10n-dev: that tool brings an Azure translation client,
// tree-sitter and XML parsers, and finds only `l10n.t` calls; this one reuses the TypeScript
// compiler we already have, also sees core's and the webview's `t()`, and checks the call sites.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = 'l10n/bundle.l10n.json';
/** VS Code's pseudo locale: `--locale qps-ploc` loads bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json. */
export const PSEUDO_LOCALE = 'qps-ploc';

/**
 * Where text reaches a person; these folders are held to the checks below. Core and the CLI are
 * held only to their t() calls: the CLI's own help and messages stay English (only what it shares
 * with the host, core's messages, is in the catalogue).
 */
const CHECKED = [
  /^src\/core\/(client\/errors|models\/lifecycle|models\/variationPlan)\.ts$/,
  /^src\/host\//,
  /^src\/extension\.ts$/,
  /^src\/webview\//,
  /^src\/shared\/studioOptions\.ts$/,
];
/** Object properties and DOM properties whose value a person reads. */
const USER_PROPS = new Set([
  'title',
  'placeHolder',
  'placeholder',
  'prompt',
  'openLabel',
  'detail',
  'message',
  'tooltip',
  'label',
  'description',
  'validationMessage',
  'aria',
  'aria-label',
  'alt',
  'text',
  'textContent',
  'innerText',
  'ariaLabel',
]);
/** vscode.window calls whose string arguments are shown as they are. */
const UI_CALLS = new Set([
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'showQuickPick',
  'showInputBox',
  'createWebviewPanel',
  'showOpenDialog',
  'showSaveDialog',
  'showWorkspaceFolderPick',
  'withProgress',
  'setStatusBarMessage',
]);
const LOG_METHODS = /(^|\.)(log|console)\.(info|warn|error|debug|trace|log|appendLine)$/;

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const hasWords = (text) => /[A-Za-z]{2,}/.test(text);
/** Looks like prose: two words, and a capital at the start or a full stop at the end. */
const sentenceLike = (text) => /[A-Za-z]+[\s,]+[A-Za-z]+/.test(text) && (/^\s*[A-Z“"(]/.test(text) || /[.…:?!]\s*$/.test(text));
/** A capitalised word on its own is a label (`'Model'`, `'Insert'`), unless it is compared with (a key name). */
const labelLike = (text) => /^[A-Z][a-z]+…?$/.test(text);
const compared = (node) =>
  node.parent &&
  ((ts.isBinaryExpression(node.parent) &&
    [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ].includes(node.parent.operatorToken.kind)) ||
    ts.isCaseClause(node.parent));
/** The words an HTML fragment shows: its text between tags and its labelling attributes. */
function htmlText(text) {
  const attrs = [...text.matchAll(/(?:aria-label|placeholder|title|alt)="([^"]*)"/g)].map((m) => m[1].replace(/\$\{[^}]*\}/g, ''));
  const between = text.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ');
  return [...attrs, between].filter(hasWords);
}

function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('\u0000');
  return undefined;
}

/** True when `t` in this file is the catalogue's (imported from a module ending in /l10n). */
function importsCatalogueT(sf) {
  return sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) &&
      /\/l10n$/.test(s.moduleSpecifier.text) &&
      s.importClause?.namedBindings &&
      ts.isNamedImports(s.importClause.namedBindings) &&
      s.importClause.namedBindings.elements.some((e) => e.name.text === 't'),
  );
}

/** Scans src/: the catalogue's messages and every problem found, each as `file:line: what`. */
export function scan(root = ROOT) {
  const messages = new Map();
  const problems = [];
  const nodes = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    const rel = relative(root, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lines = text.split('\n');
    const checked = CHECKED.some((re) => re.test(rel));
    const catalogueT = importsCatalogueT(sf);
    const where = (node) => {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      return {
        line: line + 1,
        ignored: /l10n-ignore/.test(lines[line]) || (/l10n-ignore/.test(lines[line - 1] ?? '') && /^\s*\/\//.test(lines[line - 1])),
      };
    };
    const reported = new Set();
    const report = (node, what) => {
      const w = where(node);
      if (!w.ignored && !reported.has(node)) {
        reported.add(node);
        problems.push(`${rel}:${w.line}: ${what}`);
        nodes.push({ file: rel, node, sf });
      }
    };
    const isCatalogueCall = (node) => {
      if (!ts.isCallExpression(node)) return false;
      const callee = node.expression.getText(sf);
      return callee === 'vscode.l10n.t' || callee === 'l10n.t' || (callee === 't' && catalogueT);
    };
    const literalProblem = (node, why) => {
      const value = literalText(node);
      // A codicon such as $(edit) is an icon, not words.
      if (value !== undefined && hasWords(value.replace(/\$\([a-z-]+\)/g, '')))
        report(node, `${why}: ${JSON.stringify(value.slice(0, 60))} is not wrapped in t()`);
    };
    const visit = (node, inside) => {
      if (isCatalogueCall(node)) {
        const [first, args] = node.arguments;
        if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          report(node, 'the message of t() must be a string literal (the bundle is built from the source)');
        } else {
          const at = `${rel}:${where(node).line}`;
          if (!messages.has(first.text)) messages.set(first.text, at);
          const wanted = new Set([...first.text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
          if (args && ts.isObjectLiteralExpression(args)) {
            const given = new Set(args.properties.map((p) => p.name?.getText(sf)));
            for (const name of wanted) if (!given.has(name)) report(node, `t(): {${name}} has no value`);
            for (const name of given) if (!wanted.has(name)) report(node, `t(): ${name} is given but the message has no {${name}}`);
          } else if (!args && wanted.size && !/^[^{]*\{[0-9]+\}/.test(first.text)) {
            report(node, `t(): the message has placeholders but no values`);
          }
        }
        // The message itself is the wrapped literal; its values may hold more calls.
        for (const a of node.arguments.slice(1)) visit(a, { ...inside, wrapped: false });
        return;
      }
      if (checked && !inside.log && !inside.wrapped) checkNode(node, inside);
      let next = inside;
      if (ts.isCallExpression(node) && LOG_METHODS.test(node.expression.getText(sf))) next = { ...inside, log: true };
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node) || ts.isTypeNode(node)) return;
      ts.forEachChild(node, (child) => visit(child, next));
    };
    const checkNode = (node) => {
      if (ts.isCallExpression(node)) {
        const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText(sf);
        if (UI_CALLS.has(name)) for (const a of node.arguments) literalProblem(a, `${name}() shows it`);
        if (name === 'setAttribute' && /^['"](aria-label|title|placeholder|alt)['"]$/.test(node.arguments[0]?.getText(sf) ?? ''))
          literalProblem(node.arguments[1], 'a labelling attribute');
        if (name === 'h') for (const a of node.arguments.slice(2)) literalProblem(a, 'an element shows it');
      }
      if (
        (ts.isNewExpression(node) &&
          /(Error|Problem)$/.test(node.expression.getText(sf)) &&
          node.arguments?.[0] &&
          rel.startsWith('src/host')) ||
        (ts.isNewExpression(node) && rel === 'src/extension.ts' && node.arguments?.[0])
      ) {
        literalProblem(node.arguments[0], 'an error a person reads');
      }
      if (ts.isPropertyAssignment(node) && USER_PROPS.has(node.name.getText(sf).replace(/^['"]|['"]$/g, '')))
        literalProblem(node.initializer, `the ${node.name.getText(sf)} a person reads`);
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        USER_PROPS.has(node.left.name.text)
      )
        literalProblem(node.right, `.${node.left.name.text} shows it`);
      const value = literalText(node);
      if (value !== undefined && !(node.parent && ts.isPropertyAssignment(node.parent) && node.parent.name === node)) {
        // A template's values count as words (`Opened ${path}.` reads as a sentence).
        const parts =
          value.includes('<') && /<\/?[a-z]/.test(value)
            ? htmlText(value.replace(/\u0000/g, ' '))
            : [value.replace(/\u0000/g, 'Xx')].filter((p) => {
                const bare = value.replace(/\u0000/g, ' ');
                return (sentenceLike(p) && /[a-z]{2,}/.test(bare)) || (labelLike(bare.trim()) && !compared(node));
              });
        if (parts.length) report(node, `user-facing text ${JSON.stringify(parts[0].trim().slice(0, 60))} is not wrapped in t()`);
      }
    };
    visit(sf, { log: false, wrapped: false });
  }
  return { messages, problems, nodes };
}

/** The bundle's text: sorted, one message a line, as VS Code reads it. */
export function bundleText(messages) {
  const sorted = Object.fromEntries([...messages.keys()].sort().map((m) => [m, m]));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

const ACCENTS = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú', c: 'ç', n: 'ñ', y: 'ý' };
/** Marks every string: `Generate {count} images` → `⟦Géñéráté {count} ímágés⟧`; placeholders stay as they are. */
export function pseudo(text) {
  return `⟦${text
    .split(/(\{[A-Za-z0-9_]+\})/)
    .map((part, i) => (i % 2 ? part : part.replace(/[aeiouAEIOUcny]/g, (c) => ACCENTS[c])))
    .join('')}⟧`;
}

/** Writes the pseudo-locale bundles beside the real ones (gitignored, left out of the VSIX). */
export function writePseudo(root = ROOT) {
  const bundle = JSON.parse(readFileSync(join(root, BUNDLE), 'utf8'));
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  const mark = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, pseudo(v)]));
  writeFileSync(join(root, 'l10n', `bundle.l10n.${PSEUDO_LOCALE}.json`), `${JSON.stringify(mark(bundle), null, 2)}\n`);
  writeFileSync(join(root, `package.nls.${PSEUDO_LOCALE}.json`), `${JSON.stringify(mark(nls), null, 2)}\n`);
}

/** Removes what writePseudo wrote. */
export function removePseudo(root = ROOT) {
  rmSync(join(root, 'l10n', `bundle.l10n.${PSEUDO_LOCALE}.json`), { force: true });
  rmSync(join(root, `package.nls.${PSEUDO_LOCALE}.json`), { force: true });
}

function main() {
  const args = process.argv.slice(2);
  const { messages, problems } = scan();
  const text = bundleText(messages);
  const path = join(ROOT, BUNDLE);
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing: stale */
    }
    if (current !== text) problems.unshift(`${BUNDLE} is not current: run \`node scripts/l10n.mjs\` and commit it`);
    for (const p of problems) console.error(`l10n: ${p}`);
    if (problems.length) {
      console.error(`l10n: ${problems.length} problem(s); CONTRIBUTING.md says how to add a string`);
      process.exit(1);
    }
    console.log(`l10n: ${messages.size} messages, bundle current, nothing hard-coded`);
    return;
  }
  mkdirSync(join(ROOT, 'l10n'), { recursive: true });
  writeFileSync(path, text);
  console.log(`l10n: wrote ${messages.size} messages to ${BUNDLE}`);
  if (args.includes('--pseudo')) {
    writePseudo();
    console.log(`l10n: wrote the ${PSEUDO_LOCALE} pseudo-locale bundles`);
  }
  for (const p of problems) console.error(`l10n: ${p}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
