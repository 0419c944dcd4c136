// The Annotate mode's toolbar: the four tools, the colours and undo/redo/clear, as real buttons
// whose accessible names are their visible words (the shortcut is a description and
// aria-keyshortcuts). Built with createElement (no HTML strings), styled by media/markupPainter.css.
import type { MarkupTool } from './markupShapes';
import { t } from '../l10n';

/** A colour a note can have: strong, distinct hues the model reads as marks, not theme colours. */
export interface MarkupColour {
  value: string;
  label: () => string;
}

/** The palette, in the order of the 1–5 keys. */
export const MARKUP_COLOURS: readonly MarkupColour[] = [
  { value: '#e5202e', label: () => t('Red') },
  { value: '#ffd400', label: () => t('Yellow') },
  { value: '#1fa83a', label: () => t('Green') },
  { value: '#1f6fe5', label: () => t('Blue') },
  { value: '#ffffff', label: () => t('White') },
];

/** The toolbar's buttons, for the painter to wire and keep in sync. */
export interface MarkupToolbar {
  element: HTMLElement;
  tools: Record<MarkupTool, HTMLButtonElement>;
  colours: HTMLButtonElement[];
  undo: HTMLButtonElement;
  redo: HTMLButtonElement;
  clear: HTMLButtonElement;
}

/** Builds the toolbar; `act` receives each button's meaning when it is pressed. */
export function buildMarkupToolbar(
  act: (action: { tool: MarkupTool } | { colour: string } | { command: 'undo' | 'redo' | 'clear' }) => void,
): MarkupToolbar {
  const element = el('div', 'markup-painter__toolbar');
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', t('Annotation tools'));
  const tool = (value: MarkupTool, label: string, key: string, hint: string): HTMLButtonElement =>
    button(label, key, hint, () => act({ tool: value }));
  const tools: Record<MarkupTool, HTMLButtonElement> = {
    pen: tool('pen', t('Pen'), 'P', t('Draw freehand: circle what should change (P)')),
    highlighter: tool('highlighter', t('Highlighter'), 'H', t('Mark an area with a see-through stroke (H)')),
    arrow: tool('arrow', t('Arrow'), 'A', t('Drag from the note to what it points at (A)')),
    text: tool('text', t('Text'), 'T', t('Click where a short label should go, type it, press Enter (T)')),
  };
  const toolGroup = el('div', 'markup-painter__group');
  toolGroup.setAttribute('role', 'group');
  toolGroup.setAttribute('aria-label', t('Tool'));
  toolGroup.append(tools.pen, tools.highlighter, tools.arrow, tools.text);
  const colourGroup = el('div', 'markup-painter__group markup-painter__colours');
  colourGroup.setAttribute('role', 'group');
  colourGroup.setAttribute('aria-label', t('Colour'));
  const colours = MARKUP_COLOURS.map((c, i) => {
    const b = button(c.label(), String(i + 1), t('{colour} notes ({key})', { colour: c.label(), key: i + 1 }), () =>
      act({ colour: c.value }),
    );
    const swatch = el('span', 'markup-painter__swatch');
    swatch.setAttribute('aria-hidden', 'true');
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    swatch.style.background = c.value;
    b.prepend(swatch);
    b.dataset.colour = c.value;
    return b;
  });
  colourGroup.append(...colours);
  const undo = button(t('Undo'), 'Control+Z', t('Take back the last note (Ctrl+Z)'), () => act({ command: 'undo' }));
  const redoKeys = 'Control+Shift+Z Control+Y'; // l10n-ignore: aria-keyshortcuts values, not words
  const redo = button(t('Redo'), redoKeys, t('Put the note back (Ctrl+Shift+Z)'), () => act({ command: 'redo' }));
  const clear = button(t('Clear'), '', t('Remove every note (undoable)'), () => act({ command: 'clear' }));
  const historyGroup = el('div', 'markup-painter__group');
  historyGroup.append(undo, redo, clear);
  // Groups wrap as wholes, so a narrow panel never splits a group across lines.
  element.append(toolGroup, colourGroup, historyGroup);
  return { element, tools, colours, undo, redo, clear };
}

function el(tag: 'div' | 'span', className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function button(label: string, keys: string, hint: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'markup-painter__button';
  b.textContent = label;
  // The name stays the visible word; the hint is a description (tooltip) and the keys are announced.
  b.title = hint;
  if (keys) b.setAttribute('aria-keyshortcuts', keys);
  b.addEventListener('click', onClick);
  return b;
}
