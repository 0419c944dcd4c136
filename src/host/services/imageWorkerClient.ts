// Runs the result pixel work (decode, composite, alpha count) in a worker thread: a 3840x2160
// decode takes long enough on the extension host's event loop to stall every other extension and
// the Studio's messages. One worker per job, ended after it answers. When no worker can start
// (a runtime without worker_threads, a missing file), the same code runs in-thread.
import { join } from 'node:path';
import { threadId, Worker } from 'node:worker_threads';
import { runPixelJob, unreadableOutcome, type PixelJob, type PixelJobOutcome, type PixelRunner } from '../../core/image/pixelJobs';
import { WORKER_READY, type WorkerAnswer } from './imageWorkerProtocol';

/** dist/imageWorker.js beside dist/extension.js; in the test build, the transpiled file beside this one. */
export const IMAGE_WORKER_FILE = join(__dirname, 'imageWorker.js');

/** The outcome and where it ran (`inWorker` false after a fallback). */
export interface PixelJobRun {
  outcome: PixelJobOutcome;
  threadId: number;
  inWorker: boolean;
}

async function inThread(job: PixelJob): Promise<PixelJobRun> {
  return { outcome: await runPixelJob(job), threadId, inWorker: false };
}

/** The host's pixel runner: each job in a worker thread (the engine's processing stage uses it). */
export const offThreadPixels: PixelRunner = async (job) => (await runPixelJobOffThread(job)).outcome;

/** Runs `job` in a worker thread, or in-thread when the worker cannot start or dies. */
export function runPixelJobOffThread(job: PixelJob, workerFile = IMAGE_WORKER_FILE): Promise<PixelJobRun> {
  let worker: Worker;
  try {
    worker = new Worker(workerFile);
  } catch {
    return inThread(job);
  }
  return new Promise<PixelJobRun>((resolve) => {
    let settled = false;
    const settle = (run: Promise<PixelJobRun> | PixelJobRun): void => {
      if (settled) return;
      settled = true;
      void worker.terminate().catch(() => undefined);
      resolve(run);
    };
    let ready = false;
    worker.on('message', (message: WorkerAnswer | typeof WORKER_READY) => {
      if (message !== WORKER_READY) return settle({ outcome: message.outcome, threadId: message.threadId, inWorker: true });
      ready = true;
      worker.postMessage(job);
    });
    // A worker that never loaded (its file missing, threads unavailable): the job is done here.
    // One that loaded and then died (out of memory) is not re-run on the host's event loop.
    const lost = (): void => settle(ready ? { outcome: unreadableOutcome(job), threadId: worker.threadId, inWorker: true } : inThread(job));
    worker.once('error', lost);
    worker.once('exit', lost);
  });
}
