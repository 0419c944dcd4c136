// The transparency fallback for models whose transparent background is only a preview (gpt-image-2
// answers `400 Transparent background is not supported for this model`): generate on a flat key
// colour, then make that colour transparent here. The existing transparency check runs afterwards.
import { isImageStudioError } from '../client/errors';
import type { CommonImageOptions } from '../types';
import { decodePng, encodeRgbaPng } from './pngCodec';

/** The key colour: pure green, far from skin tones and most subjects (the chroma-key convention). */
export const KEY_COLOUR = { hex: '#00ff00', rgb: [0, 255, 0] as const };

/** Colour distance (RGB, 0–441) under which a pixel is the key (transparent), and the soft band above it. */
export const KEY_TOLERANCE = 80;
const SOFT_BAND = 60;

/** The instruction added to the prompt so the background is one flat key colour. */
export function keyColourPrompt(prompt: string): string {
  return `${prompt}\n\nPlace the subject on a flat, solid ${KEY_COLOUR.hex} (pure green) background: one uniform colour, no gradient, no shadow, no texture, and no green in the subject itself.`;
}

/** True for the API's refusal of a transparent background (as gpt-image-2 users still get). */
export function isTransparencyRefusal(err: unknown): boolean {
  return (
    isImageStudioError(err) &&
    (err.kind === 'invalid_request' || err.kind === 'validation') &&
    /transparent background is not supported/i.test(err.message)
  );
}

/** What the removal did, for the sidecar. */
export interface KeyRemoval {
  keyColour: string;
  tolerance: number;
  removedPixels: number;
  softPixels: number;
  totalPixels: number;
}

/** Makes the key colour transparent in a PNG (soft edge in a band above the tolerance); returns the new PNG. */
export async function removeKeyColour(png: Uint8Array): Promise<{ png: Uint8Array; removal: KeyRemoval }> {
  const image = await decodePng(png);
  const [kr, kg, kb] = KEY_COLOUR.rgb;
  const d = image.data;
  let removed = 0;
  let soft = 0;
  for (let i = 0; i < d.length; i += 4) {
    const dist = Math.hypot((d[i] ?? 0) - kr, (d[i + 1] ?? 0) - kg, (d[i + 2] ?? 0) - kb);
    if (dist < KEY_TOLERANCE) {
      d[i + 3] = 0;
      removed++;
    } else if (dist < KEY_TOLERANCE + SOFT_BAND) {
      d[i + 3] = Math.round(((d[i + 3] ?? 0) * (dist - KEY_TOLERANCE)) / SOFT_BAND);
      // Take the green spill out of the edge so it does not halo on a dark page.
      d[i + 1] = Math.min(d[i + 1] ?? 0, Math.max(d[i] ?? 0, d[i + 2] ?? 0));
      soft++;
    }
  }
  return {
    png: await encodeRgbaPng(image),
    removal: { keyColour: KEY_COLOUR.hex, tolerance: KEY_TOLERANCE, removedPixels: removed, softPixels: soft, totalPixels: d.length / 4 },
  };
}

/** The request of the fallback: opaque PNG on the key colour (compression does not apply to PNG). */
export function keyColourRequest<T extends CommonImageOptions>(req: T): T {
  const { outputCompression: _c, ...rest } = req;
  return { ...rest, prompt: keyColourPrompt(req.prompt), background: 'opaque', outputFormat: 'png' } as T;
}

/** The sidecar's record of a fallback: why, what was asked, and what the removal did. */
export function fallbackRecord(refusal: string, removal: KeyRemoval | undefined, transparentAfter: boolean): Record<string, unknown> {
  return {
    transparencyFallback: {
      reason: refusal.slice(0, 300),
      requested: 'background transparent',
      sent: `background opaque, output png, prompt asking for a flat ${KEY_COLOUR.hex} background`,
      ...(removal ?? {}),
    },
    transparencyCheck: transparentAfter ? 'passed' : 'failed: no transparent pixel',
  };
}
