// image_studio_generate and image_studio_edit: the call checked and planned (request built by the
// one request builder and validated against the model table, inputs read and checked, where the
// files go, the estimate), then run through the job engine with the door's adapters and placed
// under free names: nothing the agent names is ever overwritten.
import { isImageStudioError } from '../client/errors';
import type { EngineJob, EngineRequest } from '../engine/engineTypes';
import { placeInFolder } from '../engine/placeInFolder';
import { runJob } from '../engine/runJob';
import { buildEditRequest, buildGenerateRequest } from '../jobRequests';
import { t } from '../l10n';
import type { ModelCatalogue } from '../models/modelCatalogue';
import { validateEdit, validateGenerate } from '../models/validate';
import type { OutputFormat } from '../types';
import { answer, jobAnswer } from './agentAnswers';
import type { AgentContext, ToolAnswer, ToolPlan } from './agentContext';
import { planCost } from './agentCost';
import { AgentToolError } from './agentErrors';
import { describeTarget, loadImage, loadMarkup, loadMask, outputTarget, type OutputTarget } from './agentFiles';
import type { EditInput, GenerateInput } from './toolInput';

/** Plans a generation: refuses what the model would refuse before anything is sent. */
export async function planGenerate(input: GenerateInput, ctx: AgentContext): Promise<ToolPlan> {
  const target = await outputTarget(ctx, input.path);
  const model = input.model ?? ctx.defaultModel;
  const request = buildGenerateRequest({ ...options(input, target), prompt: input.prompt, model });
  checkRequest(() => validateGenerate(cappedN(ctx.models, request), { provider: ctx.providerKind, today: ctx.today, models: ctx.models }));
  const n = request.n ?? 1;
  const job: EngineJob = { send: { route: 'generations', request }, transparencyFallback: input.transparencyFallback ?? true };
  return {
    tool: 'image_studio_generate',
    title: target.file ? t('Generating {file}', { file: target.file }) : t('Generating into {folder}/', { folder: target.folder || '.' }),
    sends: t('the prompt "{prompt}" to {model} ({options})', {
      prompt: shorten(input.prompt),
      model,
      options: describeOptions(request, n),
    }),
    writes: describeTarget(target, n),
    cost: planCost(ctx.prices, [
      { model, n, ...(request.quality ? { quality: request.quality } : {}), ...(request.size ? { size: request.size } : {}) },
    ]),
    run: (progress, signal) => runImageJob(ctx, job, target, progress, signal),
  };
}

/** Plans an edit: reads and checks the images and the mask first. */
export async function planEdit(input: EditInput, ctx: AgentContext): Promise<ToolPlan> {
  if (input.markup !== undefined && input.mask !== undefined)
    throw new AgentToolError(t('markup and mask cannot be combined: give one of them.'));
  const images = [];
  for (const path of input.images) images.push(await loadImage(ctx, path));
  const first = images[0]!;
  const masked = input.mask !== undefined ? await loadMask(ctx, input.mask, first) : undefined;
  // The notes' size and format against the first image, and the model's markup flag, are checked by validateEdit.
  const marked = input.markup !== undefined ? await loadMarkup(ctx, input.markup) : undefined;
  const target = await outputTarget(ctx, input.path);
  const model = input.model ?? ctx.defaultModel;
  const request = buildEditRequest(
    { ...options(input, target), prompt: input.prompt, model },
    images.map((i) => i.input),
    masked?.mask.input,
    marked?.markup.input,
  );
  checkRequest(() => validateEdit(cappedN(ctx.models, request), { provider: ctx.providerKind, today: ctx.today, models: ctx.models }));
  const n = request.n ?? 1;
  const job: EngineJob = {
    send: { route: 'edits', request },
    transparencyFallback: input.transparencyFallback ?? true,
    // The pixels the mask keeps are laid back from the original, so they stay identical.
    ...(masked ? { protect: { original: { bytes: first.input.bytes, name: first.input.filename }, mask: masked.mask.input.bytes } } : {}),
  };
  const names = images.map((i) => i.at.relative).join(', ');
  return {
    tool: 'image_studio_edit',
    title: t('Editing {image}', { image: first.at.relative }),
    sends: masked
      ? t('{images} with the mask {mask} and the prompt "{prompt}" to {model} ({options})', {
          images: names,
          mask: masked.mask.at.relative,
          prompt: shorten(input.prompt),
          model,
          options: describeOptions(request, n),
        })
      : marked
        ? t('{images} with the markup {markup} and the prompt "{prompt}" to {model} ({options})', {
            images: names,
            markup: marked.markup.at.relative,
            prompt: shorten(input.prompt),
            model,
            options: describeOptions(request, n),
          })
        : t('{images} and the prompt "{prompt}" to {model} ({options})', {
            images: names,
            prompt: shorten(input.prompt),
            model,
            options: describeOptions(request, n),
          }),
    writes: describeTarget(target, n),
    cost: planCost(
      ctx.prices,
      [{ model, n, ...(request.quality ? { quality: request.quality } : {}), ...(request.size ? { size: request.size } : {}) }],
      'inputs',
    ),
    run: (progress, signal) => runImageJob(ctx, job, target, progress, signal, [...(masked?.warnings ?? []), ...(marked?.warnings ?? [])]),
  };
}

