import * as vscode from 'vscode';

/**
 * The one output channel ("Image Studio") for everything a person may want to read later.
 * Every line passes through `redact`, so a key that slips into a message (an error echoed by a
 * server, say) is masked before it is written.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Image Studio', { log: true }); // l10n-ignore: the product's name
  private readonly secrets = new Set<string>();

  /** Registers a value that must never be written (the API key). */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  /** Forgets a value registered with addSecret (after the key is cleared). */
  removeSecret(secret: string | undefined): void {
    if (secret) this.secrets.delete(secret);
  }

  /** Masks every registered secret in a message. */
  redact(message: string): string {
    let out = message;
    for (const secret of this.secrets) out = out.split(secret).join('«redacted»');
    return out;
  }

  debug(message: string): void {
    this.channel.debug(this.redact(message));
  }
  info(message: string): void {
    this.channel.info(this.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }
  error(message: string): void {
    this.channel.error(this.redact(message));
  }

  /** Brings the channel into view (the "Open Log" action of error messages). */
  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
