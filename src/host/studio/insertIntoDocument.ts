import * as vscode from 'vscode';
import type { SavedImage } from '../services/jobTypes';
import { imageSnippet, linkStyleFor, onOwnLine, relativeTo } from './insertSnippet';

/**
 * Remembers the last text editor the user worked in. While the Studio has focus VS Code reports no
 * active text editor, so "insert into the active document" means the one active just before.
 */
export class LastTextEditor implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e && e.document.uri.scheme !== 'output') this.last = e;
  });

  /**
   * The editor to insert into: the active one, else the last active one if still visible, else the
   * first visible one. When the Studio covers the last document, that document is shown beside it
   * (without taking focus) so the user sees what was inserted.
   */
  async target(): Promise<vscode.TextEditor | undefined> {
    const visible = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme !== 'output');
    const last = this.last && visible.find((e) => e.document === this.last?.document);
    const found = vscode.window.activeTextEditor ?? last ?? visible[0];
    if (found || !this.last || this.last.document.isClosed) return found;
    return vscode.window.showTextDocument(this.last.document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: false,
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Inserts a link to the image at each selection of the editor; returns the inserted text. */
export async function insertImageLink(editor: vscode.TextEditor, image: SavedImage): Promise<string> {
  const doc = editor.document;
  // An untitled document has no folder of its own: link relative to the workspace folder.
  const sameSpace = doc.uri.scheme === image.uri.scheme && doc.uri.authority === image.uri.authority && !doc.isUntitled;
  const relative = sameSpace ? relativeTo(doc.uri.path, image.uri.path) : image.relativePath;
  const snippet = imageSnippet(doc.languageId, relative, image.prompt);
  const ok = await editor.edit((edit) => {
    for (const selection of editor.selections) {
      const before = doc.lineAt(selection.start.line).text.slice(0, selection.start.character);
      const after = doc.lineAt(selection.end.line).text.slice(selection.end.character);
      const above = selection.start.line > 0 ? doc.lineAt(selection.start.line - 1).text : '';
      const below = selection.end.line + 1 < doc.lineCount ? doc.lineAt(selection.end.line + 1).text : '';
      edit.replace(selection, onOwnLine(doc.languageId, snippet, before, after, above, below));
    }
  });
  if (!ok) throw new Error(vscode.l10n.t('Could not insert into {document}.', { document: vscode.workspace.asRelativePath(doc.uri) }));
  return snippet;
}

/** Words for the status line: what was inserted, where, in which style. */
export function describeInsert(editor: vscode.TextEditor, snippet: string): string {
  const style = linkStyleFor(editor.document.languageId);
  const args = { document: vscode.workspace.asRelativePath(editor.document.uri), snippet };
  if (style === 'markdown') return vscode.l10n.t('Inserted a Markdown image into {document}: {snippet}', args);
  if (style === 'html') return vscode.l10n.t('Inserted an <img> tag into {document}: {snippet}', args);
  return vscode.l10n.t('Inserted a path into {document}: {snippet}', args);
}
