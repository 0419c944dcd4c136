// The status line and the progress row. A new job clears the last job's words ("Cancelled." must
// not stay while the next one runs), and errors, warnings and successes look different: a mark,
// a colour and a border, not only the text.
import { h } from './dom';
import { t } from '../l10n';

/** How a status message reads: its mark and colour. */
export type StatusKind = 'info' | 'ok' | 'warning' | 'error';

const MARKS: Record<StatusKind, string> = { info: '', ok: '✓', warning: '!', error: '✕' };
const WORDS: Record<StatusKind, string> = { info: '', ok: '', warning: 'Warning: ', error: 'Error: ' };

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
    const word = WORDS[kind] ? h('span', { class: 'visually-hidden' }, WORDS[kind]) : undefined;
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
