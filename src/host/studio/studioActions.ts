import * as vscode from 'vscode';
import type { ActionResultMessage, DetailsMessage, ResultActionMessage } from '../../shared/protocol';
import type { GenerationService, SavedImage } from '../services/generationService';
import type { Log } from '../services/log';
import { describeInsert, insertImageLink, type LastTextEditor } from './insertIntoDocument';
import type { ResultRegistry } from './resultRegistry';

/** What the result actions need. */
export interface StudioActionsEnv {
  registry: ResultRegistry;
  editors: LastTextEditor;
  log: Log;
  generation: Pick<GenerationService, 'readDetails'>;
  /** Opens the Studio's edit mode on a result ("Edit…" / "Variation…" in the gallery). */
  useAsInput(image: SavedImage, purpose: 'edit' | 'variation'): Promise<void>;
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
      return { type: 'actionResult', status: 'failed', message: 'That image is no longer in the workspace.' };
    }
    try {
      return await this.perform(message, image);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
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

  private async perform(message: ResultActionMessage, image: SavedImage): Promise<ActionResultMessage> {
    const done = (text: string): ActionResultMessage => ({ type: 'actionResult', status: 'done', message: text });
    switch (message.type) {
      case 'openImage':
        await vscode.commands.executeCommand('vscode.open', image.uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return done(`Opened ${image.relativePath}.`);
      case 'revealImage':
        await vscode.commands.executeCommand('revealInExplorer', image.uri);
        return done(`Revealed ${image.relativePath} in the Explorer.`);
      case 'copyPath':
        await vscode.env.clipboard.writeText(image.relativePath);
        return done(`Copied ${image.relativePath}.`);
      case 'insertImage': {
        const editor = await this.env.editors.target();
        if (!editor) return { type: 'actionResult', status: 'failed', message: 'Open a Markdown or HTML document to insert the image into.' };
        const snippet = await insertImageLink(editor, image);
        return done(describeInsert(editor, snippet));
      }
      case 'useAsInput':
        await this.env.useAsInput(image, message.purpose);
        return done(message.purpose === 'edit'
          ? `Editing ${image.relativePath}: paint the area to change, describe the whole new image, then Edit.`
          : `Variations of ${image.relativePath}: choose the options, then Make variations.`);
    }
  }
}
