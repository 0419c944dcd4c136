import { OUTPUT_MIME } from '../../core/image/outputFormat';
import * as vscode from 'vscode';
import type {
  ActionResultMessage,
  DetailsMessage,
  ImageBytesMessage,
  ResultActionMessage,
  ReuseSettingsMessage,
} from '../../shared/protocol';
import type { ImageJobRunner } from '../services/imageJobRunner';
import type { SavedImage } from '../services/jobTypes';
import type { Log } from '../services/log';
import { describeInsert, insertImageLink, type LastTextEditor } from './insertIntoDocument';
import type { ResultRegistry } from './resultRegistry';
import { exists } from './resultViews';
import { reuseFromSidecar } from './sidecarRecords';
import { errorMessage } from '../../core/errorMessage';

/** What the result actions need. */
export interface StudioActionsEnv {
  registry: ResultRegistry;
  editors: LastTextEditor;
  log: Log;
  generation: Pick<ImageJobRunner, 'readDetails'>;
  /** Opens the Studio's edit mode on a result ("Edit…" / "Variation…" in the gallery). */
  useAsInput(image: SavedImage, purpose: 'edit' | 'variation'): Promise<void>;
  /** Tells the page that these results left the gallery or lost their file. */
  notify(change: { removed?: string[]; missing?: string[] }): void;
}

const MAX_DETAILS_CHARS = 20000;

/** The per-result actions of the gallery; every id is looked up in the registry, never trusted. */
export class StudioActions {
  constructor(private readonly env: StudioActionsEnv) {}

  /** Runs one action and says what happened. */
  async run(message: ResultActionMessage): Promise<ActionResultMessage> {
    const image = this.env.registry.get(message.resultId);
    if (!image) {
      this.env.log.warn(`Studio: ${message.type} for an unknown or moved result was refused.`);
      return { type: 'actionResult', status: 'failed', message: vscode.l10n.t('That image is no longer in the workspace.') };
    }
    if (message.type === 'removeResult') return this.removeFromGallery(image);
    // Every other action needs the file: say so instead of "Opened …" over VS Code's error.
    if (!(await exists(image.uri))) {
      this.env.notify({ missing: [image.id] });
      return {
        type: 'actionResult',
        status: 'failed',
        message: vscode.l10n.t(
          '{relativePath} is no longer there (deleted or moved). Remove it from the gallery, or generate it again with Use these settings.',
          { relativePath: image.relativePath },
        ),
      };
    }
    try {
      return await this.perform(message, image);
    } catch (err) {
      const text = errorMessage(err);
      this.env.log.error(`Studio: ${message.type} failed for ${image.relativePath}: ${text}`);
      return { type: 'actionResult', status: 'failed', message: text };
    }
  }

  /** The sidecar of a result, pretty-printed and bounded. */
  async details(resultId: string): Promise<DetailsMessage> {
    const image = this.env.registry.get(resultId);
    const details = image && (await this.env.generation.readDetails(image));
    if (!details) return { type: 'details', resultId };
    const json = JSON.stringify(details, null, 2);
    return { type: 'details', resultId, json: json.length > MAX_DETAILS_CHARS ? `${json.slice(0, MAX_DETAILS_CHARS)}\n…` : json };
  }

  /** The image itself (for the clipboard and Compare), or a refusal when unknown or gone. */
  async imageBytes(resultId: string): Promise<ImageBytesMessage> {
    const image = this.env.registry.get(resultId);
    if (!image) throw new Error(vscode.l10n.t('That image is no longer in the workspace.'));
    const bytes = await vscode.workspace.fs.readFile(image.uri).then(
      (b) => new Uint8Array(b),
      () => undefined,
    );
    if (!bytes) {
      this.env.notify({ missing: [image.id] });
      throw new Error(vscode.l10n.t('{relativePath} is no longer there (deleted or moved).', { relativePath: image.relativePath }));
    }
    return { type: 'imageBytes', resultId, bytes, mimeType: OUTPUT_MIME[image.format] };
  }

  /** The settings that made a result, from its sidecar (or what the gallery knows without one). */
  async reuse(resultId: string): Promise<ReuseSettingsMessage> {
    const image = this.env.registry.get(resultId);
    if (!image) throw new Error(vscode.l10n.t('That image is no longer in the workspace.'));
    return { type: 'reuseSettings', resultId, settings: reuseFromSidecar(await this.env.generation.readDetails(image), image) };
  }

