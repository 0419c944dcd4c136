// The vocabulary of an `image-studio.json` manifest: which images a project needs and how each is
// made. Plain data, shared by the CLI, the extension host and the tests.
import type { ManifestSections } from './sections/sectionTypes';

/** File name of a manifest; one may sit in any folder of the workspace. */
export const MANIFEST_FILE_NAME = 'image-studio.json';

/** How `resize` fits the generated image into the exact size. */
export type ResizeFit = 'cover' | 'contain' | 'fill';

/** Request options a manifest may set in `defaults` or on an asset (the request's own names). */
export interface AssetOptions {
  model?: string;
  size?: string;
  quality?: string;
  background?: string;
  moderation?: string;
  outputCompression?: number;
  inputFidelity?: string;
  /** Planning effort (2.6 models: low, medium, high); it changes the price estimate too. */
  complexity?: string;
  /**
   * When the model refuses a transparent background (gpt-image-2: a preview), generate on a flat
   * key colour and make it transparent here; recorded in the sidecar. Not a request option.
   */
  transparencyFallback?: boolean;
}

/** One asset entry, keyed by its output path. */
export interface AssetSpec extends AssetOptions {
  prompt: string;
  /** A named prompt suffix from `styles`. */
  style?: string;
  /** Reference images (paths relative to the manifest): the asset is made as an edit. */
  inputs?: string[];
  /** Mask for the first input (PNG with alpha). */
  mask?: string;
  /** Notes drawn on the first input (a transparent PNG at its size): a markup edit, never with `mask`. */
  markup?: string;
  /** Exact output size `WIDTHxHEIGHT` after generation. */
  resize?: string;
  /** How the generated image fits the `resize` box; `cover` when absent. */
  fit?: ResizeFit;
  /**
   * More outputs of the same generation (an icon set): output path → exact size `WIDTHxHEIGHT`,
   * each resized from the one generated image with `fit`, each with its own sidecar.
   */
  sizes?: Record<string, string>;
  /** Candidates to choose from: the first is saved at the path, the others are kept to pick in review. */
  n?: number;
  /** Alternative text, carried into the typed module (`codegen`). */
  alt?: string;
}

/** A parsed, valid manifest: its assets and the sections beside them (sheets, atlases, icons, codegen). */
export interface Manifest extends ManifestSections {
  defaults: AssetOptions;
  styles: Record<string, string>;
  assets: Record<string, AssetSpec>;
}

/** One problem in a manifest, with where it is (0-based offsets; 1-based line and column). */
export interface ManifestProblem {
  severity: 'error' | 'warning';
  message: string;
  /** JSON path of the value, e.g. ['assets', 'public/hero.png', 'size']. */
  path: Array<string | number>;
  offset: number;
  length: number;
  line: number;
  column: number;
}

/** The result of reading a manifest: the valid assets, and every problem found. */
export interface ParsedManifest {
  manifest: Manifest;
  problems: ManifestProblem[];
  /** Where each asset's key sits, for CodeLens and diagnostics. */
  assetOffsets: Record<string, { offset: number; length: number; line: number }>;
}
