// The place stage's contract: where a job's images go. Two strategies implement it: a free name in
// a folder (placeInFolder.ts: Generate Image, the Studio, the CLI, the agent tools) and an asset's
// path with history and candidates (placeAsset.ts: asset builds, batch collect, a picked
// candidate). The engine asks the strategy only where to spool and where to put each image.
import type { ResizeBox } from '../assets/manifestRules';
import type { AcceptanceChecks } from '../image/checks/checkTypes';
import type { RunnableStep } from '../image/process/processTypes';
import type { JobFailure, PlacedImage } from './engineTypes';
import type { ProcessedImage } from './processImages';
import type { SidecarSource } from './sidecar';

/** What placing one image did. */
export interface PlaceOutcome {
  placed?: PlacedImage;
  /** The image was made (and billed) but could not be written, or only partly (no sidecar). */
  failure?: JobFailure;
  warnings: string[];
}

/** A placement strategy. */
export interface Placement {
  /** Where streamed images wait in temp files: the folder they are placed in, so placing is a rename. */
  readonly spoolDir: string;
  /**
   * What the processing stage makes of an asset's image: its exact size, or its chain of steps
   * (`steps`), its other sizes (each with its own chain), and the gates its file must pass.
   */
  readonly outputs?: {
    resize?: ResizeBox;
    steps?: RunnableStep[];
    sizes?: ReadonlyArray<{ path: string; resize: ResizeBox; steps?: RunnableStep[] }>;
    checks?: AcceptanceChecks;
  };
  /** Names image `index` in a warning. */
  label(index: number): string;
  /** Whether image `index` is a final output (see ProcessPlan.isFinal). */
  isFinal(index: number): boolean;
  /** Writes one processed image and its sidecar; `record` is what the steps and the job add to the sidecar. */
  place(image: ProcessedImage, source: SidecarSource, record: Record<string, unknown>): Promise<PlaceOutcome>;
  /** After the job's last image: what was held back is placed (an asset whose candidates all failed its gates). */
  finish?(): Promise<PlaceOutcome[]>;
}
