// The vocabulary of an image job in the host: what the commands and the Studio ask for, the
// callbacks they listen with, and what a job hands back. Types only, so that the runner, the result
// writer and their callers can all name them without importing one another.
import type * as vscode from 'vscode';
import type { ImagesClient } from '../../core/client/imagesClient';
import type { EditOptions, GenerateOptions, ImageJobOptions, JobRoute } from '../../core/jobOptions';
import type { VariationPlan } from '../../core/models/variationPlan';
import type { InputImage, OutputFormat, PartialImage, ProviderConfig } from '../../core/types';
import type { LoadedInput } from './inputImages';

/** Options every image job shares; absent ones come from settings. */
export interface ImageOptions extends ImageJobOptions {
  model?: string;
  /** Output folder relative to the workspace folder (overrides the setting). */
  outputFolder?: string;
}

/** What the user asked for; defaults are dropped when the model has no such option. */
export interface GenerateParams extends GenerateOptions {
  /** Output folder relative to the workspace folder (overrides the setting). */
  outputFolder?: string;
  /** A file in the workspace folder to write into (multi-root). */
  folderHint?: vscode.Uri;
  /**
   * When the model refuses a transparent background: true runs the key-colour fallback, false
   * reports the refusal; absent asks the user (with a button) first.
   */
  transparencyFallback?: boolean;
}

/** An edit: one or more images (references), an optional mask, and a prompt for the whole new image. */
export interface EditParams extends ImageOptions, Pick<EditOptions, 'inputFidelity'> {
  images: vscode.Uri[];
  mask?: vscode.Uri;
  prompt: string;
  /** Composite the result onto the original through the mask (default: the setting). */
  protectUnmasked?: boolean;
  /** Fields added to every sidecar (the Studio records how inputs were prepared). */
  sidecarExtra?: Record<string, unknown>;
}

/** A variation of one image. */
export interface VariationParams {
  image: vscode.Uri;
  model?: string;
  n?: number;
  size?: string;
  /** Instruction used when the variation goes through /edits. */
  prompt?: string;
  outputFolder?: string;
}

/** Inputs already in memory: from workspace files as they are, or prepared by the Studio (bytes converted, Uri kept for provenance). */
export interface LoadedEditInputs {
  images: LoadedInput[];
  mask?: InputImage;
  /** The notes of a markup edit (the Studio's Annotate mode). */
  markup?: InputImage;
}

/** One image written to the workspace. */
export interface SavedImage {
  /** Opaque and unique: the Studio refers to results by this, never by path. */
  id: string;
  uri: vscode.Uri;
  relativePath: string;
  sidecarUri?: vscode.Uri;
  index: number;
  format: OutputFormat;
  prompt: string;
  revisedPrompt?: string;
  requestId?: string;
  model: string;
  usage?: Record<string, unknown>;
  /** The `complexity` asked for (2.6 models), named with the cost. */
  complexity?: string;
  route: JobRoute;
}

/** Progress callbacks for UIs. */
export interface JobCallbacks {
  onStage?(text: string): void;
  onPartial?(partial: PartialImage): void;
  onSaved?(image: SavedImage): void;
}

/** How a job ended (it throws only when nothing could be sent or nothing arrived). */
export interface JobOutcome {
  saved: SavedImage[];
  failures: string[];
  cancelled: boolean;
  /** About what was saved: shown, as each needs a look (an opaque "transparent" result, a fallback). */
  warnings: string[];
  /** About the request (a preview feature honoured, an unknown model): logged, not shown as a warning. */
  notes?: string[];
}

/** Everything a job needs once checked. */
export interface JobTarget {
  provider: ProviderConfig;
  client: ImagesClient;
  folder: vscode.WorkspaceFolder;
  outputDir: vscode.Uri;
  template: string;
  writeSidecar: boolean;
}

/** A variation route that can run (planVariation's answer once "unavailable" is refused). */
export type RunnableVariationPlan = Extract<VariationPlan, { route: 'variations' | 'edits' }>;
