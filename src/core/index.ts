// The engine's public surface, for the extension host and the CLI. Import from here rather than
// from individual files so internals can move.
export * from './types';
export type { ModelCapabilities, ModelStatus, ProviderKind, SizeRule, FreeSizeRule } from './models/capabilityTypes';
export { MODEL_TABLE, PROVIDER_LIMITS } from './models/modelTable';
export { getModelCapabilities, isKnownModel, listModels, effectiveStatus, modelOptions, checkSize, parseSize, replacementFor, usableEndpoints, type ModelOptions, type EffectiveStatus } from './models/capabilities';
export { validateGenerate, validateEdit, validateVariation, type ValidationTarget } from './models/validate';
export { planVariation, DEFAULT_VARIATION_PROMPT, type VariationPlan } from './models/variationPlan';
export { createImagesClient, ImagesClient, type ImagesClientOptions, type ClientCallOptions } from './client/imagesClient';
export { generateImages, editImages, varyImages, splitCount, type BatchResult, type BatchFailure, type BatchOptions } from './client/batch';
export { ImageStudioError, isImageStudioError, redact, type ImageErrorKind } from './client/errors';
export { describeProvider, resolveTarget, OPENAI_BASE_URL } from './client/providers';
export { realClock, type Clock } from './client/retry';
export { readImageInfo, sniffFormat, MIME_TYPES, type ImageInfo } from './image/imageInfo';
export { slugify, renderFileName, sanitizeFileName, pickFreeName, extensionFor, formatDate } from './naming';
export { buildProvenance, sha256Hex, type Provenance, type ProvenanceSource } from './provenance';
