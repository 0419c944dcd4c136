// Node side of the image lab transport: calls a page function with bytes packed as base64.
import type { Page } from 'playwright-core';
import { packBytes, unpackBytes, type ImageLabApi } from './imageLabApi';

/** Calls `imageLab[name](...args)` in the page (bytes packed as base64 both ways) and returns its result. */
export async function labCall<K extends keyof ImageLabApi>(
  page: Page,
  name: K,
  ...args: Parameters<ImageLabApi[K]>
): Promise<Awaited<ReturnType<ImageLabApi[K]>>> {
  const packed = packBytes(args, (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'));
  const result = await page.evaluate(
    ({ name, packed }) =>
      (globalThis as unknown as { imageLabCall: (name: string, packed: unknown) => Promise<unknown> }).imageLabCall(name, packed),
    { name, packed },
  );
  return unpackBytes(result, (s) => new Uint8Array(Buffer.from(s, 'base64'))) as Awaited<ReturnType<ImageLabApi[K]>>;
}
