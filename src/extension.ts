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
  // The Studio panel: Open Studio, and the serializer that restores it after a window reload.
  StudioPanel.register(context, { generation, log, edits: createStudioEditRunner(generation) });
  log.info(`Image Studio activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI).`);
}

/** Nothing to tear down beyond context.subscriptions. */
export function deactivate(): void {}