  private removeFromGallery(image: SavedImage): ActionResultMessage {
    this.env.registry.remove(image.id);
    this.env.notify({ removed: [image.id] });
    return {
      type: 'actionResult',
      status: 'done',
      message: vscode.l10n.t('Removed {relativePath} from the gallery; the file stays in the workspace.', {
        relativePath: image.relativePath,
      }),
    };
  }

  private async deleteFile(image: SavedImage): Promise<ActionResultMessage> {
    const what = image.sidecarUri
      ? vscode.l10n.t('{relativePath} and its sidecar', { relativePath: image.relativePath })
      : image.relativePath;
    const deleteButton = vscode.l10n.t('Delete');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete {what}?', { what }),
      { modal: true, detail: vscode.l10n.t('The file goes to the trash where the file system has one.') },
      deleteButton,
    );
    if (choice !== deleteButton)
      return {
        type: 'actionResult',
        status: 'notAvailable',
        message: vscode.l10n.t('Kept {relativePath}.', { relativePath: image.relativePath }),
      };
    for (const uri of [image.uri, image.sidecarUri]) {
      if (uri) await vscode.workspace.fs.delete(uri, { useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(uri));
    }
    this.env.registry.remove(image.id);
    this.env.notify({ removed: [image.id] });
    this.env.log.info(`Studio: deleted ${what}.`);
    return { type: 'actionResult', status: 'done', message: vscode.l10n.t('Deleted {what}.', { what }) };
  }

  private async perform(message: ResultActionMessage, image: SavedImage): Promise<ActionResultMessage> {
    const done = (text: string): ActionResultMessage => ({ type: 'actionResult', status: 'done', message: text });
    switch (message.type) {
      case 'openImage':
        await vscode.commands.executeCommand('vscode.open', image.uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return done(vscode.l10n.t('Opened {relativePath}.', { relativePath: image.relativePath }));
      case 'revealImage':
        await vscode.commands.executeCommand('revealInExplorer', image.uri);
        return done(vscode.l10n.t('Revealed {relativePath} in the Explorer.', { relativePath: image.relativePath }));
      case 'copyPath':
        await vscode.env.clipboard.writeText(image.relativePath);
        return done(vscode.l10n.t('Copied {relativePath}.', { relativePath: image.relativePath }));
      case 'insertImage': {
        const editor = await this.env.editors.target();
        if (!editor)
          return {
            type: 'actionResult',
            status: 'failed',
            message: vscode.l10n.t('Open a Markdown or HTML document to insert the image into.'),
          };
        const snippet = await insertImageLink(editor, image);
        return done(describeInsert(editor, snippet));
      }
      case 'deleteResult':
        return this.deleteFile(image);
      case 'removeResult':
        return this.removeFromGallery(image);
      case 'addToAssets': {
        // The same command as the Explorer's, so the entry, the question and the refusals are one.
        const added = await vscode.commands.executeCommand<
          { path?: string; manifest?: string; kept?: boolean; error?: string } | undefined
        >('imageStudio.assets.add', image.uri);
        if (!added || added.error)
          return {
            type: 'actionResult',
            status: 'failed',
            message: added?.error ?? vscode.l10n.t('Could not add {path} to Image Assets.', { path: image.relativePath }),
          };
        if (added.kept)
          return {
            type: 'actionResult',
            status: 'notAvailable',
            message: vscode.l10n.t('Kept the existing entry for {path}.', { path: added.path ?? image.relativePath }),
          };
        return done(
          vscode.l10n.t('Added {asset} to {manifest}.', {
            asset: added.path ?? image.relativePath,
            manifest: vscode.workspace.asRelativePath(vscode.Uri.parse(added.manifest ?? '', true)),
          }),
        );
      }
      case 'useAsInput':
        await this.env.useAsInput(image, message.purpose);
        return done(
          message.purpose === 'edit'
            ? vscode.l10n.t('Editing {relativePath}: paint the area to change, describe the whole new image, then Edit.', {
                relativePath: image.relativePath,
              })
            : vscode.l10n.t('Variations of {relativePath}: choose the options, then Make variations.', {
                relativePath: image.relativePath,
              }),
        );
    }
  }
}
