// The assets board's page: a labelled skeleton the board script fills in, under the same strict
// CSP as the Studio (nothing by default, images from the webview's own origin, styles from the
// extension, one nonce'd script). No vscode import: the browser tests serve exactly this page.
import { t } from '../../../core/l10n';
import { STUDIO_L10N_ID } from '../../../shared/l10nCatalogue';
import { studioCsp } from '../../studio/studioHtml';

/** Where the board page's resources come from. */
export interface BoardPageResources {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  catalogue?: Readonly<Record<string, string>>;
  language?: string;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole HTML document of the board panel. */
export function renderBoardHtml(r: BoardPageResources): string {
  return /* html */ `<!DOCTYPE html>
<html lang="${attr(r.language ?? 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(studioCsp(r.cspSource, r.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(r.styleUri)}">
  <meta id="${STUDIO_L10N_ID}" name="image-studio-l10n" content="${attr(JSON.stringify(r.catalogue ?? {}))}">
  <title>${attr(t('Assets Board'))}</title>
</head>
<body>
  <main class="board">
    <header class="board-head">
      <h1>${attr(t('Assets Board'))}</h1>
      <p id="estimate" class="estimate" role="status" aria-live="polite"></p>
    </header>
    <div class="filters" role="search" aria-label="${attr(t('Filter the assets'))}">
      <label for="filter-state">${attr(t('Show'))}</label>
      <select id="filter-state">
        <option value="all">${attr(t('All assets'))}</option>
        <option value="needs-build">${attr(t('To build (missing or stale)'))}</option>
        <option value="changed-by-hand">${attr(t('Changed by hand'))}</option>
        <option value="invalid">${attr(t('Invalid'))}</option>
        <option value="failing">${attr(t('Failing a check'))}</option>
        <option value="review">${attr(t('To review'))}</option>
        <option value="in-batch">${attr(t('In a batch'))}</option>
        <option value="retiring">${attr(t('Model retiring'))}</option>
      </select>
      <label for="filter-text">${attr(t('Path'))}</label>
      <input type="search" id="filter-text" placeholder="${attr(t('Part of a path…'))}">
    </div>
    <p id="shown" class="note" role="status" aria-live="polite"></p>
    <ul id="problems" class="problems" hidden></ul>
    <ul id="cards" class="cards" aria-label="${attr(t('Assets'))}"></ul>
    <p id="empty" class="note" hidden>${attr(t('No image-studio.json in this workspace declares an asset yet.'))}</p>
  </main>
  <script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}
