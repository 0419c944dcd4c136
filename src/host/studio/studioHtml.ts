// The Studio page: a static, labelled skeleton the webview app fills in, under a strict CSP. No
// vscode import, so the browser tests serve exactly this page.
import { randomBytes } from 'node:crypto';

/** Where the page's resources come from. */
export interface StudioPageResources {
  /** `webview.cspSource`: the origin of asWebviewUri URLs. */
  cspSource: string;
  /** Fresh per render (see createNonce). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
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
    `img-src ${cspSource} blob:`,
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
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(studioCsp(r.cspSource, r.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(r.styleUri)}">
  <title>Image Studio</title>
</head>
<body>
  <main class="studio">
    <form id="generate-form" class="composer" aria-label="Generate an image" novalidate>
      <h1>Image Studio</h1>
      <div id="mode" class="mode-switch" role="radiogroup" aria-label="Mode">
        <input type="radio" name="mode" id="mode-generate" value="generate" checked><label for="mode-generate">Generate</label>
        <input type="radio" name="mode" id="mode-edit" value="edit"><label for="mode-edit">Edit</label>
        <input type="radio" name="mode" id="mode-variation" value="variation"><label for="mode-variation">Variation</label>
      </div>
      <label for="prompt" id="prompt-label" class="prompt-label">Prompt</label>
      <textarea id="prompt" name="prompt" rows="6" placeholder="Describe the image you want…" aria-describedby="prompt-hint prompt-count" spellcheck="true"></textarea>
      <div class="prompt-foot">
        <p id="prompt-hint" class="note">Ctrl+Enter (⌘+Enter on macOS) generates; Escape cancels.</p>
        <p id="prompt-count" class="note counter"></p>
      </div>
      <fieldset id="options" class="options"><legend>Options</legend></fieldset>
      <div class="output-folder">
        <span class="note">Saving to <code id="output-folder">the output folder</code></span>
        <button type="button" id="choose-output" class="secondary small" aria-label="Change the output folder">Change…</button>
      </div>
      <div class="actions">
        <button type="submit" id="generate">Generate</button>
        <button type="button" id="cancel" class="secondary" hidden>Cancel</button>
      </div>
      <p id="estimate" class="note estimate" hidden></p>
      <div id="progress" class="progress" hidden>
        <progress aria-label="Generating"></progress>
        <span class="stage" role="status" aria-live="polite"></span>
      </div>
      <p id="status" class="status" role="status" aria-live="polite"></p>
      <ul id="external-jobs" class="external-jobs" aria-label="Jobs started from commands" hidden></ul>
    </form>
    <div class="main-column">
      <section id="edit-area" class="edit-area" hidden></section>
      <section class="results" aria-labelledby="results-heading">
        <div class="results-head">
          <h2 id="results-heading">Results</h2>
          <span id="total" class="note total"></span>
        </div>
        <div class="filters" role="search" aria-label="Filter the results">
          <input type="search" id="filter-text" placeholder="Search prompts…" aria-label="Search the results by prompt">
          <select id="filter-model" aria-label="Filter by model"><option value="">All models</option></select>
          <select id="filter-kind" aria-label="Filter by kind">
            <option value="">All kinds</option><option value="generate">Generated</option><option value="edit">Edits</option><option value="variation">Variations</option>
          </select>
          <button type="button" id="load-history" class="secondary small">Load workspace history</button>
        </div>
        <p id="empty" class="note">Generated images appear here. Previews replace each other while an image is being made.</p>
        <ul id="gallery" class="gallery"></ul>
      </section>
    </div>
  </main>
  <script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}
