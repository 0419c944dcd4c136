// From a manifest entry to the exact request it stands for, and the hash that says whether the
// file on disk still matches it. The hash covers everything that changes the image: the model, the
// prompt with its style, every option, the output format, the resize box and the inputs' content
// hashes (not their names or dates), so a rebuilt input makes its dependants stale.
import { sha256Hex } from '../provenance';
import type { ImageFormat } from '../types';
import type { AcceptanceChecks } from '../image/checks/checkTypes';
import { describeStep } from '../image/process/parseSteps';
import type { ProcessStep } from '../image/process/processTypes';
import type { Manifest } from './manifestTypes';
import type { ModelCatalogue } from '../models/modelCatalogue';
import { DEFAULT_ASSET_MODEL, formatForPath, modelTakesOutputFormat, parseResize, requestOptions, type ResizeBox } from './manifestRules';
import { effectivePipeline, promptWithHints } from './manifestPipeline';

/** Version of the spec hash's content; bump when the hashed fields change meaning. */
export const SPEC_HASH_VERSION = 1;

/** An asset with defaults and style applied: what will be asked for. */
export interface ResolvedAsset {
  /** Output path relative to the manifest's folder (the manifest's key). */
  path: string;
  kind: 'generate' | 'edit';
  model: string;
  /** The prompt sent: hinted inputs named first, then the prompt with the style's suffix. */
  prompt: string;
  /** Request options (size, quality, background, moderation, outputCompression, inputFidelity, complexity). */
  options: Record<string, string | number>;
  /** Format written, from the path's extension. */
  format: ImageFormat;
  /** Sent as output_format when the model takes one. */
  outputFormat?: ImageFormat;
  inputs: string[];
  mask?: string;
  /** Notes of a markup edit (a transparent PNG at the first input's size). */
  markup?: string;
  resize?: ResizeBox;
  style?: string;
  /** More outputs of the same generation (`sizes`): path and exact box (after the `process` steps). */
  sizes: Array<{ path: string; resize: ResizeBox }>;
  /** The `process` steps (its own, its style's or the defaults'), without the `resize` shorthand. */
  process: ProcessStep[];
  /** The gates the file must pass (the defaults', the style's and its own). */
  checks?: AcceptanceChecks;
  /** Candidates asked for (1 unless `n`). */
  n: number;
  /** Run the key-colour fallback when the model refuses a transparent background. */
  transparencyFallback: boolean;
}

/** Resolves one valid asset of a parsed manifest. */
export function resolveAsset(models: ModelCatalogue, manifest: Manifest, path: string): ResolvedAsset {
  const spec = manifest.assets[path];
  if (!spec) throw new Error(`No asset "${path}" in the manifest.`);
  const merged = { ...manifest.defaults, ...spec };
  const model = merged.model ?? DEFAULT_ASSET_MODEL;
  const format = formatForPath(path) ?? 'png';
  const suffix = spec.style ? manifest.styles[spec.style] : undefined;
  const pipeline = effectivePipeline(manifest, spec);
  const prompt = suffix ? `${spec.prompt.trim()}, ${suffix.trim()}` : spec.prompt;
  const resize = parseResize(spec.resize, spec.fit);
  const sizes = Object.entries(spec.sizes ?? {}).flatMap(([output, box]) => {
    const parsed = parseResize(box, spec.fit);
    return parsed && typeof parsed !== 'string' ? [{ path: output, resize: parsed }] : [];
  });
  return {
    path,
    kind: spec.inputs?.length ? 'edit' : 'generate',
    model,
    prompt: promptWithHints(prompt, spec.inputHints),
    options: requestOptions(merged),
    format,
    ...(modelTakesOutputFormat(models.capabilities(model)) ? { outputFormat: format } : {}),
    inputs: spec.inputs ?? [],
    ...(spec.mask ? { mask: spec.mask } : {}),
    ...(spec.markup ? { markup: spec.markup } : {}),
    ...(resize && typeof resize !== 'string' ? { resize } : {}),
    ...(spec.style ? { style: spec.style } : {}),
    sizes,
    process: pipeline.process,
    ...(pipeline.checks ? { checks: pipeline.checks } : {}),
    n: spec.n ?? 1,
    transparencyFallback: merged.transparencyFallback === true,
  };
}

