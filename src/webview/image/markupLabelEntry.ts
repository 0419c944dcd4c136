// Where a text label of Annotate mode is typed: a small labelled field over the drawing area at the
// label's point. Enter keeps it, Escape drops it, leaving the field keeps what was typed.
import type { MarkupPoint } from './markupShapes';
import { t } from '../l10n';

/** Longest label, in characters: a note, not a paragraph. */
export const MAX_LABEL = 120;

/** The field for one label at a time. */
export class MarkupLabelEntry {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private at: MarkupPoint | undefined;

  /** `done` receives the label (or nothing, when dropped or empty) and whether a key closed the field. */
  constructor(private readonly done: (label: { at: MarkupPoint; text: string } | undefined, byKey: boolean) => void) {
    this.input = document.createElement('input');
    this.input.type = 'text';
    this.input.id = 'markup-text';
    this.input.maxLength = MAX_LABEL;
    const label = document.createElement('label');
    label.htmlFor = this.input.id;
    label.textContent = t('Label');
    this.element = document.createElement('div');
    this.element.className = 'markup-painter__text';
    this.element.hidden = true;
    this.element.append(label, this.input);
    this.input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== 'Escape') return;
      e.preventDefault();
      // Escape closes the field only: the Studio would otherwise cancel its running job.
      e.stopPropagation();
      this.close(e.key === 'Enter', true);
    });
    this.input.addEventListener('blur', () => this.close(true, false));
  }

  /** Opens the field at `at`, placed at `left`/`top` percent of the drawing area. */
  open(at: MarkupPoint, left: number, top: number): void {
    this.at = at;
    // Percentages keep the field over its point at any displayed size; kept clear of the far edges.
    this.element.style.left = `${Math.min(70, left)}%`;
    this.element.style.top = `${Math.min(85, top)}%`;
    this.element.hidden = false;
    this.input.value = '';
    this.input.focus();
  }

  private close(keep: boolean, byKey: boolean): void {
    const at = this.at;
    if (!at) return;
    this.at = undefined;
    this.element.hidden = true;
    const text = this.input.value.trim().slice(0, MAX_LABEL);
    this.done(keep && text ? { at, text } : undefined, byKey);
  }
}
