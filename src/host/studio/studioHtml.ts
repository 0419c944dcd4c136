// The Studio page: a static, labelled skeleton the webview app fills in, under a strict CSP. No
// vscode import, so the browser tests serve exactly this page. Its words come from the catalogue
// (core's t(), which is vscode.l10n.t in the extension), and the page carries the catalogue's
// translations for the webview's own t() (src/webview/l10n.ts).
import { randomBytes } from 'node:crypto';
import { t } from '../../core/l10n';
import { STUDIO_L10N_ID } from '../../shared/l10nCatalogue';

/** Where the page's resources come from. */
export interface StudioPageResources {
  /** `webview.cspSource`: the origin of asWebviewUri URLs. */
  cspSource: string;
  /** Fresh per render (see createNonce). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The translations of this session's language (vscode.l10n.bundle); none in English. */
  catalogue?: Readonly<Record<string, string>>;
  /** The display language, for `<html lang>` (vscode.env.language). */
  language?: string;
}

/** A nonce for one render: 128 random bits, never reused. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy: nothing by default, images from the extension/output folders and
 * blob: previews, styles and fonts from the extension, scripts only with this render's nonce. No
 * connect-src: only the host talks to the API.
 */
export function studioCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} blob:`, // l10n-ignore: a policy, not words
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole HTML document of the panel. */
export function renderStudioHtml(r: StudioPageResources): string {
  return /* html */ `<!DOCTYPE html>
<html lang="${attr(r.language ?? 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(studioCsp(r.cspSource, r.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(r.styleUri)}">
  <meta id="${STUDIO_L10N_ID}" name="image-studio-l10n" content="${attr(JSON.stringify(r.catalogue ?? {}))}">
  <title>${attr(t('Image Studio'))}</title>
</head>
<body>
  <main class="studio">
    <form id="generate-form" class="composer" aria-label="${attr(t('Generate an image'))}" novalidate>
      <h1>${attr(t('Image Studio'))}</h1>
      <div id="mode" class="mode-switch" role="radiogroup" aria-label="${attr(t('Mode'))}">
        <input type="radio" name="mode" id="mode-generate" value="generate" checked><label for="mode-generate">${attr(t('Generate'))}</label>
        <input type="radio" name="mode" id="mode-edit" value="edit"><label for="mode-edit">${attr(t('Edit'))}</label>
        <input type="radio" name="mode" id="mode-variation" value="variation"><label for="mode-variation">${attr(t('Variation'))}</label>
      </div>
      <label for="prompt" id="prompt-label" class="prompt-label">${attr(t('Prompt'))}</label>
      <textarea id="prompt" name="prompt" rows="6" placeholder="${attr(t('Describe the image you want…'))}" aria-describedby="prompt-hint prompt-count" spellcheck="true"></textarea>
      <div class="prompt-foot">
        <p id="prompt-hint" class="note">${attr(t('Ctrl+Enter (⌘+Enter on macOS) generates; Escape cancels.'))}</p>
        <p id="prompt-count" class="note counter"></p>
      </div>
      <fieldset id="options" class="options"><legend>${attr(t('Options'))}</legend></fieldset>
      <div class="output-folder">
        <span class="note" id="output-folder-line"></span>
        <button type="button" id="choose-output" class="secondary small" aria-label="${attr(t('Change the output folder'))}">${attr(t('Change…'))}</button>
      </div>
      <div class="actions">
        <button type="submit" id="generate">${attr(t('Generate'))}</button>
        <button type="button" id="cancel" class="secondary" hidden>${attr(t('Cancel'))}</button>
      </div>
      <p id="estimate" class="note estimate" hidden></p>
      <div id="progress" class="progress" hidden>
        <progress aria-label="${attr(t('Generating'))}"></progress>
        <span class="stage" role="status" aria-live="polite"></span>
      </div>
      <p id="status" class="status" role="status" aria-live="polite"></p>
      <ul id="external-jobs" class="external-jobs" aria-label="${attr(t('Jobs started from commands'))}" hidden></ul>
    </form>
    <div class="main-column">
      <section id="edit-area" class="edit-area" hidden></section>
      <section class="results" aria-labelledby="results-heading">
        <div class="results-head">
          <h2 id="results-heading">${attr(t('Results'))}</h2>
          <span id="total" class="note total"></span>
        </div>
        <div class="filters" role="search" aria-label="${attr(t('Filter the results'))}">
          <input type="search" id="filter-text" placeholder="${attr(t('Search prompts…'))}" aria-label="${attr(t('Search the results by prompt'))}">
          <select id="filter-model" aria-label="${attr(t('Filter by model'))}"><option value="">${attr(t('All models'))}</option></select>
          <select id="filter-kind" aria-label="${attr(t('Filter by kind'))}">
            <option value="">${attr(t('All kinds'))}</option><option value="generate">${attr(t('Generated'))}</option><option value="edit">${attr(t('Edits'))}</option><option value="variation">${attr(t('Variations'))}</option>
          </select>
          <button type="button" id="load-history" class="secondary small">${attr(t('Load workspace history'))}</button>
        </div>
        <p id="empty" class="note">${attr(t('Generated images appear here. Previews replace each other while an image is being made.'))}</p>
        <ul id="gallery" class="gallery"></ul>
      </section>
    </div>
  </main>
  <script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}
