// Failures of in-webview image work (decode, encode, size budget), with a kind the UI can switch on
// and a message a person can act on. Mirrors core's ImageInputError without importing runtime code.

/** Why an image operation in the webview failed. */
export type ImageProcessingErrorKind = 'decodeFailed' | 'encodeFailed' | 'tooLarge' | 'badMask' | 'sizeMismatch';

/** An image operation failed in the webview. */
export class ImageProcessingError extends Error {
  override readonly name = 'ImageProcessingError';

  constructor(
    readonly kind: ImageProcessingErrorKind,
    message: string,
  ) {
    super(message);
  }
}
