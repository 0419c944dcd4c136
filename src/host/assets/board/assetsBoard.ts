// The assets board: a panel of its own with every asset of the workspace's manifests as a picture
// with its state, filters, the estimate to build what is stale, and one click to build, review,
// keep, revert or open each. It follows the Image Assets view (same manifests, same marks), and a
// window reload brings it back (a serializer). Actions run the Image Assets commands.
import * as vscode from 'vscode';
import { parseFromBoard, type BoardAction, type FromBoard } from '../../../shared/boardProtocol';
import type { Log } from '../../services/log';
import { createNonce } from '../../studio/studioHtml';
import type { AssetManifests } from '../assetManifests';
import type { BatchTracker } from '../batchTracker';
import { buildBoard, type BoardTargets, type SizeCache } from './boardData';
import { renderBoardHtml } from './boardHtml';
import type { PriceTable } from '../../../core/pricing';

const VIEW_TYPE = 'imageStudio.assetsBoard';

/** The command each action runs. */
const COMMANDS: Record<BoardAction, string> = {
  build: 'imageStudio.assets.build',
  rebuild: 'imageStudio.assets.rebuild',
  review: 'imageStudio.assets.review',
  keep: 'imageStudio.assets.keep',
  revert: 'imageStudio.assets.revert',
  open: 'imageStudio.assets.open',
};

/** What the board needs from activate(). */
export interface BoardDeps {
  extensionUri: vscode.Uri;
  manifests: AssetManifests;
  batches?: BatchTracker;
  prices: () => PriceTable;
  log: Log;
}

/** The one board panel of the window. */
export class AssetsBoard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private targets: BoardTargets = new Map();
  private readonly sizes: SizeCache = new Map();
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private sending: Promise<void> = Promise.resolve();
  /** A send is queued and not started yet: changes until then are covered by it. */
  private queued = false;

  constructor(private readonly deps: BoardDeps) {
    const again = (): void => this.update();
    this.disposables.push(deps.manifests.onDidChange(again), ...(deps.batches ? [deps.batches.onDidChange(again)] : []));
  }

  /** Registers Open Assets Board and the serializer that restores the board after a reload. */
  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('imageStudio.assets.openBoard', () => this.open()),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: async (panel) => this.adopt(panel) }),
      this,
    ];
  }

  /** Reveals the board, or creates it; returns what it shows once the page has it. */
  open(): { cards: number } {
    if (this.panel) this.panel.reveal();
    else this.adopt(vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Assets Board'), vscode.ViewColumn.Active, this.options()));
    return { cards: this.targets.size };
  }

  private options(): vscode.WebviewOptions {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.deps.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.deps.extensionUri, 'media'),
        ...roots,
      ],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.options();
    const asset = (...path: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...path)).toString();
    panel.webview.html = renderBoardHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'board.js'),
      styleUri: asset('media', 'board.css'),
      catalogue: vscode.l10n.bundle,
      language: vscode.env.language,
    });
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => {
        for (const d of subscriptions) d.dispose();
        if (this.panel === panel) this.panel = undefined;
      }),
    ];
  }

  /** Takes one message from the page; anything not exactly a board message is refused and logged. */
  async receive(raw: unknown): Promise<FromBoard | undefined> {
    const message = parseFromBoard(raw);
    if (!message) {
      this.deps.log.warn('Assets board: refused a message from the webview.');
      return undefined;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.update();
      return message;
    }
    const target = this.targets.get(message.id);
    if (!target) return undefined;
    await vscode.commands.executeCommand(COMMANDS[message.action], { manifest: target.manifest, path: target.path });
    return message;
  }

  /** Sends the board again (after any change of the manifests, marks or batches), one send at a time. */
  update(): void {
    const panel = this.panel;
    if (!panel || !this.ready || this.queued) return;
    this.queued = true;
    this.sending = this.sending
      .then(async () => {
        this.queued = false;
        const { message, targets } = await buildBoard({
          manifests: this.deps.manifests,
          batches: this.deps.batches,
          prices: this.deps.prices(),
          webview: panel.webview,
          sizes: this.sizes,
        });
        this.targets = targets;
        await panel.webview.postMessage(message);
      })
      .catch((e: unknown) => this.deps.log.warn(`Assets board: could not be updated: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Waits for the sends under way (the tests read the board after it). */
  settled(): Promise<void> {
    return this.sending;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel?.dispose();
  }
}
