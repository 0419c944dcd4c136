import * as vscode from 'vscode';
import type { ImageFormat } from '../../core/types';
import type { EditParams } from '../services/jobTypes';
import { explorerSelection, parseCommandArgs, pickImageFiles } from './commandInputs';
import { conventionalMask, isImageName, isMaskName, workspaceUriFromArg } from '../services/workspaceFiles';
import { runJobWithProgress, type JobCommandResult, type JobReportingDeps } from './jobReporting';
import { readArguments } from './argumentReader';

/** What the Edit command needs beyond job reporting. */
export interface EditImageDeps extends JobReportingDeps {
  /** Opens the Studio's mask painter on an image, when the Studio offers it. */
  paintMask?(image: vscode.Uri, prompt?: string): Promise<void>;
}

type EditArgs = Partial<Omit<EditParams, 'images' | 'mask'>> & { images: vscode.Uri[]; mask?: vscode.Uri | null };

function parseArgs(clicked: unknown, selected: unknown): EditArgs | undefined {
  const fromExplorer = explorerSelection(clicked, selected);
  if (fromExplorer.length) {
    // A selected file named like a mask is the mask; the others are the images.
    const mask = fromExplorer.length > 1 ? fromExplorer.find(isMaskName) : undefined;
    return { images: fromExplorer.filter((u) => u !== mask), mask };
  }
  if (!clicked || typeof clicked !== 'object') return undefined;
  const o = clicked as Record<string, unknown>;
  const a = readArguments(o);
  const images = a.images();
  const mask = o.mask === undefined || o.mask === null ? (o.mask as null | undefined) : workspaceUriFromArg(o.mask);
  if (!images || (mask === undefined && o.mask !== undefined)) {
    throw new Error(vscode.l10n.t('Image Studio: an image or mask argument is not a file inside the workspace.'));
  }
  return {
    images,
    mask,
    prompt: a.text('prompt'),
    model: a.text('model'),
    size: a.text('size'),
    quality: a.text('quality'),
    background: a.text('background'),
    inputFidelity: a.text('inputFidelity'),
    outputFolder: a.text('outputFolder'),
    outputFormat: a.oneOf<ImageFormat>('format', ['png', 'jpeg', 'webp']),
    n: a.whole('n'),
    protectUnmasked: a.flag('protectUnmasked'),
  };
}

/** Asks where the mask comes from; undefined when cancelled, null for "no mask". */
async function chooseMask(deps: EditImageDeps, image: vscode.Uri): Promise<vscode.Uri | null | 'paint' | undefined> {
  const found = await conventionalMask(image);
  type Item = vscode.QuickPickItem & { value: 'found' | 'paint' | 'file' | 'none' };
  const items: Item[] = [];
  if (found)
    items.push({
      label: `$(file-media) ${vscode.l10n.t('Use {mask}', { mask: found.path.split('/').pop() ?? '' })}`,
      description: vscode.l10n.t('the mask saved next to the image'),
      value: 'found',
    });
  if (deps.paintMask) items.push({ label: `$(edit) ${vscode.l10n.t('Paint a mask in the Studio')}`, value: 'paint' });
  items.push({
    label: `$(folder-opened) ${vscode.l10n.t('Choose a mask file…')}`,
    description: vscode.l10n.t('PNG, transparent where the image should change'),
    value: 'file',
  });
  items.push({
    label: `$(circle-slash) ${vscode.l10n.t('No mask')}`,
    description: vscode.l10n.t('the prompt describes the whole new image'),
    value: 'none',
  });
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Image Studio: Edit Image — mask'),
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  if (choice.value === 'found') return found;
  if (choice.value === 'paint') return 'paint';
  if (choice.value === 'none') return null;
  const [file] = await pickImageFiles(vscode.l10n.t('Image Studio: Choose the mask'), false);
  return file;
}

/**
 * `Image Studio: Edit Image…`: images (one, or up to 16 references), an optional mask (a second
 * selected file, `name.mask.png` next to the image, or painted in the Studio) and a prompt.
 */
export async function editImageCommand(deps: EditImageDeps, clicked?: unknown, selected?: unknown): Promise<JobCommandResult | undefined> {
  const parsed = parseCommandArgs(() => parseArgs(clicked, selected));
  if (!parsed.ok) return { saved: [], failures: [], cancelled: false, error: parsed.error };
  let args: EditArgs | undefined = parsed.args;
  if (!args || args.images.length === 0) {
    const picked = await pickImageFiles(vscode.l10n.t('Image Studio: Edit Image…'), true);
    if (picked.length === 0) return undefined;
    args = { images: picked };
  }
  if (!args.images.every(isImageName)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Image Studio: only PNG, JPEG and WebP images can be edited.'));
    return { saved: [], failures: [], cancelled: false, error: 'not an image' };
  }
  let mask = args.mask;
  const [image] = args.images;
  if (!image) return undefined;
  if (mask === undefined && args.prompt === undefined) {
    const choice = await chooseMask(deps, image);
    if (choice === undefined) return undefined;
    if (choice === 'paint') {
      await deps.paintMask?.(image);
      return undefined;
    }
    mask = choice;
  }
  let prompt = args.prompt;
  if (prompt === undefined) {
    prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('Image Studio: Edit Image…'),
      prompt: vscode.l10n.t('Describe the whole new image (not only the change).'),
      ignoreFocusOut: true,
    });
    if (!prompt?.trim()) return undefined;
  }
  const params: EditParams = { ...args, images: args.images, mask: mask ?? undefined, prompt };
  return runJobWithProgress(deps, prompt, (signal, onStage) => deps.generation.edit(params, { onStage }, signal), params.images);
}
