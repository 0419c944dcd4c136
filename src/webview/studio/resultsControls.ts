// The controls around the gallery: the search and filters (narrowing the cards shown), the
// workspace history, the running total, and the output folder line with its Change… button.
import type { ReplyTo, StudioRequest } from '../../shared/studioReplies';
import { totalText, updateModelFilter } from './composerExtras';
import { byId, h } from './dom';
import type { Gallery } from './gallery';
import type { StatusKind } from './studioStatus';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../l10n';

/** What the controls ask of the app. */
export interface ResultsControlsHost {
  request<M extends StudioRequest>(message: M): Promise<ReplyTo<M>>;
  say(text: string, kind?: StatusKind): void;
}

/** Owns #filter-*, #load-history, #total, #output-folder and #choose-output. */
export class ResultsControls {
  private readonly text = byId('filter-text', HTMLInputElement);
  private readonly model = byId('filter-model', HTMLSelectElement);
  private readonly kind = byId('filter-kind', HTMLSelectElement);

  constructor(
    private readonly gallery: Gallery,
    private readonly host: ResultsControlsHost,
  ) {
    for (const el of [this.text, this.model, this.kind]) el.addEventListener('input', () => this.filter());
    byId('load-history', HTMLButtonElement).addEventListener('click', () => void this.loadHistory());
    byId('choose-output', HTMLButtonElement).addEventListener('click', () => void this.chooseOutputFolder());
  }

  /** The gallery changed: the model choices, the filter and the total follow. */
  changed(): void {
    updateModelFilter(this.model, this.gallery.allViews());
    this.filter();
  }

  /** Shows where new images go: the folder by its name, or in words when there is none (no folder open). */
  showOutputFolder(folder: string | undefined): void {
    byId('output-folder-line', HTMLElement).replaceChildren(
      ...(folder
        ? [`${t('Saving to')} `, h('code', { id: 'output-folder' }, `${folder}/`)]
        : [t('No folder is open: open one to save images.')]),
    );
  }

  // The total counts what the filter shows, never the results it hides.
  private filter(): void {
    const shown = this.gallery.applyFilter({ text: this.text.value, model: this.model.value, kind: this.kind.value });
    const filtered = shown.length < this.gallery.allViews().length;
    byId('total', HTMLElement).textContent = totalText(shown, filtered);
  }

  private async loadHistory(): Promise<void> {
    this.host.say(t('Reading the sidecars in the workspace…'));
    try {
      const reply = await this.host.request({ type: 'history' });
      this.gallery.setResults(reply.results);
      this.changed();
      const count = reply.results.length;
      const args = { count };
      this.host.say(
        reply.truncated
          ? count === 1
            ? t('1 image in the workspace history (the newest; more exist).')
            : t('{count} images in the workspace history (the newest; more exist).', args)
          : count === 1
            ? t('1 image in the workspace history.')
            : t('{count} images in the workspace history.', args),
        'ok',
      );
    } catch (err) {
      this.host.say(errorMessage(err), 'error');
    }
  }

  private async chooseOutputFolder(): Promise<void> {
    try {
      const reply = await this.host.request({ type: 'chooseOutputFolder' });
      this.showOutputFolder(reply.outputFolder);
      if (reply.message) this.host.say(reply.message, 'ok');
    } catch (err) {
      this.host.say(errorMessage(err), 'error');
    }
  }
}
