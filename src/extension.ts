import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './host/commands/apiKeyCommands';
import { createVariationCommand } from './host/commands/createVariation';
import { editImageCommand } from './host/commands/editImage';
import { generateImageCommand } from './host/commands/generateImage';
import { ApiKeyStore } from './host/services/apiKeyStore';
import { ImageJobRunner } from './host/services/imageJobRunner';
import type { SavedImage } from './host/services/jobTypes';
import { Log } from './host/services/log';
import { createStudioEditRunner } from './host/studio/studioEditJobs';
import { StudioPanel } from './host/studio/studioPanel';
import { ModelLifecycle } from './host/services/modelLifecycle';
import { migrateRetiredDefaults } from './host/services/retiredModels';
import { readProviderConfig } from './host/services/settings';
import { UserModelSettings } from './host/services/userModelSettings';

/** What activate() returns: a hook for the integration tests to pin "today" (never the clock). */
export interface ImageStudioApi {
  pinToday(day: string | undefined): void;
  /**
   * The confirmation VS Code shows before an agent tool call (title and text, as its dialog shows
   * them), or undefined when the call needs none: for the integration tests, since VS Code skips
   * its dialogs while extension tests run.
   */
  agentToolConfirmation(name: string, input: unknown): Promise<{ title: string; message: string } | undefined>;
}
import { addToImageAssets } from './host/assets/addToAssets';
import { registerAssetCommands } from './host/assets/assetsCommands';
import { registerSheetCommands } from './host/assets/sheetCommands';
import { AssetManifests } from './host/assets/assetManifests';
import { AssetsTreeProvider } from './host/assets/assetsView';
import { BatchTracker } from './host/assets/batchTracker';
import { studioPrices } from './host/studio/studioSettings';
import { registerManifestEditor } from './host/assets/manifestEditor';
import { showBuildEstimate } from './host/assets/assetsEstimate';
import { reportFailure } from './host/commands/jobReporting';
import { HostCalendar } from './host/services/hostCalendar';
import type { ExternalJobMessage } from './shared/protocol';
import { useTranslator } from './core/l10n';
import { prepareAgentTool, registerLanguageModelTools } from './host/agent/languageModelTools';
import { registerMcpServerDefinitions } from './host/agent/mcpServerDefinitions';
import { errorMessage } from './core/errorMessage';
import { SidecarImages } from './host/assets/sidecarImages';
import { registerVersionFileSystem } from './host/assets/versionFileSystem';
import { AssetsBoard } from './host/assets/board/assetsBoard';

/**
 * Activation stays light: it wires commands and services; nothing talks to the network or reads
 * images until a command runs (the models list is asked when a job starts, in the background).
 */
