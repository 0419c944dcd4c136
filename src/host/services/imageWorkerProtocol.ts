// What the extension host and its image worker thread say to each other.
import type { PixelJobOutcome } from '../../core/image/pixelJobs';

/** Sent first, once the worker's file has loaded: until then a failure means it never started. */
export const WORKER_READY = 'image-worker-ready';

/** The worker's answer: the outcome and the thread it ran on (tests check it was not the host's). */
export interface WorkerAnswer {
  outcome: PixelJobOutcome;
  threadId: number;
}
