// The text inserted for an image: a Markdown image or an HTML <img> depending on the document's
// language, with the path relative to the document and alt text from the prompt. Pure (no vscode),
// so it is unit-tested in plain Node.
import { posix } from 'node:path';
import { t } from '../../core/l10n';

/** How a document links an image. */
export type LinkStyle = 'markdown' | 'html' | 'path';

const MARKDOWN = new Set(['markdown', 'mdx', 'quarto', 'rmd', 'prompt', 'instructions', 'chatmode']);
const HTML = new Set([
  'html',
  'vue',
  'svelte',
  'astro',
  'php',
  'erb',
  'razor',
  'handlebars',
  'django-html',
  'jinja',
  'nunjucks',
  'javascriptreact',
  'typescriptreact',
  'xml',
]);

/** Markdown for Markdown-like languages, HTML for markup and JSX, a bare path elsewhere. */
export function linkStyleFor(languageId: string): LinkStyle {
  if (MARKDOWN.has(languageId)) return 'markdown';
  if (HTML.has(languageId)) return 'html';
  return 'path';
}

/** `imagePath` relative to the folder of `documentPath` (both POSIX URI paths), `./`-free. */
export function relativeTo(documentPath: string, imagePath: string): string {
  return posix.relative(posix.dirname(documentPath), imagePath) || posix.basename(imagePath);
}

/** Percent-encodes what would break a link (spaces, parentheses, `#`, `?`, `%`, `<`, `>`) segment by segment. */
export function encodeLinkPath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/');
}

/** Alt text from a prompt: one line, at most 120 characters. */
export function altFromPrompt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return (flat.length > 120 ? `${flat.slice(0, 119).trimEnd()}…` : flat) || t('Generated image');
}

function escapeMarkdownAlt(alt: string): string {
  return alt.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

function escapeHtmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The snippet for an image link of `relativePath` in a document of `languageId`. */
export function imageSnippet(languageId: string, relativePath: string, prompt: string): string {
  const alt = altFromPrompt(prompt);
  const link = encodeLinkPath(relativePath);
  switch (linkStyleFor(languageId)) {
    case 'markdown':
      return `![${escapeMarkdownAlt(alt)}](${link})`;
    case 'html':
      return `<img src="${escapeHtmlAttr(link)}" alt="${escapeHtmlAttr(alt)}">`;
    case 'path':
      return relativePath;
  }
}

/**
 * The snippet placed on a line of its own: a newline before it when text precedes it on the line,
 * and after it when text follows (a link glued to `# Heading` would break the heading). In
 * Markdown it is a paragraph of its own: a blank line separates it from the text before and after
 * (on the same line, or on the lines above and below), or Markdown joins it to that paragraph. A
 * bare path (code, plain text) goes exactly where the cursor is.
 */
export function onOwnLine(
  languageId: string,
  snippet: string,
  textBefore: string,
  textAfter: string,
  lineAbove = '',
  lineBelow = '',
): string {
  const style = linkStyleFor(languageId);
  if (style === 'path') return snippet;
  if (style === 'html') return `${textBefore.trim() ? '\n' : ''}${snippet}${textAfter.trim() ? '\n' : ''}`;
  const before = textBefore.trim() ? '\n\n' : lineAbove.trim() ? '\n' : '';
  const after = textAfter.trim() ? '\n\n' : lineBelow.trim() ? '\n' : '';
  return `${before}${snippet}${after}`;
}
