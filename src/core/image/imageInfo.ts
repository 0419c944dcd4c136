// The client's and the fake server's view of an image header: format, size and alpha, or
// undefined when the bytes are not a PNG, JPEG or WebP the API could take. A thin adapter over
// inspectImage so there is one header reader in the codebase.
import type { ImageFormat } from '../types';
import { detectFormat, inspectImage } from './imageHeader';

/** What a header tells about an image. */
export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
  hasAlpha?: boolean;
}

/** MIME type of each output format. */
export const MIME_TYPES: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

function asApiFormat(format: string): ImageFormat | undefined {
  return format === 'png' || format === 'jpeg' || format === 'webp' ? format : undefined;
}

/** Format from the magic number, or undefined for anything the API does not take. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  return asApiFormat(detectFormat(bytes));
}

/** Dimensions, format and alpha of an image, or undefined when the bytes are not a readable PNG/JPEG/WebP. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  try {
    const info = inspectImage(bytes);
    const format = asApiFormat(info.format);
    return format ? { format, width: info.width, height: info.height, hasAlpha: info.hasAlpha } : undefined;
  } catch {
    return undefined;
  }
}
