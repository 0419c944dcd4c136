// Entry of the Studio webview bundle (dist/webview.js). The only file that touches the VS Code
// webview API; everything else gets it through StudioHostBridge, so tests can stand in for it.
import type { Envelope, FromWebview } from '../shared/protocol';
import { installCatalogue } from './l10n';
import { StudioApp, type SavedState } from './studio/studioApp';

interface VsCodeApi {
  postMessage(message: Envelope<FromWebview>): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// The catalogue first: the app builds part of its page in its constructor.
installCatalogue();
const vscode = acquireVsCodeApi();
const app = new StudioApp({
  postMessage: (message) => vscode.postMessage(message),
  getState: () => vscode.getState(),
  setState: (state) => vscode.setState(state),
  onMessage: (listener) => window.addEventListener('message', (event: MessageEvent<unknown>) => listener(event.data)),
});
void app.start().catch((err: unknown) => console.error('Image Studio: the Studio could not start', err));
