// Decides from the header whether an input must be converted before upload, so that a file the
// model already accepts is sent byte for byte (no re-encode, no quality loss, no wait).
import type { ImageInfo } from './imageHeaderTypes';

/**
 * What a model accepts as input image. Structural and minimal on purpose: the model capability
 * table (src/core/models) can be adapted to it without either module importing the other.
 */
export interface ModelImageRules {
  /** dall-e-2 edits/variations take square images only. */
  squareRequired: boolean;
  /** Accepted containers, as format names ('png') or MIME types ('image/png'). */
  formats: string[];
  /** Byte limit of one input file. */
  maxBytes: number;
  /** Accepted square sides, when the model only takes certain sizes. */
  sizes?: number[];
  /** dall-e-2 rejects inputs without alpha ("format must be in ['RGBA', 'LA', 'L']"). */
  alphaRequired?: boolean;
}

/** One reason an input must be converted. */
export interface PreparationReason {
  code: 'format' | 'notSquare' | 'size' | 'tooManyBytes' | 'noAlpha' | 'animated';
  message: string;
}

/** Why `info` must be converted to satisfy `rules`; an empty list means send it as it is. */
export function needsPreparation(info: ImageInfo, rules: ModelImageRules): PreparationReason[] {
  const reasons: PreparationReason[] = [];
  const accepted = rules.formats.map((f) =>
    f
      .toLowerCase()
      .replace(/^image\//, '')
      .replace(/^jpg$/, 'jpeg'),
  );
  if (!accepted.includes(info.format)) {
    reasons.push({
      code: 'format',
      message: `${info.format.toUpperCase()} is not accepted (${accepted.join(', ')}); it will be converted to PNG.`,
    });
  }
  if (info.animated) {
    reasons.push({ code: 'animated', message: 'The image is animated; only its first frame will be sent.' });
  }
  if (rules.squareRequired && info.width !== info.height) {
    reasons.push({ code: 'notSquare', message: `The model needs a square image; this one is ${info.width}x${info.height}.` });
  }
  if (rules.sizes?.length && !(info.width === info.height && rules.sizes.includes(info.width))) {
    reasons.push({
      code: 'size',
      message: `The model takes ${rules.sizes.map((s) => `${s}x${s}`).join(', ')}; this image is ${info.width}x${info.height}.`,
    });
  }
  if (info.byteLength > rules.maxBytes) {
    reasons.push({
      code: 'tooManyBytes',
      message: `The file is ${(info.byteLength / 1048576).toFixed(1)} MB; the limit is ${(rules.maxBytes / 1048576).toFixed(1)} MB.`,
    });
  }
  // A palette/color-key PNG reads as 'P'/'RGB' on the server side, so a real channel is needed.
  if (rules.alphaRequired && !info.hasAlphaChannel) {
    reasons.push({ code: 'noAlpha', message: 'The model needs an image with an alpha channel (RGBA).' });
  }
  return reasons;
}
