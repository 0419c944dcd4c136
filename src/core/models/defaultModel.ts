/**
 * The model used when neither the caller nor the settings name one: the extension's setting
 * default, the CLI, asset manifests and the Studio form before the host has answered. A file of
 * its own so that the webview can take it without the capability table.
 */
export const DEFAULT_MODEL = 'gpt-image-2';
