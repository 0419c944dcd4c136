import * as vscode from 'vscode';
import type { EditInputView, InputInfo } from '../../shared/protocol';
import { conventionalMask, workspaceUriFromArg } from '../services/workspaceFiles';
import { loadInputImage, type LoadedInput } from '../services/inputImages';

/** How many chosen inputs the host keeps in memory (oldest forgotten first); a Studio edit uses at most 16 plus a mask. */
const MAX_KEPT = 40;

function infoView(input: LoadedInput): InputInfo {
  const { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth, pngColorType } = input.info;
  return {
    format,
    width,
    height,
    hasAlpha,
    hasAlphaChannel,
    animated,
    byteLength,
    bitDepth,
    ...(pngColorType !== undefined ? { pngColorType } : {}),
  };
}

/**
 * The workspace images the Studio may edit, by opaque id. The webview never names a file: it gets
 * ids (with the bytes to show and prepare) from here, and the edit it sends is resolved back to
 * these files for provenance and for where results go.
 */
export class StudioInputs {
  private readonly inputs = new Map<string, LoadedInput>();
  /** Inputs registered so far: their ids are unique for the life of this Studio. */
  private registered = 0;

  /** The input behind an id, or undefined when unknown or forgotten. */
  get(id: string): LoadedInput | undefined {
    return this.inputs.get(id);
  }

  /** Reads a workspace image (header-checked, see loadInputImage) and issues its id; with `withMask`, a `name.mask.png` beside it comes too. */
  async fromUri(uri: vscode.Uri, withMask = true): Promise<EditInputView> {
    if (!workspaceUriFromArg(uri))
      throw new Error(vscode.l10n.t('{name} is not inside the workspace.', { name: uri.path.split('/').pop() }));
    const loaded = await loadInputImage(uri);
    const view = this.register(loaded);
    if (!withMask) return view;
    const maskUri = await conventionalMask(uri);
    if (maskUri) {
      try {
        view.maskFile = await this.fromUri(maskUri, false);
      } catch {
        // An unreadable mask beside the image is simply not offered; the user can still paint one.
      }
    }
    return view;
  }

  /** Lets the user pick a workspace image (open dialog); undefined when cancelled. */
  async choose(purpose: 'image' | 'mask'): Promise<EditInputView | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title:
        purpose === 'mask'
          ? vscode.l10n.t('Image Studio: Choose the mask (PNG, transparent where the image should change)')
          : vscode.l10n.t('Image Studio: Choose an image to edit'),
      canSelectMany: false,
      canSelectFolders: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: purpose === 'mask' ? { 'PNG masks': ['png'] } : { Images: ['png', 'jpg', 'jpeg', 'webp'] },
    });
    const uri = picked?.[0];
    if (!uri) return undefined;
    // The dialog can browse anywhere; only workspace files may be read and uploaded.
    if (!workspaceUriFromArg(uri))
      throw new Error(vscode.l10n.t('Choose a file inside the workspace: the Studio only reads images from the open folders.'));
    return this.fromUri(uri, purpose === 'image');
  }

  /**
   * An image dropped on the Studio: only a URI naming an image file inside the workspace is read
   * (the webview could send anything; a file from outside must be copied in first).
   */
  async fromDrop(text: string): Promise<EditInputView> {
    let uri: vscode.Uri | undefined;
    try {
      uri = vscode.Uri.parse(text, true);
    } catch {
      uri = undefined;
    }
    const inside = uri && workspaceUriFromArg(uri);
    if (!inside)
      throw new Error(
        vscode.l10n.t(
          'Only images inside the workspace can be dropped here: copy the file into the workspace first, or use Choose image….',
        ),
      );
    if (!/\.(png|jpe?g|webp)$/i.test(inside.path))
      throw new Error(vscode.l10n.t('{name} is not a PNG, JPEG or WebP image.', { name: inside.path.split('/').pop() }));
    return this.fromUri(inside);
  }

  private register(loaded: LoadedInput): EditInputView {
    const id = `in-${++this.registered}`;
    this.inputs.set(id, loaded);
    while (this.inputs.size > MAX_KEPT) this.inputs.delete(this.inputs.keys().next().value as string);
    // A copy: a Buffer from workspace.fs may be a pooled view and must reach the webview as plain bytes.
    return {
      id,
      name: loaded.name,
      bytes: new Uint8Array(loaded.bytes),
      mimeType: loaded.input.mimeType ?? 'application/octet-stream',
      info: infoView(loaded),
    };
  }
}
