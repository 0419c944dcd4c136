// A variation made through /images/edits (models without a variations endpoint): the one request
// shape the CLI and the extension both send, so they agree on which options survive the change of
// endpoint.
import type { EditRequest, InputImage } from '../types';
import { checkSize } from './capabilities';
import type { ModelCatalogue } from './modelCatalogue';

/**
 * The edit request for a variation of `image` by `model` with `instruction`. Sizes differ between
 * the variation and edit models: a size is kept only if the edit model takes it on /edits,
 * otherwise it is dropped (the model's default) rather than refused after the user chose "variation".
 */
export function variationAsEdit(
  models: ModelCatalogue,
  model: string,
  instruction: string,
  image: InputImage,
  options: { n?: number; size?: string },
): EditRequest {
  const size = options.size && !checkSize(models.capabilities(model), options.size, 'edits') ? { size: options.size } : {};
  return { model, prompt: instruction, images: [image], ...(options.n ? { n: options.n } : {}), ...size };
}
