// Drag and drop of input images onto the Studio. VS Code's Explorer (and the OS, through VS Code)
// hands a webview URIs in its drag data (`text/uri-list`, hold Shift to drop into a webview); the
// host reads only files inside the workspace. A drop with bare files and no URI says what to do.
import { t } from '../l10n';

/** What dropping asks of the app. */
export interface DropHost {
  /** Reads one dropped URI as an input (the host checks it); resolves when it was added. */
  drop(uri: string): Promise<void>;
  say(text: string, kind?: 'info' | 'error'): void;
}

const URI_TYPES = ['application/vnd.code.uri-list', 'text/uri-list'];

/** The URIs in drag data (comments and blank lines of a uri-list skipped), at most `max`. */
export function droppedUris(data: Pick<DataTransfer, 'getData' | 'types'>, max = 16): string[] {
  for (const type of URI_TYPES) {
    if (!data.types.includes(type)) continue;
    const uris = data
      .getData(type)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    if (uris.length) return uris.slice(0, max);
  }
  return [];
}

/** Makes the whole page a drop target for input images. */
export function wireDrops(root: HTMLElement, host: DropHost): void {
  const accepts = (e: DragEvent) =>
    !!e.dataTransfer &&
    [...URI_TYPES, 'Files'] /* l10n-ignore: a data type */
      .some((t) => e.dataTransfer!.types.includes(t));
  root.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    root.classList.add('drop-target');
  });
  root.addEventListener('dragleave', (e) => {
    if (e.target === root || !root.contains(e.relatedTarget as Node | null)) root.classList.remove('drop-target');
  });
  root.addEventListener('drop', (e) => {
    root.classList.remove('drop-target');
    if (!e.dataTransfer || !accepts(e)) return;
    e.preventDefault();
    const uris = droppedUris(e.dataTransfer);
    if (!uris.length) {
      host.say(
        t(
          'Drop images from the Explorer (hold Shift while dropping into the Studio); files from outside the workspace must be copied into it first.',
        ),
        'error',
      );
      return;
    }
    void (async () => {
      for (const uri of uris) await host.drop(uri);
    })();
  });
}
