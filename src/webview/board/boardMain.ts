// Entry of the assets board bundle (dist/board.js): the only file of the board that touches the
// VS Code webview API.
import type { FromBoard } from '../../shared/boardProtocol';
import { installCatalogue } from '../l10n';
import { BoardApp, type BoardState } from './boardApp';

interface VsCodeApi {
  postMessage(message: FromBoard): void;
  getState(): unknown;
  setState(state: BoardState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

installCatalogue();
const vscode = acquireVsCodeApi();
new BoardApp({
  postMessage: (m) => vscode.postMessage(m),
  getState: () => vscode.getState(),
  setState: (s) => vscode.setState(s),
  onMessage: (listener) => window.addEventListener('message', (event: MessageEvent<unknown>) => listener(event.data)),
}).start();
