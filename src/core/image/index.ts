// Public surface of header inspection and the checks built on it.
export { ImageInputError, isImageInputError, type ImageInputErrorKind } from './imageErrors';
export type { ImageContainer, ImageInfo, PngColorType, WebpKind } from './imageHeaderTypes';
export { detectFormat, inspectImage, isSquare, mimeTypeOf } from './imageHeader';
export { DEFAULT_IMAGE_LIMITS, checkDimensions, type ImageLimits } from './imageLimits';
export { MAX_MASK_BYTES, validateMask, type MaskProblem } from './maskRules';
export { needsPreparation, type ModelImageRules, type PreparationReason } from './preparationRules';
