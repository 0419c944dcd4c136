// How the Studio page carries its catalogue: the host writes the translations of the session's
// language (vscode.l10n.bundle) as JSON into a <meta> element of the page (data, not a script:
// the page keeps its one nonce'd script), and the webview's t() reads them
// before it builds anything (src/webview/l10n.ts). In the page rather than in the `init` message,
// because the Studio builds part of its DOM before `init` arrives.

/** The id of the page's `<meta>` element whose content is the catalogue. */
export const STUDIO_L10N_ID = 'studio-l10n';

/** The catalogue as the page holds it, kept only when it is an object of strings. */
export function parseCatalogue(json: string | null | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}
