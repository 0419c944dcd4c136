// Which workspace images have a provenance sidecar (`<image>.json`), as a context key, so the
// Explorer offers "Add to Image Assets" only on those: on an image without one the command could
// only say it has nothing to declare the asset from. Kept current by a file watcher.
import * as vscode from 'vscode';

/** The context key: an object whose keys are the images' paths (as `resourcePath` spells them). */
export const SIDECAR_IMAGES_KEY = 'imageStudio.imagesWithSidecar';

const SIDECARS = '**/*.{png,jpg,jpeg,webp,PNG,JPG,JPEG,WEBP}.json';
const EXCLUDE = '**/{node_modules,.git,.image-studio}/**';
/** Enough for any real project; past it the menu shows for the first ones found. */
const MAX_SIDECARS = 20_000;

/** Keeps the context key listing the images that have a sidecar. */
export class SidecarImages implements vscode.Disposable {
  private readonly images = new Set<string>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(SIDECARS);
  private readonly disposables: vscode.Disposable[] = [this.watcher];

  constructor() {
    this.disposables.push(
      this.watcher.onDidCreate((uri) => this.update(uri, true)),
      this.watcher.onDidDelete((uri) => this.update(uri, false)),
    );
  }

  /** Finds the sidecars already there. */
  async start(): Promise<void> {
    for (const uri of await vscode.workspace.findFiles(SIDECARS, EXCLUDE, MAX_SIDECARS)) this.images.add(imageOf(uri).toString());
    await this.publish();
  }

  /** Whether the image has a sidecar, as far as the watcher knows. */
  has(image: vscode.Uri): boolean {
    return this.images.has(image.toString());
  }

  private update(sidecar: vscode.Uri, present: boolean): void {
    if (sidecar.path.includes('/.image-studio/') || sidecar.path.includes('/node_modules/')) return;
    const key = imageOf(sidecar).toString();
    if (present === this.images.has(key)) return;
    if (present) this.images.add(key);
    else this.images.delete(key);
    void this.publish();
  }

  // `resourcePath` is the file system path for file: resources and the Uri's path otherwise (a
  // remote window's Explorer): both are listed.
  private async publish(): Promise<void> {
    const keys: Record<string, true> = {};
    for (const text of this.images) {
      const uri = vscode.Uri.parse(text, true);
      keys[uri.path] = true;
      if (uri.scheme === 'file') keys[uri.fsPath] = true; // a name to match, no disk access
    }
    await vscode.commands.executeCommand('setContext', SIDECAR_IMAGES_KEY, keys);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function imageOf(sidecar: vscode.Uri): vscode.Uri {
  return sidecar.with({ path: sidecar.path.replace(/\.json$/i, '') });
}
