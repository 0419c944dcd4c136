// One error type for every problem with an input image, so callers (commands, CLI, webview) can
// switch on `kind` and show `message` as is: each message says what is wrong and what to do.

/** Why an image was refused. */
export type ImageInputErrorKind = 'notAnImage' | 'truncated' | 'corrupt' | 'tooLarge' | 'unsupported';

/** A problem with an input image that a person can act on (convert, re-export, pick another file). */
export class ImageInputError extends Error {
  override readonly name = 'ImageInputError';

  constructor(
    readonly kind: ImageInputErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is an ImageInputError (also across bundles, where instanceof can fail). */
export function isImageInputError(error: unknown): error is ImageInputError {
  return error instanceof ImageInputError || (error instanceof Error && error.name === 'ImageInputError' && 'kind' in error);
}
