import type * as vscode from 'vscode';
import type { BatchResult } from '../../core/client/batch';
import { extensionFor } from '../../core/naming';
import { resultBaseName } from '../../core/save/fileNames';
import {
  TRANSPARENCY_FAILED,
  TRANSPARENCY_PASSED,
  transparencyProblem,
  wantsTransparency as asksForTransparency,
} from '../../core/save/resultChecks';
import { buildProvenance } from '../../core/provenance';
import type { EditRequest, GenerateRequest, GeneratedImage, VariationRequest } from '../../core/types';
import type { JobRoute } from '../../core/jobOptions';
import type { JobCallbacks, JobOutcome, JobTarget, SavedImage } from './jobTypes';
import { withBytes } from '../../core/save/tempSpool';
import { saveNewImageFile, writeSidecarFor, type WrittenFile } from './imageFileWriter';
import { runImageJobOffThread } from './imageWorkerClient';
import type { Log } from './log';
import { relativeToFolder } from './outputLocation';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../../core/l10n';
import { workspaceFileSystem } from './workspaceFileSystem';

/** Extra steps a job adds while saving. */
export interface SaveOptions {
  /** Runs after an image is written, before its sidecar; returns fields to add to the sidecar. */
  afterWrite?(image: GeneratedImage, written: WrittenFile): Promise<Record<string, unknown> | undefined>;
}

/** What `process` makes of a request's images before they are written. */
export interface ProcessResult {
  result: BatchResult;
  options?: SaveOptions;
  /** Said once with the job's warnings. */
  note?: string;
}

/** Where and how a job's images are written. */
export interface SaveTarget {
  request: GenerateRequest | EditRequest | VariationRequest;
  target: JobTarget;
  route: JobRoute;
  callbacks: JobCallbacks;
  signal: AbortSignal;
  options?: SaveOptions;
  /** Reworks a request's images before they are written (the edit composite). */
  process?(result: BatchResult): Promise<ProcessResult>;
}

interface SaveJob extends SaveTarget {
  result: BatchResult;
  /** One date for every file of the batch, so its names sort together. */
  date: Date;
}

let nextId = 1;

/**
 * Writes every image that arrived with its sidecar; one failed write never loses the others. Each
 * save and each failed write is logged here, once; the caller only gathers the outcome.
 */
export async function saveResults(log: Log, job: SaveJob): Promise<JobOutcome> {
  const { result, request, target, route, callbacks, signal, options = {}, date } = job;
  callbacks.onStage?.(result.images.length === 1 ? t('Writing 1 image…') : t('Writing {count} images…', { count: result.images.length }));
  const saved: SavedImage[] = [];
  const failures = result.failures.map((f) => f.error.message);
  const warnings = [...result.warnings];
  const prompt = 'prompt' in request ? request.prompt : '';
  const wantsTransparency = asksForTransparency(request);
  for (const arrived of result.images) {
    const base = resultBaseName(
      target.template,
      request,
      route === 'variations' || route === 'edits-as-variation',
      request.model,
      arrived.index,
      date,
    );
    try {
      const written = await saveNewImageFile(target.outputDir, base, extensionFor(arrived.format), arrived);
      // The transparency check reads the pixels: a streamed image is read back from its place, one at a time.
      const image =
        wantsTransparency && arrived.file ? withBytes(arrived, await workspaceFileSystem.readFile(written.uri.toString())) : arrived;
      const extra = { ...(await options.afterWrite?.(image, written)) };
      if (wantsTransparency) {
        // Off the event loop: a 3840x2160 decode would stall the extension host.
        const problem = await transparencyProblem(
          image,
          t('Image {index}', { index: image.index + 1 }),
          async (job) => (await runImageJobOffThread(job)).outcome,
        );
        if (problem) warnings.push(problem);
        extra.transparencyCheck = problem ? TRANSPARENCY_FAILED : TRANSPARENCY_PASSED;
      }
      let sidecarUri: vscode.Uri | undefined;
      if (target.writeSidecar) {
        const provenance = await buildProvenance({
          request,
          result,
          image,
          provider: target.provider,
          ...(route === 'edits-as-variation' ? { route: 'edits' as const } : {}),
        });
        sidecarUri = await writeSidecarFor(written, { ...provenance, ...extra });
      }
      const entry: SavedImage = {
        id: `img-${Date.now().toString(36)}-${nextId++}`,
        uri: written.uri,
        relativePath: relativeToFolder(target.folder, written.uri),
        sidecarUri,
        index: image.index,
        format: image.format,
        prompt,
        revisedPrompt: image.revisedPrompt,
        requestId: image.requestId ?? result.requestIds[0],
        model: result.model,
        usage: result.usage as Record<string, unknown> | undefined,
        ...('complexity' in request && request.complexity ? { complexity: request.complexity } : {}),
        route,
      };
      saved.push(entry);
      log.info(`Saved ${entry.relativePath}${sidecarUri ? ' with its provenance sidecar' : ''}`);
      callbacks.onSaved?.(entry);
    } catch (err) {
      const message = t('Image {index} arrived but could not be written: {problem}', {
        index: arrived.index + 1,
        problem: errorMessage(err),
      });
      log.error(message);
      failures.push(message);
    }
  }
  return { saved, failures, cancelled: signal.aborted, warnings };
}