export function activate(context: vscode.ExtensionContext): ImageStudioApi {
  // Core's messages (shared with the CLI) are translated with the extension's bundle too
  // (l10n-ignore: a pass-through; core's t() calls are in the bundle).
  useTranslator((message, args) => vscode.l10n.t(message, args));
  const log = new Log();
  const calendar = new HostCalendar(process.env);
  if (calendar.warning) log.warn(calendar.warning);
  const keys = new ApiKeyStore(context.secrets, log);
  const lifecycle = new ModelLifecycle(context.globalState, (input, init) => fetch(input, init), log, calendar);
  // The models every job, form and check sees: rebuilt when imageStudio.models changes.
  const userModels = new UserModelSettings(log);
  userModels.reload();
  const generation = new ImageJobRunner(keys, log, calendar, () => userModels.catalogue, undefined, lifecycle);
  const migrate = () => migrateRetiredDefaults(userModels.catalogue, lifecycle, context.workspaceState, log);
  void migrate();
  // Every image command shows its progress and what it saved in the Studio gallery, without opening it.
  const showResults = async (saved: SavedImage[], prompt: string) => StudioPanel.showResults(saved, prompt);
  const jobProgress = (message: ExternalJobMessage) => StudioPanel.externalJob(message);
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('imageStudio.setApiKey', (key?: unknown) => setApiKey(keys, log, key)),
    vscode.commands.registerCommand('imageStudio.clearApiKey', () => clearApiKey(keys, log)),
    vscode.commands.registerCommand('imageStudio.generateImage', (args?: unknown) =>
      generateImageCommand(
        {
          generation,
          log,
          showResults,
          jobProgress,
          state: context.workspaceState,
          openStudio: async (prompt) => {
            await vscode.commands.executeCommand('imageStudio.openStudio', { prompt });
          },
        },
        args,
      ),
    ),
    vscode.commands.registerCommand('imageStudio.refreshModels', async () => {
      const provider = readProviderConfig();
      const { key } = await keys.resolve();
      const answer = await lifecycle.refreshNow(provider, key ?? '');
      await migrate();
      const dated = answer?.models.filter((m) => m.shutdownDate && userModels.catalogue.isKnown(m.id)) ?? [];
      const datedList = dated.map((m) => `${m.id} (${m.shutdownDate})`).join(', ');
      void vscode.window.showInformationMessage(
        !answer
          ? vscode.l10n.t('Image Studio: the server does not list its models; the built-in table decides.')
          : dated.length
            ? vscode.l10n.t('Image Studio: the server lists {count} models; shutdown dates for {dated}.', {
                count: answer.models.length,
                dated: datedList,
              })
            : vscode.l10n.t('Image Studio: the server lists {count} models.', { count: answer.models.length }),
      );
      return answer ? { fetchedOn: answer.fetchedOn, models: answer.models.length } : undefined;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('imageStudio.models')) {
        userModels.reload();
        void migrate();
      }
    }),
    vscode.commands.registerCommand('imageStudio.createVariation', (clicked?: unknown, selected?: unknown) =>
      createVariationCommand({ generation, log, showResults, jobProgress }, clicked, selected),
    ),
    vscode.commands.registerCommand('imageStudio.editImage', (clicked?: unknown, selected?: unknown) =>
      editImageCommand(
        { generation, log, showResults, jobProgress, paintMask: (image, prompt) => StudioPanel.editImage(image, prompt) },
        clicked,
        selected,
      ),
    ),
  );
  // Project assets: the Image Assets view, its commands, and the manifest editor's diagnostics and CodeLens.
  const assets = new AssetManifests(calendar, () => userModels.catalogue, context.workspaceState);
  const sidecarImages = new SidecarImages();
  void sidecarImages.start().catch((e: unknown) => log.warn(`Images with sidecars could not be listed: ${errorMessage(e)}`));
  // Batch runs are read back from .image-studio/batches/ and polled again: a reload loses none.
  const batches = new BatchTracker(assets, () => generation.batchApi(), log);
  const tree = new AssetsTreeProvider(assets, batches);
  const assetsView = vscode.window.createTreeView('imageStudio.assets', { treeDataProvider: tree });
  void batches.start().catch((e: unknown) => log.warn(`Batch runs could not be read: ${e instanceof Error ? e.message : String(e)}`));
  context.subscriptions.push(
    assets,
    batches,
    assetsView,
    showBuildEstimate(assetsView, assets, () => studioPrices(log)),
    sidecarImages,
    registerVersionFileSystem(),
    ...registerAssetCommands({ manifests: assets, tree, generation, log, tracker: batches, prices: () => studioPrices(log) }),
    ...registerSheetCommands({ manifests: assets, tree, generation, log }),
    ...registerManifestEditor(assets),
    ...new AssetsBoard({ extensionUri: context.extensionUri, manifests: assets, batches, prices: () => studioPrices(log), log }).register(),
    vscode.commands.registerCommand('imageStudio.assets.add', async (clicked?: unknown) => {
      const uri = clicked instanceof vscode.Uri ? clicked : vscode.window.activeTextEditor?.document.uri;
      if (!uri)
        return {
          error: reportFailure({ log }, new Error(vscode.l10n.t('Choose an image with a provenance sidecar in the Explorer.')), false),
        };
      try {
        const added = await addToImageAssets(assets, uri);
        if (!added.kept)
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Added {asset} to {manifest}.', {
              asset: added.path,
              manifest: vscode.workspace.asRelativePath(vscode.Uri.parse(added.manifest, true)),
            }),
          );
        return added;
      } catch (err) {
        return { error: reportFailure({ log }, err, false) };
      }
    }),
  );
  // The agent door: language-model tools for VS Code's agents, and the MCP server in VS Code's MCP list (1.101+).
  context.subscriptions.push(
    ...registerLanguageModelTools({ generation, keys, log }),
    ...registerMcpServerDefinitions({
      extensionUri: context.extensionUri,
      version: String((context.extension.packageJSON as { version?: unknown }).version ?? ''),
      keys,
      log,
    }),
  );
  // The Studio panel: Open Studio, and the serializer that restores it after a window reload.
  StudioPanel.register(context, { generation, log, edits: createStudioEditRunner(generation), lifecycle });
  log.info(`Image Studio activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI).`);
  return {
    pinToday: (day) => calendar.pin(day),
    agentToolConfirmation: async (name, input) => {
      const confirmation = (await prepareAgentTool(name, input, { generation, keys, log })).confirmationMessages;
      if (!confirmation) return undefined;
      const { message } = confirmation;
      // The markdown's escapes removed: the text as the dialog shows it.
      const text = typeof message === 'string' ? message : message.value.replace(/&nbsp;/g, ' ').replace(/\\([^A-Za-z0-9\s])/g, '$1');
      return { title: confirmation.title, message: text };
    },
  };
}

/** Nothing to tear down beyond context.subscriptions. */
export function deactivate(): void {}
