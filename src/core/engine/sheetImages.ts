// A sprite sheet's images through the engine: each request of a sheet (one generation or edit for a
// grid, one edit of the anchor per frame) is an engine job, sharing the build's request slots, with
// the transparency fallback when the sheet asks for a transparent background (the key colour is
// then removed by the engine, and the cut keeps the alpha). The images come back in memory with
// their provenance; the sheet keeps them under .image-studio/raw/ before cutting.
import type { ImagesClient } from '../client/imagesClient';
import { DEFAULT_ASSET_MODEL } from '../assets/manifestRules';
import type { AssetOptions } from '../assets/manifestTypes';
import type { MadeImage, SheetImageMaker, SheetRequest } from '../assets/sections/sheetSection';
import { buildEditRequest, buildGenerateRequest } from '../jobRequests';
import { t } from '../l10n';
import type { EngineAdapters, EngineJob } from './engineTypes';
import { placeInMemory } from './placeInMemory';
import type { RequestSlots } from './requestSlots';
import { runJob } from './runJob';

/** What the sheet's jobs run with. */
export interface SheetJobContext {
  client: ImagesClient;
  adapters: EngineAdapters;
  /** The manifest's folder: inputs are read from it and streamed images wait in its .image-studio/. */
  dir: string;
  /** The manifest's `defaults` (a sheet's own model, size and quality win). */
  defaults: AssetOptions;
  slots?: RequestSlots;
  signal?: AbortSignal;
}

/** The engine job of one sheet request, its inputs read from the manifest's folder. */
export async function sheetJob(request: SheetRequest, ctx: SheetJobContext): Promise<EngineJob> {
  const { fs } = ctx.adapters;
  const model = request.model ?? ctx.defaults.model ?? DEFAULT_ASSET_MODEL;
  const options = {
    model,
    prompt: request.prompt,
    n: 1,
    size: request.size ?? ctx.defaults.size,
    quality: request.quality ?? ctx.defaults.quality,
    background: request.transparent ? 'transparent' : 'opaque',
    outputFormat: 'png' as const,
  };
  const transparencyFallback = request.transparent;
  if (request.inputs.length === 0) return { send: { route: 'generations', request: buildGenerateRequest(options) }, transparencyFallback };
  const images = await Promise.all(
    request.inputs.map(async (path) => ({
      bytes: await fs.readFile(fs.join(ctx.dir, path)),
      filename: path.slice(path.lastIndexOf('/') + 1),
    })),
  );
  return { send: { route: 'edits', request: buildEditRequest(options, images) }, transparencyFallback };
}

/** A SheetImageMaker that sends each request through the engine. */
export function engineSheetImages(ctx: SheetJobContext): SheetImageMaker {
  return async (request): Promise<MadeImage> => {
    const { fs } = ctx.adapters;
    const spool = fs.join(ctx.dir, '.image-studio/raw');
    await fs.mkdir(spool);
    const placement = placeInMemory(fs, spool, t('the sheet'));
    const result = await runJob(await sheetJob(request, ctx), {
      client: ctx.client,
      adapters: ctx.adapters,
      placement,
      ...(ctx.slots ? { slots: ctx.slots, concurrency: ctx.slots.size } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const held = placement.held[0];
    if (!held)
      throw new Error(
        [...result.failures.map((f) => f.message), ...result.warnings].join(' ') || t('The API answered without a usable image.'),
      );
    return { bytes: held.bytes, sidecar: held.sidecar };
  };
}
