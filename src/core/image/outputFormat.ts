// Recognises every format a result may come in: the rasters by magic number, GIF by its
// signature, SVG by its root element (SVG is text: it is only ever shown as an <img>, never inlined).
import type { OutputFormat } from '../types';
import { sniffFormat } from './imageInfo';

/** MIME type of each output format. */
export const OUTPUT_MIME: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

/** The format the bytes are in, or undefined when they are none of the output formats. */
export function sniffOutputFormat(bytes: Uint8Array): OutputFormat | undefined {
  const raster = sniffFormat(bytes);
  if (raster) return raster;
  if (bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)).match(/^GIF8[79]a$/)) return 'gif';
  return looksLikeSvg(bytes) ? 'svg' : undefined;
}

/** An SVG document: optional BOM, XML declaration, comments and doctype, then an <svg> root. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+svg[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head);
}