/** Runs a planned image job through the engine into its target folder. */
async function runImageJob(
  ctx: AgentContext,
  job: EngineJob,
  target: OutputTarget,
  progress: (message: string) => void,
  signal: AbortSignal | undefined,
  warnings: string[] = [],
): Promise<ToolAnswer> {
  const client = await ctx.connect();
  const adapters = ctx.adapters((event) => {
    if (event.type === 'request' && event.stage.stage === 'waiting') progress(t('Waiting for {model}…', { model: event.model }));
    else if (event.type === 'request' && event.stage.stage === 'retrying')
      progress(t('{reason}; retrying in {seconds} s…', { reason: event.stage.reason, seconds: Math.ceil(event.stage.delayMs / 1000) }));
    else if (event.type === 'fallback')
      progress(t('{model} refused transparency; generating on a flat key colour…', { model: event.model }));
    else if (event.type === 'placed') progress(t('Saved {path}', { path: ctx.root.relative(event.image.path) }));
  });
  try {
    const result = await runJob(job, {
      client,
      adapters,
      placement: placeInFolder({
        fs: ctx.root.fs,
        dir: target.dir,
        template: target.template,
        sidecar: ctx.sidecar,
        date: adapters.now(),
        named: job.send,
      }),
      concurrency: ctx.concurrency,
      caps: ctx.models.capabilities(job.send.request.model),
      ...(signal ? { signal } : {}),
    });
    const intro = target.taken && target.file ? [t('{file} already existed and was kept.', { file: target.file })] : [];
    return await jobAnswer(ctx, adapters, { ...result, warnings: [...warnings, ...result.warnings] }, intro);
  } catch (e) {
    if (signal?.aborted) return answer(ctx, [t('Cancelled before any image arrived; nothing was saved.')], true);
    if (isImageStudioError(e)) return answer(ctx, [t('Nothing was saved: {message}', { message: e.message })], true);
    throw e;
  }
}

function options(
  input: GenerateInput,
  target: OutputTarget,
): { n?: number; size?: string; quality?: string; background?: string; outputFormat?: OutputFormat } {
  const format = input.format as OutputFormat | undefined;
  if (format && target.format && format !== target.format)
    throw new AgentToolError(
      t('format {format} does not match the extension of {file}: give one of them, or make them agree.', {
        format,
        file: target.file ?? '',
      }),
    );
  const outputFormat = format ?? target.format;
  return {
    ...(input.n !== undefined ? { n: input.n } : {}),
    ...(input.size !== undefined ? { size: input.size } : {}),
    ...(input.quality !== undefined ? { quality: input.quality } : {}),
    ...(input.background !== undefined ? { background: input.background } : {}),
    ...(outputFormat ? { outputFormat } : {}),
  };
}

// Above the model's per-request limit `n` is split into several requests: validate one of them.
function cappedN<R extends { model: string; n?: number }>(models: ModelCatalogue, request: R): R {
  const max = models.capabilities(request.model).maxN;
  return request.n !== undefined && request.n > max ? { ...request, n: max } : request;
}

function checkRequest(validate: () => unknown): void {
  try {
    validate();
  } catch (e) {
    if (!isImageStudioError(e)) throw e;
    throw new AgentToolError(
      e.param === 'size'
        ? t('{message} Nothing was sent. For an exact size the model cannot make, use image_studio_assets with "resize".', {
            message: e.message,
          })
        : t('{message} Nothing was sent.', { message: e.message }),
    );
  }
}

function describeOptions(request: EngineRequest['request'], n: number): string {
  const parts = [n === 1 ? t('1 image') : t('{count} images', { count: n })];
  for (const key of ['size', 'quality', 'background', 'outputFormat'] as const) {
    const value = (request as Partial<Record<typeof key, string>>)[key];
    if (value) parts.push(value);
  }
  return parts.join(', ');
}

function shorten(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
