import * as vscode from 'vscode';
import type { JobOutcome } from '../services/jobTypes';
import { explorerSelection, parseCommandArgs, pickImageFiles } from './commandInputs';
import { isImageName } from '../services/workspaceFiles';
import { runJobWithProgress, type JobCommandResult, type JobReportingDeps } from './jobReporting';
import { readArguments } from './argumentReader';
import { errorMessage } from '../../core/errorMessage';

/** Arguments for scripts, keybindings and tests. */
interface VariationArgs {
  images: vscode.Uri[];
  model?: string;
  n?: number;
  size?: string;
  prompt?: string;
  outputFolder?: string;
}

function parseArgs(clicked: unknown, selected: unknown): VariationArgs | undefined {
  const fromExplorer = explorerSelection(clicked, selected);
  if (fromExplorer.length) return { images: fromExplorer };
  if (!clicked || typeof clicked !== 'object') return undefined;
  const a = readArguments(clicked as Record<string, unknown>);
  const images = a.images();
  if (!images) throw new Error(vscode.l10n.t('Image Studio: an image argument is not a file inside the workspace.'));
  return {
    images,
    model: a.text('model'),
    n: a.whole('n'),
    size: a.text('size'),
    prompt: a.text('prompt'),
    outputFolder: a.text('outputFolder'),
  };
}

/**
 * `Image Studio: Create Variation`: from the Explorer (one or several images: variations of
 * each), from the palette (a file picker), or with arguments.
 */
export async function createVariationCommand(
  deps: JobReportingDeps,
  clicked?: unknown,
  selected?: unknown,
): Promise<JobCommandResult | undefined> {
  const parsed = parseCommandArgs(() => parseArgs(clicked, selected));
  if (!parsed.ok) return { saved: [], failures: [], cancelled: false, error: parsed.error };
  let args: VariationArgs | undefined = parsed.args;
  if (!args || args.images.length === 0) {
    const picked = await pickImageFiles(vscode.l10n.t('Image Studio: Create Variation of…'), true);
    if (picked.length === 0) return undefined;
    args = { images: picked };
  }
  const images = args.images.filter(isImageName);
  if (images.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Image Studio: choose a PNG, JPEG or WebP image to make variations of.'));
    return { saved: [], failures: [], cancelled: false, error: 'not an image' };
  }
  const { model, n, size, prompt, outputFolder } = args;
  const label = prompt ?? vscode.l10n.t('variation of {images}', { images: images.map((u) => u.path.split('/').pop()).join(', ') });
  return runJobWithProgress(deps, label, async (signal, onStage) => {
    const merged: JobOutcome = { saved: [], failures: [], cancelled: false, warnings: [] };
    for (const image of images) {
      if (signal.aborted) break;
      try {
        const outcome = await deps.generation.variation({ image, model, n, size, prompt, outputFolder }, { onStage }, signal);
        merged.saved.push(...outcome.saved);
        merged.failures.push(...outcome.failures);
        merged.warnings.push(...outcome.warnings);
      } catch (err) {
        // One image failing must not lose the variations of the others.
        if (images.length === 1) throw err;
        merged.failures.push(`${image.path.split('/').pop()}: ${errorMessage(err)}`);
      }
    }
    merged.cancelled = signal.aborted;
    return merged;
  });
}
