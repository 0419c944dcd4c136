// The rules of a markup edit, checked before anything is sent: the notes go as a transparent PNG
// in their own multipart `markup` part, at exactly the first image's size, never with a mask, and
// only to a model whose capability row says it takes markup (S: OpenRouter's "Markup" model, "a
// transparent PNG overlay … with the same dimensions as the first reference image"; ComfyUI's GPT
// Image 2.6 node, "markup … must match the first reference image"; images-api.md 2026-12-06).
import { ImageStudioError } from '../client/errors';
import { readImageInfo } from '../image/imageInfo';
import { t } from '../l10n';
import type { EditRequest } from '../types';
import type { ModelCapabilities } from './capabilityTypes';
import type { ModelCatalogue } from './modelCatalogue';

/** Throws a validation error when the edit's markup cannot be sent as it stands; no markup passes. */
export function checkMarkup(models: ModelCatalogue, caps: ModelCapabilities, req: EditRequest): void {
  const markup = req.markup;
  if (!markup) return;
  const name = markup.filename;
  const refuse = (message: string, value: string = name): never => {
    throw new ImageStudioError('validation', message, { param: 'markup', value });
  };
  if (!caps.markup) {
    const takers = models
      .list()
      .filter((m) => m.markup && !m.unknown)
      .map((m) => m.id);
    refuse(
      t(
        '{model} does not take markup edits, so {name} was not sent (nothing was). Models that do: {models}; a model declared in imageStudio.models (or --models) can say "markup": true.',
        { model: caps.id, name, models: takers.join(', ') || t('none known') },
      ),
    );
  }
  if (req.mask)
    refuse(
      t(
        'A markup edit cannot also have a mask: {name} marks what to change with notes, the mask {mask} with transparency. Send one of them; nothing was sent.',
        { name, mask: req.mask.filename },
      ),
    );
  // A JSON edit (moderation, file ids) has no field for markup: it would leave without the notes.
  if (req.moderation !== undefined || req.images.some((i) => i.fileId) || markup.fileId)
    refuse(
      t('A markup edit goes as multipart, which takes no moderation and no file ids: leave those out to send {name}. Nothing was sent.', {
        name,
      }),
    );
  const info = readImageInfo(markup.bytes);
  if (!info || info.format !== 'png')
    refuse(
      t('The markup {name} must be a transparent PNG holding only the notes; it is {format}. Nothing was sent.', {
        name,
        format: info?.format.toUpperCase() ?? t('not an image'),
      }),
    );
  if (info && info.hasAlpha === false)
    refuse(
      t(
        'The markup {name} has no transparency, so it would cover the whole image: draw the notes over transparent pixels and save an RGBA PNG. Nothing was sent.',
        { name },
      ),
    );
  const first = req.images[0] && readImageInfo(req.images[0].bytes);
  if (info && first && (info.width !== first.width || info.height !== first.height))
    refuse(
      t('The markup {name} is {actual} but the first image is {expected}: the notes must be drawn at the image’s size. Nothing was sent.', {
        name,
        actual: `${info.width}x${info.height}`,
        expected: `${first.width}x${first.height}`,
      }),
      `${name} (${info.width}x${info.height})`,
    );
  if (markup.bytes.length > caps.input.maxBytes)
    refuse(
      t('The markup {name} is {bytes} bytes; {model} takes files under {max} bytes. Nothing was sent.', {
        name,
        bytes: markup.bytes.length,
        model: caps.id,
        max: caps.input.maxBytes,
      }),
    );
}
