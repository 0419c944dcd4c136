// Entry of the image worker thread (bundled to dist/imageWorker.js): runs one pixel job from the
// extension host off its event loop and answers once; the host ends the worker afterwards.
import { parentPort, threadId } from 'node:worker_threads';
import { outcomeBuffers, runPixelJob, type PixelJob } from '../../core/image/pixelJobs';
import { WORKER_READY, type WorkerAnswer } from './imageWorkerProtocol';

parentPort?.once('message', (job: PixelJob) => {
  void runPixelJob(job).then((outcome) => {
    const answer: WorkerAnswer = { outcome, threadId };
    // The images move to the host instead of being copied (33 MB each at 3840x2160).
    parentPort!.postMessage(answer, outcomeBuffers(outcome));
  });
});

parentPort?.postMessage(WORKER_READY);
