// The key-colour fallback of a generation whose model refused a transparent background: ask (or
// read the caller's answer), then key the flat colour out of each image before it is written, and
// record that in its sidecar.
import * as vscode from 'vscode';
import type { BatchResult } from '../../core/client/batch';
import { countTransparentPixels } from '../../core/image/pngAlpha';
import { fallbackRecord, KEY_COLOUR, removeKeyColour, type KeyRemoval } from '../../core/image/keyColour';
import type { GenerateParams } from './jobTypes';
import type { ProcessResult } from './resultWriter';

/** Whether to run the fallback: the caller's answer, else the user's (a warning with a button). */
export async function wantsKeyColourFallback(params: Pick<GenerateParams, 'transparencyFallback'>, model: string): Promise<boolean> {
  if (params.transparencyFallback !== undefined) return params.transparencyFallback;
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

/** Removes the key colour from each PNG of a request's result and adds the record to its sidecar. */
export function keyOutResults(refusal: string, model: string): (result: BatchResult) => Promise<ProcessResult> {
  return async (result) => {
    const removals = new Map<number, KeyRemoval>();
    const images = await Promise.all(
      result.images.map(async (img) => {
        if (img.format !== 'png') return img;
        const keyed = await removeKeyColour(img.bytes);
        removals.set(img.index, keyed.removal);
        return { ...img, bytes: keyed.png };
      }),
    );
    return {
      result: { ...result, images },
      options: {
        afterWrite: async (img) =>
          fallbackRecord(refusal, removals.get(img.index), ((await countTransparentPixels(img.bytes))?.transparent ?? 0) > 0),
      },
      note: vscode.l10n.t('{model} refused a transparent background: made on {hex} and keyed out locally (recorded in the sidecar).', {
        model,
        hex: KEY_COLOUR.hex,
      }),
    };
  };
}
