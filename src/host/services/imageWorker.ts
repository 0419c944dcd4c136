// Entry of the image worker thread (bundled to dist/imageWorker.js): runs one job from the
// extension host off its event loop and answers once; the host ends the worker afterwards.
import { parentPort, threadId } from 'node:worker_threads';
import { runImageJob, type ImageJob, type ImageJobOutcome } from '../../core/image/imageJobs';
import { WORKER_READY, type WorkerAnswer } from './imageWorkerProtocol';

function buffersOf(outcome: ImageJobOutcome): ArrayBuffer[] {
  if (outcome.kind !== 'protect') return [];
  return outcome.composites.filter((c): c is Uint8Array => !!c).map((c) => c.buffer as ArrayBuffer);
}

parentPort?.once('message', (job: ImageJob) => {
  void runImageJob(job).then((outcome) => {
    const answer: WorkerAnswer = { outcome, threadId };
    // The composites move to the host instead of being copied (33 MB each at 3840x2160).
    parentPort!.postMessage(answer, buffersOf(outcome));
  });
});

parentPort?.postMessage(WORKER_READY);
