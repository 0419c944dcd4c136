import * as vscode from 'vscode';
import {
  checkDimensions,
  inspectImage,
  isImageInputError,
  mimeTypeOf,
  needsPreparation,
  type ImageInfo,
  type ModelImageRules,
  type PreparationReason,
} from '../../core/image';
import type { ModelCapabilities } from '../../core/models/capabilityTypes';
import type { InputImage } from '../../core/types';
import { UserFacingError } from './userFacingError';

/** An input image read from the workspace and checked from its header. */
export interface LoadedInput {
  uri: vscode.Uri;
  name: string;
  bytes: Uint8Array;
  info: ImageInfo;
  input: InputImage;
}

// Nothing the API accepts is larger (50 MB per input); refusing from stat avoids reading a huge file.
const MAX_READ_BYTES = 50 * 1024 * 1024;

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}

/**
 * Reads an image through workspace.fs and checks it from its header alone: not an image,
 * truncated, corrupt, or dimensions that would be a decompression bomb are refused before any
 * decoding, with a message that names the file.
 */
export async function loadInputImage(uri: vscode.Uri): Promise<LoadedInput> {
  const name = baseName(uri);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new UserFacingError(vscode.l10n.t('{name} could not be read: it does not exist or is not accessible.', { name }));
  }
  if (stat.type & vscode.FileType.Directory) throw new UserFacingError(vscode.l10n.t('{name} is a folder, not an image.', { name }));
  if (stat.size > MAX_READ_BYTES) {
    throw new UserFacingError(
      vscode.l10n.t('{name} is {megabytes} MB; the Images API takes input images under 50 MB. Export a smaller copy.', {
        name,
        megabytes: (stat.size / 1048576).toFixed(0),
      }),
    );
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  let info: ImageInfo;
  try {
    info = inspectImage(bytes);
    checkDimensions(info);
  } catch (err) {
    if (isImageInputError(err)) throw new UserFacingError(`${name}: ${err.message}`);
    throw err;
  }
  if (info.format === 'gif' || info.format === 'unknown') {
    throw new UserFacingError(
      vscode.l10n.t('{name} is a {format} image; the Images API takes PNG, JPEG or WebP.', { name, format: info.format.toUpperCase() }),
    );
  }
  return { uri, name, bytes, info, input: { bytes, filename: name, mimeType: mimeTypeOf(info) } };
}

export { inputRulesOf } from './modelInputRules';

/** Why each input would need converting for this model (empty lists: send as they are). */
export function preparationNeeds(inputs: LoadedInput[], rules: ModelImageRules): { input: LoadedInput; reasons: PreparationReason[] }[] {
  return inputs.map((input) => ({ input, reasons: needsPreparation(input.info, rules) })).filter((n) => n.reasons.length > 0);
}

/** Refuses more inputs than the model takes. */
export function checkInputCount(count: number, caps: ModelCapabilities): void {
  if (count > caps.input.maxImages) {
    throw new UserFacingError(
      caps.input.maxImages === 1
        ? vscode.l10n.t('{model} takes at most 1 input image; {count} were selected.', { model: caps.id, count })
        : vscode.l10n.t('{model} takes at most {maxImages} input images; {count} were selected.', {
            model: caps.id,
            maxImages: caps.input.maxImages,
            count,
          }),
    );
  }
}

/** Refuses a prompt longer than the model accepts (before anything is read or sent). */
export function checkPromptLength(prompt: string, caps: ModelCapabilities): void {
  if (prompt.length > caps.maxPromptChars) {
    throw new UserFacingError(
      vscode.l10n.t('The prompt is {length} characters; {model} accepts at most {max}. Shorten it.', {
        length: prompt.length,
        model: caps.id,
        max: caps.maxPromptChars,
      }),
    );
  }
}
