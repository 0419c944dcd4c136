// The Studio form's rules, as pure functions over a ModelChoice: which controls a model has, which
// values are allowed together, and the request the form turns into. The webview renders from these
// so that an invalid combination (transparent + JPEG, compression for PNG) cannot be chosen.
import type { OutputFormat } from '../core/types';
import type { EndpointForm, ModelChoice, StudioDefaults, StudioEditOptions, StudioGenerateParams } from './protocol';
import { t } from '../core/l10n';

/** What the Studio is making: each mode's form shows its endpoint's options. */
export type StudioMode = 'generate' | 'edit' | 'variation';

/** Everything the form holds besides the prompt. Empty strings mean "not set". */
export interface StudioSelection {
  model: string;
  size: string;
  /** A WIDTHxHEIGHT typed by the user, used instead of `size` on models with free sizes. */
  useCustomSize?: boolean;
  customSize?: string;
  quality: string;
  style: string;
  background: string;
  outputFormat: OutputFormat | '';
  outputCompression: number;
  moderation: string;
  /** Edits only; empty: not sent (the model's default). Absent in state saved before it existed. */
  inputFidelity?: string;
  /** 2.6 models; empty: not sent (the model's default, high). */
  complexity?: string;
  /** GIF output only: frame count and milliseconds per frame (0: the model's default). */
  gifFrames?: number;
  gifFrameMs?: number;
  n: number;
  stream: boolean;
  partialImages: number;
}

/** An enum field: `undefined` values mean the model takes free text (unknown models); [] means absent. */
export type EnumField = 'quality' | 'style' | 'background' | 'moderation' | 'inputFidelity' | 'complexity';

/** The values one enum field offers for a model. */
export function valuesFor(choice: ModelChoice, field: EnumField): string[] | undefined {
  switch (field) {
    case 'quality':
      return choice.qualities;
    case 'style':
      return choice.styles;
    case 'background':
      return choice.backgrounds;
    case 'moderation':
      return choice.moderation;
    case 'inputFidelity':
      return choice.inputFidelity;
    case 'complexity':
      return choice.complexity ?? [];
  }
}

// A model without editing rules has no edits or variations here: its form keeps only size and n.
const SIZE_AND_N_ONLY: Omit<EndpointForm, 'sizes' | 'maxN'> = {
  qualities: [],
  styles: [],
  backgrounds: [],
  outputFormats: [],
  compressionFormats: [],
  streaming: false,
  maxPartialImages: 0,
  inputFidelity: [],
  moderation: [],
  complexity: [],
};

/** The model as the form of a mode sees it: the host's options for that mode's endpoint over the generation ones. */
export function formChoice(choice: ModelChoice, mode: StudioMode): ModelChoice {
  if (mode === 'generate') return choice;
  const form = (mode === 'edit' ? choice.editing?.editOptions : choice.editing?.variationOptions) ?? SIZE_AND_N_ONLY;
  // freeSize is optional: a form without it must not inherit the generation one.
  const { freeSize: _generationFreeSize, ...rest } = choice;
  return { ...rest, ...form };
}

/** True when the model has the field at all (a list with values, or free text). */
export function hasField(choice: ModelChoice, field: EnumField): boolean {
  const values = valuesFor(choice, field);
  return values === undefined || values.length > 0;
}

