// The base name of a saved result, the same in the CLI and the extension: the template filled from
// the prompt, except that a variation is named after its input image (its prompt, when it went
// through /edits, is only the instruction every variation shares).
import { renderFileName } from '../naming';
import type { EditRequest, GenerateRequest, VariationRequest } from '../types';

/** Base name (no extension) of image `index` of a batch made at `date`. */
export function resultBaseName(
  template: string,
  request: GenerateRequest | EditRequest | VariationRequest,
  isVariation: boolean,
  model: string,
  index: number,
  date: Date,
): string {
  const input = 'image' in request ? request.image.filename : 'images' in request ? request.images[0]?.filename : undefined;
  const prompt =
    isVariation || !('prompt' in request)
      ? `variation ${(input ?? '').split(/[\\/]/).pop() ?? ''}`.replace(/\.[a-z]+$/i, '')
      : request.prompt;
  return renderFileName(template, { prompt: prompt.trim() || 'variation', model, index, date });
}