/**
 * Every output path of a manifest and the asset that writes it, built once so that looking up
 * thousands of inputs stays linear (a scan per input made status quadratic).
 */
export function outputOwners(manifest: Manifest): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [key, spec] of Object.entries(manifest.assets)) {
    owners.set(key, key);
    for (const output of Object.keys(spec.sizes ?? {})) if (!owners.has(output)) owners.set(output, key);
  }
  return owners;
}

/** An input's content hash, as recorded in the spec (a palette file of a `quantize` step too). */
export interface InputHash {
  role: 'image' | 'mask' | 'markup' | 'palette';
  path: string;
  sha256: string;
}

/** The `process` steps and the `resize` shorthand as one chain for the asset's own path. */
export function mainSteps(asset: ResolvedAsset): ProcessStep[] {
  return asset.resize ? [...asset.process, resizeStepOf(asset.resize)] : asset.process;
}

/** The chain of one of the asset's `sizes`: the `process` steps, then that size. */
export function sizeSteps(asset: ResolvedAsset, box: ResizeBox): ProcessStep[] {
  return [...asset.process, resizeStepOf(box)];
}

function resizeStepOf(box: ResizeBox): ProcessStep {
  return { op: 'resize', width: box.width, height: box.height, fit: box.fit, kernel: 'lanczos3' };
}

/** The palette files the asset's steps read (their content is part of the processing). */
export function paletteFiles(asset: ResolvedAsset): string[] {
  return [...new Set(asset.process.flatMap((s) => (s.op === 'quantize' && 'palette' in s ? [s.palette] : [])))];
}

/** The canonical text that is hashed (sorted keys, so field order in the manifest never matters). */
export function specText(asset: ResolvedAsset, inputs: InputHash[]): string {
  const images = inputs.filter((i) => i.role !== 'palette');
  const palettes = inputs.filter((i) => i.role === 'palette');
  const content = {
    v: SPEC_HASH_VERSION,
    kind: asset.kind,
    model: asset.model,
    prompt: asset.prompt,
    options: asset.options,
    format: asset.format,
    resize: asset.resize ?? null,
    inputs: images.map((i) => ({ role: i.role, sha256: i.sha256 })),
    // Only when used, so the hash of every asset without them stays what it was.
    ...(asset.sizes.length ? { sizes: asset.sizes.map((s) => ({ path: s.path, resize: s.resize })) } : {}),
    ...(asset.n > 1 ? { n: asset.n } : {}),
    ...processingFields(asset, palettes),
  };
  return canonicalJson(content);
}

function processingFields(asset: ResolvedAsset, palettes: InputHash[]): Record<string, unknown> {
  return {
    ...(asset.process.length ? { process: asset.process.map(describeStep) } : {}),
    ...(palettes.length ? { palettes: palettes.map((p) => ({ path: p.path, sha256: p.sha256 })) } : {}),
  };
}

/** The spec hash of a resolved asset whose inputs hash as given. */
export async function specHash(asset: ResolvedAsset, inputs: InputHash[]): Promise<string> {
  return sha256Hex(new TextEncoder().encode(specText(asset, inputs)));
}

/**
 * The spec hash in its two parts: what the API is asked (a change needs a new image) and what is
 * done to the image afterwards (a change re-processes the kept raw image, with no request).
 */
export async function specParts(asset: ResolvedAsset, inputs: InputHash[]): Promise<{ generation: string; processing: string }> {
  const hash = (content: unknown): Promise<string> => sha256Hex(new TextEncoder().encode(canonicalJson(content)));
  const images = inputs.filter((i) => i.role !== 'palette');
  return {
    generation: await hash({
      v: SPEC_HASH_VERSION,
      kind: asset.kind,
      model: asset.model,
      prompt: asset.prompt,
      options: asset.options,
      format: asset.format,
      inputs: images.map((i) => ({ role: i.role, sha256: i.sha256 })),
      n: asset.n,
    }),
    processing: await hash({
      v: SPEC_HASH_VERSION,
      resize: asset.resize ?? null,
      sizes: asset.sizes.map((s) => ({ path: s.path, resize: s.resize })),
      ...processingFields(
        asset,
        inputs.filter((i) => i.role === 'palette'),
      ),
    }),
  };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
