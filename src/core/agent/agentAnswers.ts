// What a tool tells the model once it ran: every written path with its sidecar, what was replaced
// and where the old version is kept, warnings and failures, in plain text (paths relative to the
// root), plus small previews of the images so the model can look at what it made.
import { t } from '../l10n';
import type { EngineAdapters, JobResult } from '../engine/engineTypes';
import { inspectImage } from '../image/imageHeader';
import type { AgentContext, AnswerFile, ToolAnswer, ToolPreview } from './agentContext';

/** Longest side of a preview. */
export const PREVIEW_SIDE = 256;
/** Previews per answer (the model reads each one as image tokens). */
export const MAX_PREVIEWS = 4;
/** A JPEG or WebP (which cannot be resized here) is shown as it is only up to this size. */
const MAX_UNRESIZED_PREVIEW_BYTES = 512 * 1024;

/** An answer made of text lines; `isError` when nothing useful was done. */
export function answer(
  ctx: Pick<AgentContext, 'scrub'>,
  lines: string[],
  isError: boolean,
  files: AnswerFile[] = [],
  previews: ToolPreview[] = [],
): ToolAnswer {
  return { text: ctx.scrub(lines.join('\n')), isError, files, previews };
}

/** The answer of a generate or edit job. */
export async function jobAnswer(ctx: AgentContext, adapters: EngineAdapters, result: JobResult, intro: string[]): Promise<ToolAnswer> {
  const files: AnswerFile[] = result.placed.map((p) => ({
    path: ctx.root.relative(p.path),
    location: p.path,
    ...(p.sidecar ? { sidecar: ctx.root.relative(p.sidecar) } : {}),
  }));
  const lines = [...intro];
  lines.push(
    files.length === 1
      ? t('Saved 1 image with {model}:', { model: result.model })
      : t('Saved {count} images with {model}:', { count: files.length, model: result.model }),
  );
  result.placed.forEach((p, i) => {
    const file = files[i]!;
    const parts = [file.sidecar ? t('sidecar {path}', { path: file.sidecar }) : t('no sidecar')];
    if (p.raw) parts.push(t("the model's own result kept as {path}", { path: ctx.root.relative(p.raw) }));
    if (p.revisedPrompt) parts.push(t('revised prompt: {prompt}', { prompt: p.revisedPrompt }));
    lines.push(`- ${file.path} (${parts.join('; ')})`);
  });
  if (result.fellBack)
    lines.push(
      t('{model} refused a transparent background: it was made on a flat key colour, removed here (recorded in the sidecar).', {
        model: result.model,
      }),
    );
  const warnings = [...result.notes, ...result.warnings];
  if (warnings.length) lines.push(t('Warnings:'), ...warnings.map((w) => `- ${w}`));
  if (result.failures.length)
    lines.push(
      t('Not saved:'),
      ...result.failures.map((f) =>
        f.count > 1
          ? `- ${t('images {first} to {last}: {message}', { first: f.firstIndex + 1, last: f.firstIndex + f.count, message: f.message })}`
          : `- ${t('image {index}: {message}', { index: f.firstIndex + 1, message: f.message })}`,
      ),
    );
  if (result.cancelled) lines.push(t('Cancelled: the images saved above were already made and billed.'));
  if (result.requestIds.length) lines.push(t('Request ids: {ids}', { ids: result.requestIds.join(', ') }));
  const previews = await previewsOf(ctx, adapters, files);
  return answer(ctx, lines, files.length === 0, files, previews);
}

/** Small previews of the first images written (PNG resized to fit {@link PREVIEW_SIDE}). */
export async function previewsOf(ctx: AgentContext, adapters: Pick<EngineAdapters, 'pixels'>, files: AnswerFile[]): Promise<ToolPreview[]> {
  const out: ToolPreview[] = [];
  for (const file of files.slice(0, MAX_PREVIEWS)) {
    const preview = await previewOf(ctx, adapters, file).catch(() => undefined);
    if (preview) out.push(preview);
  }
  return out;
}

async function previewOf(ctx: AgentContext, adapters: Pick<EngineAdapters, 'pixels'>, file: AnswerFile): Promise<ToolPreview | undefined> {
  const bytes = await ctx.root.fs.readFile(file.location);
  const info = inspectImage(bytes);
  if (info.format === 'png') {
    const scale = Math.min(1, PREVIEW_SIDE / Math.max(info.width, info.height));
    if (scale === 1) return { path: file.path, mimeType: 'image/png', bytes };
    const width = Math.max(1, Math.round(info.width * scale));
    const height = Math.max(1, Math.round(info.height * scale));
    const outcome = await adapters.pixels({ kind: 'resize', png: bytes, width, height, fit: 'fill' });
    return outcome.kind === 'resize' && outcome.png ? { path: file.path, mimeType: 'image/png', bytes: outcome.png } : undefined;
  }
  if ((info.format === 'jpeg' || info.format === 'webp') && bytes.length <= MAX_UNRESIZED_PREVIEW_BYTES)
    return { path: file.path, mimeType: `image/${info.format}`, bytes };
  return undefined;
}
