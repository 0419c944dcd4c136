// The extension's adapter to the job engine: what differs from the CLI and nothing else. The
// file system is workspace.fs (Remote, WSL, virtual workspaces), pixel work runs in a worker
// thread, the day is the host calendar's, the key-colour fallback is a person's choice (a
// notification button) unless the caller already answered, and progress goes to the caller's
// callbacks in the catalogue's words. No runtime vscode import: the parity test runs this with
// an in-memory file system beside the CLI's adapter.
import type { EngineAdapters, EngineEvent, EngineJob, PlacedImage } from '../../core/engine/engineTypes';
import type { PixelRunner } from '../../core/image/pixelJobs';
import type { ModelOptions } from '../../core/models/capabilities';
import { buildEditRequest, buildGenerateRequest } from '../../core/jobRequests';
import { variationAsEdit } from '../../core/models/variationAsEdit';
import { t } from '../../core/l10n';
import type { SaveFileSystem } from '../../core/save/fileSystem';
import { stripUndefined } from '../../core/stripUndefined';
import type { RequestDefaults } from '../../core/jobOptions';
import type { InputImage } from '../../core/types';
import type { EditParams, GenerateParams, JobCallbacks, RunnableVariationPlan, VariationParams } from './jobTypes';
import type { ModelCatalogue } from '../../core/models/modelCatalogue';

/** What the host gives the engine. */
export interface HostEngineParts {
  fs: SaveFileSystem;
  pixels: PixelRunner;
  now(): Date;
  /** Asks the person whether to run the key-colour fallback (a notification with a button). */
  askFallback(model: string): Promise<boolean>;
}

/** The engine's adapters for one job of the extension; `onPlaced` sees each image as it is written. */
export function hostAdapters(parts: HostEngineParts, callbacks: JobCallbacks, onPlaced: (image: PlacedImage) => void): EngineAdapters {
  return {
    fs: parts.fs,
    pixels: parts.pixels,
    now: () => parts.now(),
    decide: { transparencyFallback: (model) => parts.askFallback(model) },
    onEvent: (event) => {
      if (event.type === 'placed') onPlaced(event.image);
      const text = stageText(event);
      if (text) callbacks.onStage?.(text);
    },
    ...(callbacks.onPartial ? { onPartial: callbacks.onPartial } : {}),
  };
}

/** A progress line for people, or undefined when the event is not one. */
export function stageText(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'fallback':
      return t('{model} refused transparency; generating on a flat key colour…', { model: event.model });
    case 'writing':
      return event.count === 1 ? t('Writing 1 image…') : t('Writing {count} images…', { count: event.count });
    case 'placed':
      return undefined;
    case 'request': {
      const s = event.stage;
      if (s.stage === 'waiting') return t('Generating with {model}…', { model: event.model });
      if (s.stage === 'retrying')
        return t('{reason}; retrying in {seconds} s…', { reason: s.reason, seconds: Math.ceil(s.delayMs / 1000) });
      if (s.stage === 'partial') return t('Preview {preview} of image {image}…', { preview: s.partialIndex + 1, image: s.imageIndex + 1 });
      return undefined;
    }
  }
}

/** A generation from the palette or the Studio: the settings' defaults fill what was not asked. */
export function generationJob(params: GenerateParams, model: string, defaults: RequestDefaults, options: ModelOptions): EngineJob {
  const request = buildGenerateRequest({ ...params, model }, { defaults, options });
  return { send: { route: 'generations', request }, transparencyFallback: params.transparencyFallback ?? 'ask' };
}

/** An edit of loaded inputs; with a mask and `protect`, the pixels the mask keeps are laid back from the first input. */
export function editJob(
  params: Omit<EditParams, 'images' | 'mask'> & { model: string },
  images: ReadonlyArray<{ input: InputImage; bytes: Uint8Array; name: string }>,
  mask: InputImage | undefined,
  protect: boolean,
  markup?: InputImage,
): EngineJob {
  const [first] = images;
  const request = buildEditRequest(
    params,
    images.map((i) => i.input),
    mask,
    markup,
  );
  return {
    send: { route: 'edits', request },
    ...(mask && protect && first ? { protect: { original: { bytes: first.bytes, name: first.name }, mask: mask.bytes } } : {}),
    ...(params.sidecarExtra ? { sidecarExtra: params.sidecarExtra } : {}),
  };
}

/** A variation of one loaded image along the plan's route (the CLI sends the same request). */
export function variationJob(
  models: ModelCatalogue,
  params: Omit<VariationParams, 'image'> & { sidecarExtra?: Record<string, unknown> },
  plan: RunnableVariationPlan,
  input: InputImage,
): EngineJob {
  const extra = params.sidecarExtra ? { sidecarExtra: params.sidecarExtra } : {};
  if (plan.route === 'variations')
    return {
      send: { route: 'variations', request: stripUndefined({ model: plan.model, image: input, n: params.n ?? 1, size: params.size }) },
      ...extra,
    };
  // A size the edit model refuses is dropped, not sent.
  const request = variationAsEdit(models, plan.model, plan.prompt, input, {
    n: params.n ?? 1,
    ...(params.size ? { size: params.size } : {}),
  });
  return { send: { route: 'edits-as-variation', request }, ...extra };
}
