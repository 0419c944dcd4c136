// The host's second look at an edit or variation from the Studio, before anything is sent. The
// webview prepared the bytes, but it is untrusted: every image is read again from its header
// (magic, dimensions, bombs), ids must be ones the host issued, the count must fit the model, and
// the mask must be a PNG of exactly the first image's dimensions with something transparent, and
// so must the notes of a markup edit, which never come with a mask.
// No vscode here, so unit tests run it in plain Node.
import { checkDimensions, inspectImage, isImageInputError, mimeTypeOf, validateMask, type ImageInfo } from '../../core/image';
import { countTransparentPixels } from '../../core/image/pngAlpha';
import type { StudioEditParams } from '../../shared/protocol';
import { t } from '../../core/l10n';

/** A refusal with words for the user; nothing has been sent. */
export class EditRequestProblem extends Error {
  override readonly name = 'EditRequestProblem';
}

/** An input as the host read it from the workspace. */
export interface KnownInput {
  name: string;
  bytes: Uint8Array;
  info: ImageInfo;
}

/** One input ready to send: the original it came from, and the bytes that go (prepared or the original's). */
export interface CheckedInput<T extends KnownInput = KnownInput> {
  id: string;
  original: T;
  bytes: Uint8Array;
  info: ImageInfo;
  /** The name the file part carries (`photo.png` when a JPEG was converted). */
  filename: string;
  mimeType: string;
  steps: string[];
}

/** Everything of an edit request that passed. */
export interface CheckedEdit<T extends KnownInput = KnownInput> {
  inputs: Array<CheckedInput<T>>;
  mask?: { bytes: Uint8Array; info: ImageInfo; filename: string };
  saveMask?: Uint8Array;
  /** The notes drawn in Annotate mode (a transparent PNG at the first image's size). */
  markup?: { bytes: Uint8Array; info: ImageInfo; filename: string };
}

function readHeader(bytes: Uint8Array, what: string): ImageInfo {
  try {
    const info = inspectImage(bytes);
    checkDimensions(info);
    if (info.format !== 'png' && info.format !== 'jpeg' && info.format !== 'webp')
      throw new EditRequestProblem(t('{what} is not a PNG, JPEG or WebP image.', { what }));
    return info;
  } catch (err) {
    if (isImageInputError(err)) throw new EditRequestProblem(`${what}: ${err.message}`);
    throw err;
  }
}

/** The notes of a markup edit: a PNG with transparency at the first image's size, holding something. */
async function checkMarkupBytes(bytes: Uint8Array, first: CheckedInput, withMask: boolean): Promise<NonNullable<CheckedEdit['markup']>> {
  if (withMask) throw new EditRequestProblem(t('Notes and a mask cannot go together: a markup edit has no mask.'));
  const info = readHeader(bytes, t('The notes'));
  if (info.format !== 'png' || !info.hasAlpha)
    throw new EditRequestProblem(t('The notes must be a PNG with transparency; draw them again in Annotate mode.'));
  if (info.width !== first.info.width || info.height !== first.info.height)
    throw new EditRequestProblem(
      t('The notes are {actual} but the image to edit is {expected}; draw them again on this image.', {
        actual: `${info.width}x${info.height}`,
        expected: `${first.info.width}x${first.info.height}`,
      }),
    );
  const alpha = await countTransparentPixels(bytes);
  if (!alpha || alpha.transparent === alpha.total)
    throw new EditRequestProblem(t('The notes are empty: draw on the image first (a circle, an arrow, a short label).'));
  if (alpha.transparent === 0) throw new EditRequestProblem(t('The notes cover the whole image; they must be drawn over transparency.'));
  return { bytes, info, filename: `${first.original.name.replace(/\.[^.]*$/, '')}.markup.png` };
}

/** Checks a Studio edit against the inputs the host issued and the model's input limit; throws EditRequestProblem. */
export async function checkEditRequest<T extends KnownInput>(
  params: StudioEditParams,
  lookup: (id: string) => T | undefined,
  maxImages: number,
): Promise<CheckedEdit<T>> {
  if (params.inputs.length > maxImages)
    throw new EditRequestProblem(
      maxImages === 1
        ? t('{model} takes at most 1 input image; {count} were given.', { model: params.options.model, count: params.inputs.length })
        : t('{model} takes at most {maxImages} input images; {count} were given.', {
            model: params.options.model,
            maxImages,
            count: params.inputs.length,
          }),
    );
  const inputs = params.inputs.map((ref): CheckedInput<T> => {
    const original = lookup(ref.inputId);
    if (!original) throw new EditRequestProblem(t('An input image is no longer available (unknown id): choose it again.'));
    if (!ref.bytes)
      return {
        id: ref.inputId,
        original,
        bytes: original.bytes,
        info: original.info,
        filename: original.name,
        mimeType: mimeTypeOf(original.info),
        steps: [],
      };
    const info = readHeader(ref.bytes, t('The prepared {name}', { name: original.name }));
    const filename = original.name.replace(/\.[^.]*$/, '') + (info.format === 'jpeg' ? '.jpg' : `.${info.format}`);
    return { id: ref.inputId, original, bytes: ref.bytes, info, filename, mimeType: mimeTypeOf(info), steps: ref.steps ?? [] };
  });
  const [first] = inputs;
  if (!first) throw new EditRequestProblem(t('Choose an image to edit first.'));
  const checked: CheckedEdit<T> = { inputs };
  if (params.mask) {
    const fromFile = params.mask.fileId !== undefined ? lookup(params.mask.fileId) : undefined;
    if (params.mask.fileId !== undefined && !fromFile)
      throw new EditRequestProblem(t('The mask file is no longer available (unknown id): choose it again.'));
    const filename = fromFile?.name ?? `${first.original.name.replace(/\.[^.]*$/, '')}.mask.png`;
    const info = readHeader(params.mask.bytes, t('The mask'));
    const problem = validateMask(info, first.info);
    if (problem) throw new EditRequestProblem(t('The mask: {message}', { message: problem.message }));
    const alpha = await countTransparentPixels(params.mask.bytes);
    if (!alpha || alpha.transparent === 0)
      throw new EditRequestProblem(t('The mask has no fully transparent pixel, so it marks nothing to edit. Paint the area to change.'));
    checked.mask = { bytes: params.mask.bytes, info, filename };
  }
  if (params.markup) checked.markup = await checkMarkupBytes(params.markup.bytes, first, !!params.mask);
  if (params.saveMask) {
    const info = readHeader(params.saveMask, t('The mask to save'));
    const problem = validateMask(info, first.original.info);
    if (problem)
      throw new EditRequestProblem(
        t('The mask to save next to {name}: {message}', { name: first.original.name, message: problem.message }),
      );
    checked.saveMask = params.saveMask;
  }
  return checked;
}
