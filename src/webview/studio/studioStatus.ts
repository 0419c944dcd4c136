// The status line and the progress row. A new job clears the last job's words ("Cancelled." must
// not stay while the next one runs), and errors, warnings and successes look different: a mark,
// a colour and a border, not only the text.
import { h } from './dom';
import { t } from '../l10n';

/** How a status message reads: its mark and colour. */
export type StatusKind = 'info' | 'ok' | 'warning' | 'error';

const MARKS: Record<StatusKind, string> = { info: '', ok: '✓', warning: '!', error: '✕' };

/** The word a screen reader hears before a warning or an error (looked up when said: the catalogue is installed by then). */
function kindWord(kind: StatusKind): string {
  if (kind === 'warning') return t('Warning: ');
  if (kind === 'error') return t('Error: ');
  return '';
}

/** Owns #status and #progress. */
export class StudioStatus {
  constructor(
    private readonly status: HTMLElement,
    private readonly progressRow: HTMLElement,
  ) {}

  /** Says one thing, replacing what was said. */
  say(text: string, kind: StatusKind = 'info'): void {
    this.status.dataset.kind = kind;
    // Screen readers hear the kind as a word; sighted users see the mark.
    const mark = MARKS[kind] ? h('span', { class: 'status-mark', 'aria-hidden': 'true' }, MARKS[kind]) : undefined;
    const spoken = kindWord(kind);
    const word = spoken ? h('span', { class: 'visually-hidden' }, spoken) : undefined;
    this.status.replaceChildren(...[mark, word].filter((n): n is HTMLSpanElement => n !== undefined), text);
    this.status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  }

  /** Forgets the last message (a new job starts). */
  clear(): void {
    this.status.replaceChildren();
    delete this.status.dataset.kind;
  }

  /** The running job's stage. */
  progress(text: string): void {
    const label = this.progressRow.querySelector('.stage');
    if (label) label.textContent = text;
  }

  /** Shows or hides the progress row. */
  busy(busy: boolean, stage?: string): void {
    this.progressRow.hidden = !busy;
    this.progress(busy ? (stage ?? t('Working…')) : '');
  }
}
