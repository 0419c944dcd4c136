// The files an agent names: input images and masks read from inside the root (bounded, checked from
// their headers before anything is sent), and where generate and edit place what they make (a
// folder, or a file whose name and extension are taken as asked, a numbered variant when taken).
import { t } from '../l10n';
import { checkDimensions, inspectImage, isImageInputError, mimeTypeOf, validateMask } from '../image';
import { countTransparentPixels } from '../image/pngAlpha';
import { FileNotFoundError } from '../save/fileSystem';
import type { InputImage, OutputFormat } from '../types';
import { AgentToolError } from './agentErrors';
import type { AgentContext } from './agentContext';
import { resolveInRoot, type RootPath } from './agentRoot';

/** Largest input image read (the API's own limit for GPT image models). */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/** An input read from the root. */
export interface LoadedImage {
  at: RootPath;
  input: InputImage;
  width: number;
  height: number;
}

/** Reads a workspace image for an edit: inside the root, at most 50 MB, a still PNG, JPEG or WebP. */
export async function loadImage(ctx: AgentContext, path: string): Promise<LoadedImage> {
  const at = await resolveInRoot(ctx.root, path, 'read');
  const size = await ctx.root.size?.(at.path);
  if (size !== undefined && size > MAX_INPUT_BYTES)
    throw new AgentToolError(t('{path} is larger than 50 MB; the Images API takes smaller images.', { path: at.relative }));
  let bytes: Uint8Array;
  try {
    bytes = await ctx.root.fs.readFile(at.path);
  } catch (e) {
    if (e instanceof FileNotFoundError) throw new AgentToolError(t('{path} does not exist.', { path: at.relative || path }));
    throw e;
  }
  if (bytes.length > MAX_INPUT_BYTES)
    throw new AgentToolError(t('{path} is larger than 50 MB; the Images API takes smaller images.', { path: at.relative }));
  let info;
  try {
    info = inspectImage(bytes);
    checkDimensions(info);
  } catch (e) {
    if (!isImageInputError(e)) throw e;
    throw new AgentToolError(t('{path}: {problem}', { path: at.relative, problem: e.message }));
  }
  if (info.format !== 'png' && info.format !== 'jpeg' && info.format !== 'webp')
    throw new AgentToolError(t('{path} is not a PNG, JPEG or WebP image.', { path: at.relative }));
  if (info.animated) throw new AgentToolError(t('{path} is animated; the Images API takes a still image.', { path: at.relative }));
  const filename = at.relative.split('/').pop() ?? 'image.png';
  return { at, input: { bytes, filename, mimeType: mimeTypeOf(info) }, width: info.width, height: info.height };
}

/** Reads a mask for `first`: a PNG with an alpha channel of the same size; warnings for a mask that marks nothing. */
export async function loadMask(ctx: AgentContext, path: string, first: LoadedImage): Promise<{ mask: LoadedImage; warnings: string[] }> {
  const mask = await loadImage(ctx, path);
  const problem = validateMask(inspectImage(mask.input.bytes), { width: first.width, height: first.height });
  if (problem) throw new AgentToolError(t('{path}: {problem}', { path: mask.at.relative, problem: problem.message }));
  const count = await countTransparentPixels(mask.input.bytes).catch(() => undefined);
  const warnings =
    count && count.transparent === 0
      ? [
          t('{path} has no transparent pixel, so it marks nothing to edit; the model may change the whole image or nothing.', {
            path: mask.at.relative,
          }),
        ]
      : [];
  return { mask, warnings };
}

/**
 * Reads markup notes for `first` (a transparent PNG holding only the notes; its header rules are
 * the model's, checked in validation). What only the pixels tell: with no transparent pixel the
 * notes would cover the whole image (refused), with no opaque one they say nothing (a warning).
 */
export async function loadMarkup(ctx: AgentContext, path: string): Promise<{ markup: LoadedImage; warnings: string[] }> {
  const markup = await loadImage(ctx, path);
  const count = await countTransparentPixels(markup.input.bytes).catch(() => undefined);
  if (count && count.transparent === 0)
    throw new AgentToolError(
      t('{path} has no transparent pixel, so it would cover the whole image: markup holds only the notes, drawn over transparency.', {
        path: markup.at.relative,
      }),
    );
  const warnings =
    count && count.transparent === count.total
      ? [t('{path} is fully transparent: it holds no note, so the edit follows the prompt alone.', { path: markup.at.relative })]
      : [];
  return { markup, warnings };
}

/** Where generate and edit put their images. */
export interface OutputTarget {
  /** The folder, as the file system names it. */
  dir: string;
  /** The folder relative to the root ('' is the root). */
  folder: string;
  /** The file name template: the asked file's name, or the door's template. */
  template: string;
  /** The format a file path's extension asks for. */
  format?: OutputFormat;
  /** The file asked for, relative to the root, when a file was named. */
  file?: string;
  /** That file exists already: the image gets a numbered name beside it. */
  taken: boolean;
}

const EXTENSIONS: Record<string, OutputFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', gif: 'gif', svg: 'svg' };

/** Resolves `path` (a file or a folder; default the output folder) inside the root. */
export async function outputTarget(ctx: AgentContext, path: string | undefined): Promise<OutputTarget> {
  const asked = await resolveInRoot(ctx.root, path ?? ctx.outputFolder, 'write');
  const match = /^(.*)\.([A-Za-z]+)$/.exec(asked.relative.split('/').pop() ?? '');
  const format = match ? EXTENSIONS[match[2]!.toLowerCase()] : undefined;
  if (!format || !match) return { dir: asked.path, folder: asked.relative, template: ctx.template, taken: false };
  const folder = asked.relative.split('/').slice(0, -1).join('/');
  const dir = folder ? ctx.root.fs.join(ctx.root.dir, folder) : ctx.root.dir;
  // The name is taken as written (no template placeholders in it).
  const stem = match[1]!.replace(/[{}]/g, '') || 'image';
  return { dir, folder, template: stem, format, file: asked.relative, taken: await ctx.root.fs.exists(asked.path) };
}

/** Where the target's images go, for a confirmation. */
export function describeTarget(target: OutputTarget, n: number): string {
  const folder = target.folder ? `${target.folder}/` : './';
  if (!target.file)
    return n === 1
      ? t('1 image in {folder}, named from the prompt, with its sidecar', { folder })
      : t('{count} images in {folder}, named from the prompt, each with its sidecar', { count: n, folder });
  if (target.taken)
    return t('{file} exists and is kept: the new image gets a numbered name beside it ({folder}), with its sidecar', {
      file: target.file,
      folder,
    });
  return n === 1
    ? t('{file}, with its sidecar', { file: target.file })
    : t('{file} and numbered names beside it ({count} images), each with its sidecar', { file: target.file, count: n });
}
