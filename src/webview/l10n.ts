// The Studio's t(): the same English-keyed catalogue as the host's, read from the page (the host
// writes this session's translations into it; see src/shared/l10nCatalogue.ts). English when the
// page has none, as in the browser tests.
import { translateWith, type MessageArgs, type Translator } from '../core/l10n';
import { parseCatalogue, STUDIO_L10N_ID } from '../shared/l10nCatalogue';

let translate: Translator | undefined;

/** A user-facing message of the Studio: the English text is the key. */
export function t(message: string, args: MessageArgs = {}): string {
  translate ??= translateWith(parseCatalogue(typeof document === 'undefined' ? undefined : document.getElementById(STUDIO_L10N_ID)?.textContent));
  return translate(message, args);
}
