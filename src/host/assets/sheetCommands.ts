// A sheet in the Image Assets view: Play Sheet opens the Studio's frame player on its animations;
// after a rebuild from a new generation, Review Sheet shows the previous frames beside the new
// ones, frame by frame, and Keep or Revert (revert cuts the previous generation again: no request).
import * as vscode from 'vscode';
import { hasPreviousGeneration, keepSheet, revertSheet, sheetPreview } from '../../core/assets/sections/sheetReview';
import type { SheetContext } from '../../core/assets/sections/sheetSection';
import { sha256Hex } from '../../core/provenance';
import { StudioPanel } from '../studio/studioPanel';
import { reportFailure } from '../commands/jobReporting';
import type { AssetCommandDeps } from './assetCommandDeps';
import type { SectionNode } from './assetsView';

function sheetNode(arg: unknown): SectionNode {
  const node = arg as SectionNode | undefined;
  if (node?.kind !== 'section' || node.status.section !== 'sheets')
    throw new Error(vscode.l10n.t('Choose a sheet in the Image Assets view.'));
  return node;
}

function context(deps: AssetCommandDeps, node: SectionNode) {
  const manifest = deps.manifests.current.find((m) => m.uri.toString() === node.manifest.toString());
  const spec = manifest?.parsed.manifest.sheets[node.status.path];
  if (!manifest || !spec) throw new Error(vscode.l10n.t('{path} is no longer a sheet of its manifest.', { path: node.status.path }));
  const sections = deps.manifests.sectionsContext(manifest.parsed, manifest.uri);
  const ctx: SheetContext = {
    fs: sections.fs,
    dir: sections.dir,
    styles: sections.styles,
    inputHash: async (p) => {
      const bytes = await sections.fs.readFile(sections.fs.join(sections.dir, p)).catch(() => undefined);
      return bytes && sha256Hex(bytes);
    },
  };
  return { manifest, spec, ctx };
}

/** Registers Play Sheet, Review Sheet, Keep Sheet and Revert Sheet. */
export function registerSheetCommands(deps: AssetCommandDeps): vscode.Disposable[] {
  const register = (id: string, run: (arg: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      try {
        return await run(arg);
      } catch (err) {
        return { error: reportFailure(deps, err, false) };
      }
    });
  const show = async (arg: unknown, review: boolean) => {
    const node = sheetNode(arg);
    const { spec, ctx } = context(deps, node);
    const preview = await sheetPreview(node.status.path, spec, ctx);
    if (review && !preview.previous)
      throw new Error(
        vscode.l10n.t('{path} has no previous generation to review (it was not rebuilt from a new one).', { path: node.status.path }),
      );
    StudioPanel.showFrames({
      type: 'showFrames',
      title: node.status.path,
      frames: preview.frames.map((f) => ({ name: f.name, bytes: f.png })),
      animations: preview.animations,
      ...(review && preview.previous ? { previous: preview.previous.map((f) => ({ name: f.name, bytes: f.png })) } : {}),
    });
    if (!review) return { frames: preview.frames.length };
    const keep = vscode.l10n.t('Keep');
    const revert = vscode.l10n.t('Revert');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Review {path} frame by frame: keep the new frames or revert to the previous ones.', { path: node.status.path }),
        keep,
        revert,
      )
      .then((choice) => {
        if (choice === keep) void vscode.commands.executeCommand('imageStudio.assets.keepSheet', node);
        if (choice === revert) void vscode.commands.executeCommand('imageStudio.assets.revertSheet', node);
      });
    return { frames: preview.frames.length, previous: preview.previous?.length ?? 0 };
  };
  return [
    register('imageStudio.assets.playSheet', (arg) => show(arg, false)),
    register('imageStudio.assets.reviewSheet', (arg) => show(arg, true)),
    register('imageStudio.assets.keepSheet', async (arg) => {
      const node = sheetNode(arg);
      const { spec, ctx } = context(deps, node);
      await keepSheet(node.status.path, spec, ctx);
      await deps.manifests.refresh();
    }),
    register('imageStudio.assets.revertSheet', async (arg) => {
      const node = sheetNode(arg);
      const { spec, ctx } = context(deps, node);
      if (!(await hasPreviousGeneration(node.status.path, spec, ctx)))
        throw new Error(vscode.l10n.t('{path} has nothing to keep or revert.', { path: node.status.path }));
      // Revert makes the previous generation current, so the cut sends nothing: no key is asked for.
      const noRequest = async (): Promise<never> => {
        throw new Error(vscode.l10n.t('A revert sends no request.'));
      };
      await revertSheet(node.status.path, spec, ctx, noRequest);
      await deps.manifests.refresh();
    }),
  ];
}