/** Why a typed size breaks a model's free-size rule, or undefined when it is accepted. */
export function freeSizeProblem(rule: NonNullable<ModelChoice['freeSize']>, size: string): string | undefined {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(size.trim());
  const rules = t('WIDTHxHEIGHT, both multiples of {multipleOf}, at most {maxEdge} px per side, aspect from 1:3 to 3:1', {
    multipleOf: rule.multipleOf,
    maxEdge: rule.maxEdge,
  });
  if (!m) return t('Enter {rules}.', { rules });
  const w = Number(m[1]);
  const h = Number(m[2]);
  if (w === 0 || h === 0 || w % rule.multipleOf || h % rule.multipleOf)
    return t('Both sides must be multiples of {multipleOf}.', { multipleOf: rule.multipleOf });
  if (Math.max(w, h) > rule.maxEdge) return t('At most {maxEdge} px per side.', { maxEdge: rule.maxEdge });
  if (w / h < rule.minAspect - 1e-9 || w / h > rule.maxAspect + 1e-9) return t('The aspect ratio must be between 1:3 and 3:1.');
  if (w * h < rule.minPixels || w * h > rule.maxPixels)
    return t('Between {min} and {max} pixels.', {
      min: rule.minPixels.toLocaleString('en-US'),
      max: rule.maxPixels.toLocaleString('en-US'),
    });
  return undefined;
}

/** The size a selection asks for: the typed one on free-size models, else the preset. */
export function effectiveSize(choice: ModelChoice, sel: StudioSelection): string {
  return choice.freeSize && sel.useCustomSize ? (sel.customSize ?? '').trim() : sel.size;
}

/** Whether this background may be combined with this output format. */
export function backgroundAllowed(choice: ModelChoice, background: string, format: OutputFormat | ''): boolean {
  return background !== 'transparent' || format === '' || (choice.transparentFormats as readonly string[]).includes(format);
}

/** Whether this output format may be combined with this background. */
export function formatAllowed(choice: ModelChoice, format: OutputFormat, background: string): boolean {
  return choice.outputFormats.includes(format) && backgroundAllowed(choice, background, format);
}

/** Whether `output_compression` applies (JPEG and WebP only, on models that choose a format). */
export function compressionApplies(choice: ModelChoice, format: OutputFormat | ''): boolean {
  return format !== '' && choice.outputFormats.includes(format) && (choice.compressionFormats as readonly string[]).includes(format);
}

function pick(values: readonly string[] | undefined, current: string, preferred: string): string {
  // A field this form lacks keeps its value for the mode or model that has it (the request leaves it out).
  if (values === undefined || values.length === 0) return current;
  if (values.includes(current)) return current;
  if (values.includes(preferred)) return preferred;
  return values[0] ?? '';
}

/**
 * Makes a selection valid for a model: values the model lacks fall back to the default, then the
 * first offered value; transparent backgrounds pull the format to one that keeps alpha. Fields the
 * model (or the mode's form) does not have keep their values, so Edit → Generate loses nothing.
 */
export function normalizeSelection(choice: ModelChoice, sel: StudioSelection, defaults: StudioDefaults): StudioSelection {
  const out: StudioSelection = { ...sel, model: choice.model };
  out.size = pick(choice.sizes, sel.size, defaults.size);
  out.useCustomSize = Boolean(choice.freeSize && sel.useCustomSize);
  out.customSize = typeof sel.customSize === 'string' ? sel.customSize.slice(0, 11) : '';
  out.quality = pick(choice.qualities, sel.quality, defaults.quality);
  out.style = pick(choice.styles, sel.style, '');
  out.background = pick(choice.backgrounds, sel.background, defaults.background);
  out.moderation = pick(choice.moderation, sel.moderation, 'auto');
  const fidelity = sel.inputFidelity ?? '';
  // Empty is a valid choice here (not sent), so an offered list never forces a value.
  out.inputFidelity = choice.inputFidelity?.length && !choice.inputFidelity.includes(fidelity) ? '' : fidelity;
  out.outputFormat = pick(choice.outputFormats, sel.outputFormat, defaults.outputFormat) as OutputFormat | '';
  const complexity = sel.complexity ?? '';
  out.complexity = choice.complexity?.length && !choice.complexity.includes(complexity) ? '' : complexity;
  const a = choice.animation;
  // 0 = the model's default; a kept value is clamped into the model's range.
  out.gifFrames = a && sel.gifFrames ? Math.min(Math.max(Math.round(sel.gifFrames), a.minFrames), a.maxFrames) : 0;
  out.gifFrameMs = a && sel.gifFrameMs ? Math.min(Math.max(Math.round(sel.gifFrameMs), 10), 10_000) : 0;
  // Only when the form has both: a kept value of an absent field must not move the other.
  const both = hasField(choice, 'background') && out.outputFormat !== '' && choice.outputFormats.includes(out.outputFormat);
  if (both && !backgroundAllowed(choice, out.background, out.outputFormat)) {
    out.outputFormat = choice.outputFormats.find((f) => (choice.transparentFormats as readonly string[]).includes(f)) ?? out.outputFormat;
    if (!backgroundAllowed(choice, out.background, out.outputFormat))
      out.background = pick(
        choice.backgrounds?.filter((b) => b !== 'transparent'),
        '',
        defaults.background,
      );
  }
  out.outputCompression = Math.min(Math.max(Math.round(Number.isFinite(sel.outputCompression) ? sel.outputCompression : 100), 0), 100);
  const svgOrGif = out.outputFormat !== '' ? choice.formatRules?.[out.outputFormat]?.maxN : undefined;
  out.n = Math.min(Math.max(Math.round(Number.isFinite(sel.n) ? sel.n : 1), 1), svgOrGif ?? 10);
  out.stream = sel.stream;
  out.partialImages = choice.streaming
    ? Math.min(Math.max(Math.round(sel.partialImages) || 0, 1), Math.max(choice.maxPartialImages, 1))
    : sel.partialImages;
  return out;
}

