// The Studio in the states the screenshot, accessibility and keyboard tests look at: started with
// the real model table, a realistic gallery, and an image opened for editing.
import { DEFAULT_PRICES } from '../../../src/core/pricing';
import { modelOptions } from '../../../src/core/models/capabilities';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';
import { editingRules } from '../../../src/host/services/modelInputRules';
import { inspectImage } from '../../../src/core/image/imageHeader';
import type { EditInputView, InitMessage, ModelChoice, ResultView } from '../../../src/shared/protocol';
import { TODAY } from '../../fixtures/testDay';
import type { StudioPage } from './studioPage';

/** Every model of the table as the host offers it (an OpenAI-compatible provider). */
export const SCENE_MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
  editing: editingRules(BUILT_IN_MODELS, m.id, 'compatible', TODAY),
}));

/** A model that takes markup edits, so Annotate is offered. */
export const MARKUP_MODEL = 'gpt-image-2.6-flare';

/** A gallery as after a day's work: a batch of four, an edit, a missing file; images under `base`. */
export function sampleResults(base: string): ResultView[] {
  const stem = 'images/a-lighthouse-on-a-cliff-at-dusk-oil-painting-20261201-101500';
  const batch = [0, 1, 2, 3].map((i): ResultView => ({
    id: `b${i}`,
    image: { kind: 'uri', uri: `${base}/images/b${i}.png` },
    relativePath: `${stem}-${i + 1}.png`,
    fileName: `b${i}.png`,
    prompt: 'A lighthouse on a cliff at dusk, oil painting',
    model: 'gpt-image-2',
    index: i,
    hasSidecar: true,
    kind: 'generate',
    requestId: 'req_b',
    costUsd: 0.168,
    cost: '$0.168 for its request, from the usage tokens at the prices of 2025-10-06 (an estimate, not a bill)',
    usage: '50 in · 4,160 out · 4,210 total tokens',
  }));
  return [
    ...batch,
    {
      id: 'e0',
      image: { kind: 'uri', uri: `${base}/images/e0.png` },
      relativePath: 'images/the-same-meadow-with-a-red-barn-20261201-101000-1.png',
      fileName: 'e0.png',
      prompt: 'The same meadow with a red barn on the left',
      model: 'gpt-image-1.5',
      index: 0,
      hasSidecar: true,
      kind: 'edit',
      route: 'Edit through /images/edits',
    },
    {
      id: 'm0',
      image: { kind: 'uri', uri: '' },
      relativePath: 'images/variation-kite-png-20261130-090000-1.png',
      fileName: 'm0.png',
      prompt: '',
      model: 'dall-e-2',
      index: 0,
      hasSidecar: true,
      kind: 'variation',
      missing: true,
    },
  ];
}

/** Answers the page's `ready` with the model table and `results`, and waits for the form. */
export async function startStudio(s: StudioPage, results: ResultView[] = []): Promise<void> {
  const ready = await s.nextPosted('ready');
  const init: InitMessage = {
    type: 'init',
    models: SCENE_MODELS,
    defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
    results,
    prices: DEFAULT_PRICES,
    outputFolder: 'images',
  };
  await s.fromHost(init, ready.messageId);
  await s.page.waitForSelector('#model');
}

/** Sends a PNG as the image to edit (as "Edit…" on a result would) and waits for the mask painter. */
export async function openEditInput(s: StudioPage, name: string, png: Buffer): Promise<void> {
  const { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth } = inspectImage(png);
  const input: Omit<EditInputView, 'bytes'> = {
    id: `in-${name}`,
    name,
    mimeType: 'image/png',
    info: { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth },
  };
  // The bytes cross into the page as base64: fromHost only rebuilds a top-level `bytes`.
  await s.page.evaluate(
    ({ input, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      (window as unknown as { __fromHost(b: unknown): void }).__fromHost({
        type: 'editInputs',
        mode: 'edit',
        inputs: [{ ...input, bytes }],
      });
    },
    { input, b64: png.toString('base64') },
  );
  await s.page.waitForSelector('.mask-painter__overlay');
}
