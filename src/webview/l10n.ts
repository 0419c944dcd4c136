// The Studio's t(): the same English-keyed catalogue as the host's, read from the page (the host
// writes this session's translations into it; see src/shared/l10nCatalogue.ts). Installed as
// core's translator too, so core's and shared's messages shown in the Studio are translated the
// same way. English when the page has none, as in the browser tests.
import { t as catalogueT, translateWith, useTranslator, type MessageArgs } from '../core/l10n';
import { parseCatalogue, STUDIO_L10N_ID } from '../shared/l10nCatalogue';

/** Reads the page's catalogue; each bundle's entry (main.ts, boardMain.ts) calls it once, before anything is drawn. */
export function installCatalogue(): void {
  const json = typeof document === 'undefined' ? undefined : document.getElementById(STUDIO_L10N_ID)?.getAttribute('content');
  useTranslator(translateWith(parseCatalogue(json)));
}

/** A user-facing message of the Studio: the English text is the key. */
export function t(message: string, args: MessageArgs = {}): string {
  return catalogueT(message, args);
}
