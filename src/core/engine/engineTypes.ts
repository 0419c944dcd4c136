// The job engine's vocabulary: what a job asks, what an adapter supplies, and what comes back.
// Every way in (the palette commands, the Studio, the CLI, asset builds, batch collect, the agent
// tools) builds an EngineJob and gives the adapters that differ; the stages (request, stream,
// process, place, record) are the engine's, written once.
import type { ImageErrorKind } from '../client/errors';
import type { GateFailure } from '../image/checks/checkTypes';
import type { PixelRunner } from '../image/pixelJobs';
import type { JobRoute } from '../jobOptions';
import type { HistoryEntry } from '../save/replaceFile';
import type { SaveFileSystem } from '../save/fileSystem';
import type { ProtectionSource } from '../save/resultChecks';
import type { EditRequest, GenerateRequest, ImageUsage, OutputFormat, PartialImage, RequestStage, VariationRequest } from '../types';

/** What is sent, by route (a variation through /edits is an edit request). */
export type EngineRequest =
  | { route: 'generations'; request: GenerateRequest }
  | { route: 'edits'; request: EditRequest }
  | { route: 'variations'; request: VariationRequest }
  | { route: 'edits-as-variation'; request: EditRequest };

/** One image job: a request and the steps its results go through. */
export interface EngineJob {
  send: EngineRequest;
  /** An edit's mask laid back over the first input, so every pixel the mask keeps stays identical. */
  protect?: ProtectionSource;
  /**
   * When the model refuses a transparent background: true runs the key-colour fallback, false
   * reports the refusal, 'ask' asks the adapter (a notification button; the CLI's flag).
   */
  transparencyFallback?: boolean | 'ask';
  /** Fields added to every sidecar (the Studio's preparation record, a batch's ids). */
  sidecarExtra?: Record<string, unknown>;
}

/** Decisions only a person (or their flags) can make. */
export interface JobDecisions {
  /** The model refused a transparent background: generate on a key colour and remove it here? */
  transparencyFallback(model: string, refusal: string): Promise<boolean>;
}

/** What the engine reports while a job runs; each adapter words it its own way. */
export type EngineEvent =
  | { type: 'request'; model: string; stage: RequestStage }
  | { type: 'fallback'; model: string }
  | { type: 'writing'; count: number }
  | { type: 'placed'; image: PlacedImage };

/** What an entry point supplies: everything that differs between the CLI, the extension and tests. */
export interface EngineAdapters {
  /** Where files go: Node's fs (CLI), workspace.fs (extension), a Map (tests). */
  fs: SaveFileSystem;
  /** Where pixel work runs: in-thread (CLI) or a worker thread (extension host). */
  pixels: PixelRunner;
  /** The moment for file names, sidecar dates and history names (the caller's calendar). */
  now(): Date;
  decide: JobDecisions;
  /** Progress, for a notification, the Studio or stderr. */
  onEvent?(event: EngineEvent): void;
  /** Streamed previews. */
  onPartial?(partial: PartialImage): void;
}

/** One image written by a job. */
export interface PlacedImage {
  /** The image's path as the file system names it. */
  path: string;
  /** Its file name. */
  name: string;
  /** Its provenance sidecar, when one was written. */
  sidecar?: string;
  /** The model's own result kept beside it (protected pixels). */
  raw?: string;
  /** Position in the job's images. */
  index: number;
  format: OutputFormat;
  model: string;
  route: JobRoute;
  revisedPrompt?: string;
  requestId?: string;
  usage?: ImageUsage;
  /** An asset's output: the previous version kept in the history for review. */
  replaced?: HistoryEntry;
  /** An asset's image kept to pick later (`n`, or a file changed by hand meanwhile). */
  candidate?: boolean;
  /** An asset's gates this image failed (empty: it passed them all; absent: the asset has none). */
  failures?: GateFailure[];
}

/** An image asked for that was not saved: a failed request, a broken answer, a refused write. */
export interface JobFailure {
  kind: ImageErrorKind | 'write';
  code?: string;
  message: string;
  firstIndex: number;
  count: number;
  requestId?: string;
}

/** How a job ended (it throws only when nothing could be sent or nothing arrived). */
export interface JobResult {
  endpoint: string;
  model: string;
  route: JobRoute;
  placed: PlacedImage[];
  failures: JobFailure[];
  /** About what was saved: an opaque "transparent" result, unprotected pixels, a file kept as a candidate. */
  warnings: string[];
  /** About the request: validation notes (a preview feature, an unknown model), extra images dropped. */
  notes: string[];
  cancelled: boolean;
  requestIds: string[];
  usage?: ImageUsage;
  /** The key-colour fallback ran (the model refused transparency). */
  fellBack: boolean;
}
