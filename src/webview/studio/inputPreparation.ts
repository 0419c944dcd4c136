// Decides, per input, whether the chosen model can take it as it is (core's needsPreparation on the
// header facts the host read) and, only when it cannot, converts it in the webview with
// prepareImage: square by center crop, an accepted size, RGBA PNG, under the byte limit. The
// original file is never touched: the prepared bytes live here until they are sent.
import type { ImageInfo } from '../../core/image/imageHeaderTypes';
import { needsPreparation, type ModelImageRules } from '../../core/image/preparationRules';
import type { EditInputView, ModelChoice } from '../../shared/protocol';
import { prepareImage } from '../image/prepareImage';
import { t } from '../l10n';

/** What an input will be sent as. */
export interface PreparedInput {
  /** Identifies the rules it was prepared for; a new model or mode prepares again. */
  key: string;
  /** Converted bytes; absent: the file goes as it is. */
  bytes?: Uint8Array;
  width: number;
  height: number;
  /** Why it had to be converted (empty when it did not). */
  reasons: string[];
  /** What was done, in words. */
  steps: string[];
  /** True when cropping or padding changed what the image shows (a mask of the original no longer fits). */
  reframed: boolean;
  totalMs?: number;
}

/** The input rules for this model and mode; undefined when the model cannot do it here. */
export function rulesFor(choice: ModelChoice | undefined, mode: 'edit' | 'variation', hasMask: boolean): ModelImageRules | undefined {
  const e = choice?.editing;
  if (!e) return undefined;
  if (mode === 'variation') return e.variationRoute === 'unavailable' ? undefined : e.variationInput;
  if (!e.edits) return undefined;
  // dall-e-2 reads the area to edit from the image's own transparency when no mask is sent.
  return { ...e.editInput, alphaRequired: e.alphaRequiredWithoutMask && !hasMask };
}

/** A stable key of the rules, to know when an input must be prepared again. */
export function rulesKey(rules: ModelImageRules): string {
  return JSON.stringify([rules.squareRequired, rules.formats, rules.maxBytes, rules.sizes ?? null, !!rules.alphaRequired]);
}

/** Prepares `input` for `rules` only when needed; throws ImageProcessingError when it cannot fit. */
export async function prepareInput(input: EditInputView, rules: ModelImageRules): Promise<PreparedInput> {
  const key = rulesKey(rules);
  // The host read these facts with inspectImage; needsPreparation uses only fields InputInfo carries.
  const reasons = needsPreparation(input.info as ImageInfo, rules).map((r) => r.message);
  if (reasons.length === 0) return { key, width: input.info.width, height: input.info.height, reasons, steps: [], reframed: false };
  const prepared = await prepareImage(input.bytes, input.mimeType, {
    square: rules.squareRequired ? 'crop' : undefined,
    sizes: rules.sizes,
    maxBytes: rules.maxBytes,
  });
  return {
    key,
    bytes: prepared.bytes,
    width: prepared.width,
    height: prepared.height,
    reasons,
    steps: prepared.steps.map((s) => s.message),
    reframed: prepared.steps.some((s) => s.code === 'cropped' || s.code === 'padded'),
    totalMs: Math.round(prepared.timing.totalMs),
  };
}

/** One line for the UI: "center-cropped 2048x1536 → 1536x1536, resized to 1024x1024, RGBA PNG 1.2 MB" in the module's words. */
export function summarize(p: PreparedInput): string {
  if (!p.bytes) return t('Sent as it is ({width}x{height}).', { width: p.width, height: p.height });
  return `${p.steps.join(' ')}${p.totalMs !== undefined ? t(' ({totalMs} ms)', { totalMs: p.totalMs }) : ''}`;
}
