import * as vscode from 'vscode';
import { DEFAULT_PRICES, mergePrices } from '../../core/pricing';
import type { PriceTable } from '../../shared/protocol';
import type { Log } from '../services/log';
import { relativeToFolder } from '../services/outputLocation';
import { readOutputSettings } from '../services/settings';

/** The price table: the built-in one with the user's `imageStudio.prices` rows over it. */
export function studioPrices(log?: Log): PriceTable {
  const { table, problems } = mergePrices(DEFAULT_PRICES, vscode.workspace.getConfiguration('imageStudio').get<unknown>('prices'));
  for (const p of problems) log?.warn(p);
  return table;
}

/** Where new images go in the first workspace folder, as the setting says (relative). */
export function outputFolderLabel(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? readOutputSettings(folder.uri).outputFolder.replace(/^\.\/|\/+$/g, '') || '.' : undefined;
}

/**
 * Lets the user pick the output folder with a folder dialog. Only a folder inside the workspace
 * folder is accepted; it is stored relative, in the folder's settings (where outputFolder lives).
 */
export async function chooseOutputFolder(): Promise<{ outputFolder?: string; message?: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return { message: vscode.l10n.t('Open a folder first: images are written into the workspace.') };
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Image Studio: Folder for new images'),
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.Uri.joinPath(folder.uri, outputFolderLabel() ?? ''),
    openLabel: vscode.l10n.t('Save images here'),
  });
  const uri = picked?.[0];
  if (!uri) return { outputFolder: outputFolderLabel() };
  const inside = vscode.workspace.getWorkspaceFolder(uri);
  if (!inside) throw new Error(vscode.l10n.t('Choose a folder inside the workspace: Image Studio only writes there.'));
  const relative = relativeToFolder(inside, uri) || '.';
  await vscode.workspace
    .getConfiguration('imageStudio', inside.uri)
    .update('outputFolder', relative, vscode.ConfigurationTarget.WorkspaceFolder);
  return {
    outputFolder: relative,
    message: vscode.l10n.t('New images go to {relative}/ (imageStudio.outputFolder in {name}).', { relative, name: inside.name }),
  };
}