/** The first selection for a model, from the host's defaults. */
export function initialSelection(choice: ModelChoice, defaults: StudioDefaults): StudioSelection {
  return normalizeSelection(
    choice,
    {
      model: choice.model,
      size: defaults.size,
      quality: defaults.quality,
      style: '',
      background: defaults.background,
      outputFormat: defaults.outputFormat,
      outputCompression: 100,
      moderation: 'auto',
      inputFidelity: '',
      n: defaults.n,
      stream: true,
      partialImages: 2,
    },
    defaults,
  );
}

/** The request for a prompt and a selection: only what the model supports, nothing empty. */
export function toGenerateParams(choice: ModelChoice, sel: StudioSelection, prompt: string): StudioGenerateParams {
  const params: StudioGenerateParams = { prompt, model: choice.model, n: sel.n };
  const size = effectiveSize(choice, sel);
  if (size) params.size = size;
  if (hasField(choice, 'quality') && sel.quality) params.quality = sel.quality;
  if (hasField(choice, 'style') && sel.style) params.style = sel.style;
  if (hasField(choice, 'background') && sel.background) params.background = sel.background;
  if (hasField(choice, 'moderation') && sel.moderation) params.moderation = sel.moderation;
  if (sel.outputFormat !== '' && choice.outputFormats.includes(sel.outputFormat)) params.outputFormat = sel.outputFormat;
  if (hasField(choice, 'complexity') && sel.complexity) params.complexity = sel.complexity;
  if (params.outputFormat === 'gif' && choice.animation) {
    if (sel.gifFrames) params.gifFrames = sel.gifFrames;
    if (sel.gifFrameMs) params.gifFrameMs = sel.gifFrameMs;
  }
  if (compressionApplies(choice, sel.outputFormat) && sel.outputCompression < 100) params.outputCompression = sel.outputCompression;
  if (choice.streaming) {
    params.stream = sel.stream;
    if (sel.stream) params.partialImages = sel.partialImages;
  }
  return params;
}

/** An edit's options: the generation request's plus input fidelity when the form has it and one is chosen. */
export function toEditOptions(choice: ModelChoice, sel: StudioSelection, prompt: string): StudioEditOptions {
  const params: StudioEditOptions = toGenerateParams(choice, sel, prompt);
  if (hasField(choice, 'inputFidelity') && sel.inputFidelity) params.inputFidelity = sel.inputFidelity;
  return params;
}
