import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './host/commands/apiKeyCommands';
import { createVariationCommand } from './host/commands/createVariation';
import { editImageCommand } from './host/commands/editImage';
import { generateImageCommand } from './host/commands/generateImage';
import { ApiKeyStore } from './host/services/apiKeyStore';
import { GenerationService, type SavedImage } from './host/services/generationService';
import { Log } from './host/services/log';
import { createStudioEditRunner } from './host/studio/studioEditJobs';
import { StudioPanel } from './host/studio/studioPanel';
import { addToImageAssets } from './host/assets/addToAssets';
import { registerAssetCommands } from './host/assets/assetsCommands';
import { AssetsModel } from './host/assets/assetsModel';
import { AssetsTreeProvider } from './host/assets/assetsView';
import { registerManifestEditor } from './host/assets/manifestEditor';
import { reportFailure } from './host/commands/jobReporting';
import { configureHostCalendar } from './host/services/hostCalendar';

/**
 * Activation stays light: it wires commands and services; nothing talks to the network or reads
 * images until a command runs.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const calendarWarning = configureHostCalendar(process.env);
  if (calendarWarning) log.warn(calendarWarning);
  const keys = new ApiKeyStore(context.secrets, log);
  const generation = new GenerationService(keys, log);
  // Every image command shows what it saved in the Studio gallery, if the Studio is open or opens.
  const showResults = async (saved: SavedImage[], prompt: string) => StudioPanel.showResults(saved, prompt);
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('imageStudio.setApiKey', (key?: unknown) => setApiKey(keys, log, key)),
    vscode.commands.registerCommand('imageStudio.clearApiKey', () => clearApiKey(keys, log)),
    vscode.commands.registerCommand('imageStudio.generateImage', (args?: unknown) => generateImageCommand({
      generation,
      log,
      showResults,
      state: context.workspaceState,
      openStudio: async (prompt) => { await vscode.commands.executeCommand('imageStudio.openStudio', { prompt }); },
    }, args)),
    vscode.commands.registerCommand('imageStudio.createVariation', (clicked?: unknown, selected?: unknown) =>
      createVariationCommand({ generation, log, showResults }, clicked, selected)),
    vscode.commands.registerCommand('imageStudio.editImage', (clicked?: unknown, selected?: unknown) =>
      editImageCommand({ generation, log, showResults, paintMask: (image, prompt) => StudioPanel.editImage(image, prompt) }, clicked, selected)),
  );
  // Project assets: the Image Assets view, its commands, and the manifest editor's diagnostics and CodeLens.
  const assets = new AssetsModel();
  const tree = new AssetsTreeProvider(assets);
  context.subscriptions.push(
    assets,
    vscode.window.registerTreeDataProvider('imageStudio.assets', tree),
    ...registerAssetCommands({ model: assets, tree, generation, log }),
    ...registerManifestEditor(assets),
    vscode.commands.registerCommand('imageStudio.assets.add', async (clicked?: unknown) => {
      const uri = clicked instanceof vscode.Uri ? clicked : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return { error: reportFailure({ log }, new Error('Choose an image with a provenance sidecar in the Explorer.'), false) };
      try {
        const added = await addToImageAssets(assets, uri);
        void vscode.window.showInformationMessage(`Added ${added.path} to ${vscode.workspace.asRelativePath(vscode.Uri.parse(added.manifest, true))}.`);
        return added;
      } catch (err) {
        return { error: reportFailure({ log }, err, false) };
      }
    }),
  );
  // The Studio panel: Open Studio, and the serializer that restores it after a window reload.
  StudioPanel.register(context, { generation, log, edits: createStudioEditRunner(generation) });
  log.info(`Image Studio activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI).`);
}

/** Nothing to tear down beyond context.subscriptions. */
export function deactivate(): void {}
