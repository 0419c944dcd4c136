import * as vscode from 'vscode';
import { sha256Hex } from '../../core/provenance';
import type { StudioEditParams } from '../../shared/protocol';
import { checkEditBasics, refuseIfPreparationNeeded, variationPlanFor } from '../services/editChecks';
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { JobCallbacks, JobOutcome } from '../services/jobTypes';
import { writeNewFile } from '../../core/save/writeFiles';
import { workspaceFileSystem } from '../services/workspaceFileSystem';
import type { LoadedInput } from '../services/inputImages';
import { checkEditRequest, EditRequestProblem, type CheckedEdit } from './editRequestChecks';
import type { StudioInputs } from './studioInputs';

/** Runs the Studio's edits and variations (absent in tests that only generate). */
export interface StudioEditRunner {
  run(params: StudioEditParams, inputs: StudioInputs, callbacks: JobCallbacks, signal: AbortSignal): Promise<JobOutcome>;
}

/** Looked up when a job runs: a module-level string would be read before the bundle is loaded. */
const advice = () => vscode.l10n.t('The Studio converts such images before sending: choose the image again.');

function toLoaded(checked: CheckedEdit<LoadedInput>): LoadedInput[] {
  return checked.inputs.map((c) => ({
    uri: c.original.uri,
    name: c.original.name,
    bytes: c.bytes,
    info: c.info,
    input: { bytes: c.bytes, filename: c.filename, mimeType: c.mimeType },
  }));
}

/** What the sidecar adds about the Studio's inputs: each original's hash and what preparation did. */
async function preparationRecord(checked: CheckedEdit<LoadedInput>, maskSource: string | undefined): Promise<Record<string, unknown>> {
  const inputs = [];
  for (const c of checked.inputs) {
    inputs.push({
      filename: c.original.name,
      originalSha256: await sha256Hex(c.original.bytes),
      prepared: c.bytes !== c.original.bytes,
      ...(c.steps.length ? { steps: c.steps } : {}),
    });
  }
  return { studioInputs: inputs, ...(maskSource ? { maskSource } : {}) };
}

/** Writes the mask next to the first image as `<name>.mask.png` (a free name: never over a file). */
async function saveMaskBeside(image: vscode.Uri, bytes: Uint8Array): Promise<string> {
  const stem = image.path
    .split('/')
    .pop()!
    .replace(/\.[^.]*$/, '');
  const folder = vscode.Uri.joinPath(image, '..').toString();
  const written = await writeNewFile(workspaceFileSystem, folder, `${stem}.mask`, 'png', bytes, { sidecar: true });
  return written.name;
}

/** Edits and variations from the Studio through the same runner as the commands (imageJobRunner.ts). */
export function createStudioEditRunner(
  runner: Pick<ImageJobRunner, 'editLoaded' | 'variationLoaded' | 'calendar' | 'models'>,
): StudioEditRunner {
  return {
    async run(params, inputs, callbacks, signal) {
      const o = params.options;
      const lookup = (id: string) => inputs.get(id);
      // One catalogue for the whole job, even if the setting changes while it runs.
      const models = runner.models;
      if (params.mode === 'variation') {
        const first = lookup(params.inputs[0]?.inputId ?? '');
        const plan = variationPlanFor(
          models,
          { model: o.model, prompt: o.prompt.trim() || undefined },
          runner.calendar.today(),
          first?.uri,
        );
        const checked = await checkEditRequest(params, lookup, 1);
        const [input] = toLoaded(checked);
        if (!input) throw new EditRequestProblem(vscode.l10n.t('Choose an image to edit first.'));
        const loaded = [input];
        const caps = models.capabilities(plan.model);
        refuseIfPreparationNeeded(loaded, caps, plan.route, false, advice());
        const sidecarExtra = { ...(await preparationRecord(checked, undefined)), variationRoute: plan.reason };
        return runner.variationLoaded({ n: o.n, size: o.size, sidecarExtra }, plan, input, callbacks, signal, caps);
      }
      const checked = await checkEditRequest(params, lookup, models.capabilities(o.model).input.maxImages);
      const loaded = toLoaded(checked);
      const [first] = loaded;
      if (!first) throw new EditRequestProblem(vscode.l10n.t('Choose an image to edit first.'));
      const { model, prompt, caps } = checkEditBasics(models, { prompt: o.prompt, model: o.model }, loaded.length, first.uri);
      refuseIfPreparationNeeded(loaded, caps, 'edits', !!checked.mask, advice());
      const notes: string[] = [];
      const maskSource = checked.mask ? (params.mask?.fileId ? 'file' : 'painted') : undefined;
      let maskName = checked.mask?.filename ?? '';
      if (checked.saveMask) {
        const name = await saveMaskBeside(first.uri, checked.saveMask);
        notes.push(vscode.l10n.t('The mask was saved as {name} next to {image}.', { name, image: first.name }));
        // The sidecar names the file written (hero.mask-2.png when hero.mask.png was taken), not the name wished for.
        if (maskSource === 'painted') maskName = name;
      }
      const mask = checked.mask && { bytes: checked.mask.bytes, filename: maskName, mimeType: 'image/png' };
      const markup = checked.markup && { bytes: checked.markup.bytes, filename: checked.markup.filename, mimeType: 'image/png' };
      const outcome = await runner.editLoaded(
        {
          prompt,
          model,
          size: o.size,
          quality: o.quality,
          n: o.n,
          background: o.background,
          outputFormat: o.outputFormat,
          outputCompression: o.outputCompression,
          inputFidelity: o.inputFidelity,
          stream: o.stream,
          partialImages: o.partialImages,
          complexity: o.complexity,
          gifFrames: o.gifFrames,
          gifFrameMs: o.gifFrameMs,
          sidecarExtra: await preparationRecord(checked, maskSource),
        },
        { images: loaded, mask, markup },
        callbacks,
        signal,
        caps,
      );
      return { ...outcome, notes: [...notes, ...(outcome.notes ?? [])] };
    },
  };
}
