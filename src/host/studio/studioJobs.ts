import type { GenerateMessage, JobFinishedMessage, ResultView, RunningJob, ToWebview } from '../../shared/protocol';
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { JobCallbacks, JobOutcome, SavedImage } from '../services/jobTypes';
import type { Log } from '../services/log';
import type { ResultRegistry } from './resultRegistry';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../../core/l10n';

/** Where a job's messages go: the Studio panel currently open, if any. */
export interface StudioOutput {
  post(message: ToWebview): void;
  view(image: SavedImage): Promise<ResultView>;
}

interface Job extends RunningJob {
  abort: AbortController;
}

/**
 * Runs the Studio's generation jobs, one at a time. A job belongs to the extension, not to a
 * webview: hiding or reloading the panel does not stop it, and the new page learns about it from
 * `init`. Cancel aborts the request through the engine's AbortSignal.
 */
export class StudioJobs {
  private job: Job | undefined;

  constructor(
    private readonly generation: Pick<ImageJobRunner, 'generate'>,
    private readonly registry: ResultRegistry,
    private readonly log: Log,
    private readonly output: () => StudioOutput | undefined,
    /** Told when a job is refused before sending (the panel offers the switch for a retired model). */
    private readonly onRefused?: (err: unknown) => void,
  ) {}

  /** The running job, for a page that (re)loads while it runs. */
  running(): RunningJob | undefined {
    return this.job && { jobId: this.job.jobId, prompt: this.job.prompt, stage: this.job.stage };
  }

  /** Starts a generation, or refuses when a job is running; resolves when it has ended. */
  start(message: GenerateMessage): Promise<void> {
    return this.startJob(message.jobId, message.params.prompt, (callbacks, signal) =>
      this.generation.generate({ ...message.params }, callbacks, signal),
    );
  }

  /** Starts any image job (generation, edit, variation) with the same progress, previews, gallery and Cancel. */
  async startJob(jobId: string, prompt: string, run: (callbacks: JobCallbacks, signal: AbortSignal) => Promise<JobOutcome>): Promise<void> {
    if (this.job) {
      this.post({
        type: 'jobFinished',
        jobId,
        saved: 0,
        failures: [],
        warnings: [],
        cancelled: false,
        error: t('A generation is already running: wait for it or cancel it.'),
      });
      return;
    }
    const job: Job = { jobId, prompt, stage: t('Starting…'), abort: new AbortController() };
    this.job = job;
    const stage = (text: string) => {
      job.stage = text;
      this.post({ type: 'progress', jobId: job.jobId, text });
    };
    let finished: JobFinishedMessage;
    try {
      const outcome = await run(
        {
          onStage: stage,
          onPartial: (p) =>
            this.post({
              type: 'partialImage',
              jobId: job.jobId,
              imageIndex: p.imageIndex,
              partialIndex: p.partialIndex,
              mimeType: `image/${p.format}`,
              // A copy: a Node Buffer may be a view into a shared pool, and must reach the webview as bytes.
              bytes: new Uint8Array(p.bytes),
            }),
          onSaved: (image) => {
            this.registry.addToBatch(job.jobId, image);
            void this.postSaved(job.jobId, image);
          },
        },
        job.abort.signal,
      );
      // Notes are about the request (the mask's file name, a preview feature): the log, not a warning.
      for (const note of outcome.notes ?? []) this.log.info(`Studio: ${note}`);
      finished = {
        type: 'jobFinished',
        jobId: job.jobId,
        saved: outcome.saved.length,
        failures: outcome.failures,
        warnings: outcome.warnings,
        cancelled: outcome.cancelled,
      };
    } catch (err) {
      const text = errorMessage(err);
      this.log.warn(`Studio: the job did not run: ${text}`);
      this.onRefused?.(err);
      finished = {
        type: 'jobFinished',
        jobId: job.jobId,
        saved: 0,
        failures: [],
        warnings: [],
        cancelled: job.abort.signal.aborted,
        error: job.abort.signal.aborted ? undefined : text,
      };
    } finally {
      this.job = undefined;
    }
    // Saved images are posted asynchronously (their webview URI or bytes): let them go first.
    await this.pendingViews;
    this.post(finished);
  }

  /** Cancels the running job if it is the one named. */
  cancel(jobId: string): void {
    if (this.job?.jobId === jobId) {
      this.log.info('Studio: generation cancelled by the user.');
      this.job.stage = t('Cancelling…');
      this.job.abort.abort();
    }
  }

  /** Aborts any running job (the extension is deactivating). */
  dispose(): void {
    this.job?.abort.abort();
  }

  private pendingViews: Promise<void> = Promise.resolve();

  private postSaved(jobId: string, image: SavedImage): Promise<void> {
    const out = this.output();
    const next = this.pendingViews.then(async () => {
      if (!out) return;
      try {
        out.post({ type: 'imageSaved', jobId, result: await out.view(image) });
      } catch (err) {
        this.log.warn(`Studio: could not show ${image.relativePath}: ${errorMessage(err)}`);
      }
    });
    this.pendingViews = next;
    return next;
  }

  private post(message: ToWebview): void {
    this.output()?.post(message);
  }
}
