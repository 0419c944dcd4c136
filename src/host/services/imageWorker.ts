// Entry of the image worker thread (bundled to dist/imageWorker.js): runs one job from the
// extension host off its event loop and answers once; the host ends the worker afterwards.
import { parentPort, threadId } from 'node:worker_threads';
import { runImageJob, transferablesOf, type ImageJob } from '../../core/image/imageJobs';
import { WORKER_READY, type WorkerAnswer } from './imageWorkerProtocol';

parentPort?.once('message', (job: ImageJob) => {
  void runImageJob(job).then((outcome) => {
    const answer: WorkerAnswer = { outcome, threadId };
    // Composites and processed images move to the host instead of being copied (33 MB each at 3840x2160).
    parentPort!.postMessage(answer, transferablesOf(outcome));
  });
});

parentPort?.postMessage(WORKER_READY);
