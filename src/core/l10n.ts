// The message catalogue's core: every user-facing message is written in English at its call site,
// `t('Saved {count} images.', { count })`, and that English text is its key in the bundle
// (l10n/bundle.l10n.json, written by `node scripts/l10n.mjs`). The host installs VS Code's
// translator (vscode.l10n.t) at activation; the CLI and the tests keep the English formatter.
// Core must not import vscode, so the translator is handed in rather than looked up.

/** Named values for a message's `{name}` placeholders. */
export type MessageArgs = Record<string, string | number>;

/** Turns an English message and its values into the text to show. */
export type Translator = (message: string, args: MessageArgs) => string;

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

/** Fills `{name}` placeholders; one without a value stays as written (as vscode.l10n.t does). */
export function formatMessage(template: string, args: MessageArgs = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** Looks a message up in a bundle's contents (English when it is missing) and fills it. */
export function translateWith(contents: Readonly<Record<string, string>> | undefined): Translator {
  return (message, args) => formatMessage(contents?.[message] ?? message, args);
}

let active: Translator = formatMessage;

/** Installs the translator every later `t()` uses (the host: vscode.l10n.t). */
export function useTranslator(translator: Translator): void {
  active = translator;
}

/** A user-facing message from the catalogue: the English text is the key. */
export function t(message: string, args: MessageArgs = {}): string {
  return active(message, args);
}
