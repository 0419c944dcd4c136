// The key-colour fallback's question to the person, when the model refused a transparent
// background and the caller did not answer beforehand: a warning with a button. The fallback
// itself (the flat colour made transparent, recorded in the sidecar) is core's processing stage.
import * as vscode from 'vscode';
import { KEY_COLOUR } from '../../core/image/keyColour';

/** Asks whether to generate on a flat key colour and remove it locally. */
export async function askKeyColourFallback(model: string): Promise<boolean> {
  const fallback = vscode.l10n.t('Use Key-Colour Fallback');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{model} refused a transparent background (on gpt-image-2 it is only a preview). Generate on a flat {hex} background and remove it locally? The result is checked for transparency and the sidecar records it.',
      { model, hex: KEY_COLOUR.hex },
    ),
    fallback,
  );
  return choice === fallback;
}
