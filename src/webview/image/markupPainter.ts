// Annotate mode: the image with the user's notes over it (pen, highlighter, arrow, text label in a
// few colours), drawn with the pointer (mouse, touch, pen) or the keyboard (a cursor moved with
// the arrow keys), with the mask painter's undo/redo keys. Notes are kept in image coordinates
// (markupShapes.ts) and exported as a transparent PNG of only the notes at the image's size.
import { exportMarkupPng } from './markupExport';
import {
  drawMarkup,
  markupSizes,
  MarkupHistory,
  visibleOperations,
  type MarkupOperation,
  type MarkupPoint,
  type MarkupTool,
} from './markupShapes';
import { buildMarkupToolbar, MARKUP_COLOURS, type MarkupToolbar } from './markupToolbar';
import { MarkupLabelEntry } from './markupLabelEntry';
import { t } from '../l10n';

const TOOL_KEYS: Record<string, MarkupTool> = { p: 'pen', h: 'highlighter', a: 'arrow', t: 'text' };
/** A note that is drawn over time (a text label is placed at once). */
type DrawnNote = Extract<MarkupOperation, { kind: 'stroke' | 'arrow' }>;

/** Draws notes over an image inside `container`. */
export class MarkupPainter {
  readonly imageWidth: number;
  readonly imageHeight: number;
  private readonly root: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly overlayCtx: CanvasRenderingContext2D;
  private readonly cursor: HTMLElement;
  private readonly status: HTMLElement;
  private readonly label: MarkupLabelEntry;
  private readonly toolbar: MarkupToolbar;
  private readonly history = new MarkupHistory();
  private readonly listeners = new Set<() => void>();
  private readonly sizes: ReturnType<typeof markupSizes>;
  private currentTool: MarkupTool = 'pen';
  private currentColour = MARKUP_COLOURS[0]!.value;
  /** A note being drawn (by a pointer, or from the keyboard cursor), shown but not yet in the history. */
  private pending: { op: DrawnNote; pointerId?: number } | undefined;
  private keyCursor: MarkupPoint;

  constructor(container: HTMLElement, image: CanvasImageSource & { width: number; height: number }) {
    this.imageWidth = image.width;
    this.imageHeight = image.height;
    this.sizes = markupSizes(image.width, image.height);
    this.keyCursor = { x: image.width / 2, y: image.height / 2 };
    this.root = el('div', 'markup-painter');
    this.root.setAttribute('role', 'group');
    this.root.setAttribute('aria-label', t('Annotate: draw notes on the image'));
    this.toolbar = buildMarkupToolbar((a) => {
      if ('tool' in a) this.setTool(a.tool);
      else if ('colour' in a) this.setColour(a.colour);
      else this[a.command]();
    });
    this.stage = el('div', 'markup-painter__stage');
    this.stage.tabIndex = 0;
    this.stage.setAttribute('role', 'application');
    this.stage.setAttribute('aria-label', t('Drawing area'));
    this.stage.setAttribute('aria-describedby', 'markup-help markup-status');
    const base = canvas('markup-painter__image', image.width, image.height);
    base.setAttribute('aria-hidden', 'true');
    base.getContext('2d')?.drawImage(image, 0, 0);
    this.overlay = canvas('markup-painter__overlay', image.width, image.height);
    this.overlay.setAttribute('aria-hidden', 'true');
    const ctx = this.overlay.getContext('2d');
    if (!ctx) throw new Error(t('Canvas 2D is unavailable in this view.'));
    this.overlayCtx = ctx;
    this.cursor = el('div', 'markup-painter__cursor');
    this.label = new MarkupLabelEntry((label, byKey) => {
      if (label) {
        this.commit({ kind: 'text', color: this.currentColour, size: this.sizes.text, at: label.at, text: label.text });
        this.say(t('Label added.'));
      }
      if (byKey) this.stage.focus({ preventScroll: true });
    });
    this.stage.append(base, this.overlay, this.cursor, this.label.element);
    const help = el('p', 'markup-painter__help');
    help.id = 'markup-help';
    help.textContent = t(
      'Drawing area: P pen, H highlighter, A arrow, T text, 1–5 colours. From the keyboard, the arrow keys move the cursor (Shift: further); Enter or Space starts and ends a stroke or an arrow, or places a label; Escape cancels.',
    );
    this.status = el('p', 'markup-painter__status');
    this.status.id = 'markup-status';
    this.status.setAttribute('role', 'status');
    this.root.append(this.toolbar.element, this.stage, help, this.status);
    container.append(this.root);

    this.overlay.addEventListener('pointerdown', this.onPointerDown);
    this.overlay.addEventListener('pointermove', this.onPointerMove);
    this.overlay.addEventListener('pointerup', this.onPointerUp);
    this.overlay.addEventListener('pointercancel', this.onPointerCancel);
    this.root.addEventListener('keydown', this.onKeyDown);
    this.sync();
  }

  /** The active tool. */
  get tool(): MarkupTool {
    return this.currentTool;
  }

  /** The active colour (#rrggbb). */
  get colour(): string {
    return this.currentColour;
  }

  /** Operations in effect (image coordinates), oldest first. */
  get operations(): readonly MarkupOperation[] {
    return this.history.operations;
  }

  /** True when at least one note would be sent. */
  get hasNotes(): boolean {
    return visibleOperations(this.history.operations).length > 0;
  }

  /** The keyboard cursor in image coordinates. */
  get cursorPosition(): MarkupPoint {
    return { ...this.keyCursor };
  }

  /** Switches the tool (a note in progress is dropped). */
  setTool(tool: MarkupTool): void {
    this.cancelPending();
    this.currentTool = tool;
    this.sync();
  }

  /** Sets the colour of the next notes. */
  setColour(colour: string): void {
    this.currentColour = colour;
    this.sync();
  }

  /** Takes back the last note. */
  undo(): void {
    this.cancelPending();
    if (this.history.undo()) this.changed();
  }

  /** Puts back the last note taken back. */
  redo(): void {
    this.cancelPending();
    if (this.history.redo()) this.changed();
  }

  /** Removes every note (undoable). */
  clear(): void {
    this.cancelPending();
    if (this.hasNotes) this.commit({ kind: 'clear' });
  }

  /** The markup PNG: only the notes on transparency, at width x height (default: the image's size). */
  exportMarkup(width = this.imageWidth, height = this.imageHeight): Promise<Uint8Array> {
    return exportMarkupPng(this.history.operations, this.imageWidth, this.imageHeight, width, height);
  }

  /** Calls `listener` after every change of the notes; returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Removes the painter's elements and listeners. */
  dispose(): void {
    this.listeners.clear();
    this.root.remove();
  }

  private toImage(e: PointerEvent): MarkupPoint {
    const r = this.overlay.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * this.imageWidth, y: ((e.clientY - r.top) / r.height) * this.imageHeight };
  }

  /** A stroke or an arrow starting at `at` in the current tool and colour. */
  private start(at: MarkupPoint): DrawnNote {
    if (this.currentTool === 'arrow') return { kind: 'arrow', color: this.currentColour, width: this.sizes.pen, from: at, to: at };
    const tool = this.currentTool === 'highlighter' ? 'highlighter' : 'pen';
    return { kind: 'stroke', tool, color: this.currentColour, width: this.sizes[tool], points: [at] };
  }

  /** Extends the note in progress to `at`. */
  private extend(at: MarkupPoint): void {
    const op = this.pending?.op;
    if (!op) return;
    if (op.kind === 'arrow') op.to = at;
    else {
      const last = op.points.at(-1);
      if (!last || last.x !== at.x || last.y !== at.y) op.points.push(at);
    }
    this.render();
  }

  /** Ends the note in progress; an arrow shorter than 2 px is no arrow. */
  private finish(): void {
    const op = this.pending?.op;
    this.pending = undefined;
    if (!op) return;
    if (op.kind === 'arrow' && Math.hypot(op.to.x - op.from.x, op.to.y - op.from.y) < 2) return this.render();
    this.commit(op);
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    if ((e.pointerType === 'mouse' && e.button !== 0) || this.pending) return;
    e.preventDefault();
    const at = this.toImage(e);
    if (this.currentTool === 'text') return this.openText(at);
    this.overlay.setPointerCapture(e.pointerId);
    this.stage.focus({ preventScroll: true });
    this.pending = { op: this.start(at), pointerId: e.pointerId };
    this.render();
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (!this.pending || this.pending.pointerId !== e.pointerId) return;
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) this.extend(this.toImage(ev));
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (this.pending?.pointerId === e.pointerId) this.finish();
  };

  private readonly onPointerCancel = (e: PointerEvent): void => {
    if (this.pending?.pointerId === e.pointerId) this.cancelPending();
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.target === this.label.input) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    const onStage = e.target === this.stage;
    if (mod && key === 'z' && e.shiftKey) this.redo();
    else if (mod && key === 'z') this.undo();
    else if (mod && key === 'y') this.redo();
    else if (mod || e.altKey) return;
    else if (key === 'escape' && this.pending) this.cancelPending(t('Cancelled.'));
    else if (TOOL_KEYS[key]) this.setTool(TOOL_KEYS[key]);
    else if (/^[1-9]$/.test(key) && MARKUP_COLOURS[Number(key) - 1]) this.setColour(MARKUP_COLOURS[Number(key) - 1]!.value);
    else if (onStage && key.startsWith('arrow')) this.moveCursor(key, e.shiftKey);
    else if (onStage && (key === 'enter' || key === ' ')) this.activate();
    else return;
    e.preventDefault();
    // Handled here: the Studio must not also take it (Escape would cancel the running job).
    e.stopPropagation();
  };

  private moveCursor(key: string, far: boolean): void {
    const step = Math.max(1, Math.round(Math.min(this.imageWidth, this.imageHeight) * (far ? 0.05 : 0.01)));
    const dx = key === 'arrowleft' ? -step : key === 'arrowright' ? step : 0;
    const dy = key === 'arrowup' ? -step : key === 'arrowdown' ? step : 0;
    this.keyCursor = {
      x: Math.min(this.imageWidth, Math.max(0, this.keyCursor.x + dx)),
      y: Math.min(this.imageHeight, Math.max(0, this.keyCursor.y + dy)),
    };
    this.placeCursor();
    if (this.pending && this.pending.pointerId === undefined) this.extend({ ...this.keyCursor });
  }

  /** Enter or Space on the drawing area: place a label, or start or end a stroke or an arrow at the cursor. */
  private activate(): void {
    if (this.currentTool === 'text') return this.openText({ ...this.keyCursor });
    if (this.pending) {
      this.finish();
      return this.say(t('Note added.'));
    }
    this.pending = { op: this.start({ ...this.keyCursor }) };
    this.render();
    this.say(
      this.currentTool === 'arrow'
        ? t('Arrow started: move the cursor to where it points, then press Enter.')
        : t('Drawing: move the cursor with the arrow keys, then press Enter to finish.'),
    );
  }

  private openText(at: MarkupPoint): void {
    this.label.open(at, (at.x / this.imageWidth) * 100, (at.y / this.imageHeight) * 100);
    this.say(t('Type the label, then press Enter (Escape cancels).'));
  }

  private cancelPending(message?: string): void {
    if (!this.pending) return;
    this.pending = undefined;
    this.render();
    if (message) this.say(message);
  }

  private commit(op: MarkupOperation): void {
    this.history.push(op);
    this.changed();
  }

  private changed(): void {
    this.render();
    this.sync();
    for (const l of this.listeners) l();
  }

  private render(): void {
    this.overlayCtx.clearRect(0, 0, this.imageWidth, this.imageHeight);
    drawMarkup(this.overlayCtx, this.pending ? [...this.history.operations, this.pending.op] : this.history.operations);
  }

  private placeCursor(): void {
    this.cursor.style.left = `${(this.keyCursor.x / this.imageWidth) * 100}%`;
    this.cursor.style.top = `${(this.keyCursor.y / this.imageHeight) * 100}%`;
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private sync(): void {
    const b = this.toolbar;
    for (const [tool, button] of Object.entries(b.tools)) button.setAttribute('aria-pressed', String(tool === this.currentTool));
    for (const button of b.colours) button.setAttribute('aria-pressed', String(button.dataset.colour === this.currentColour));
    b.undo.disabled = !this.history.canUndo;
    b.redo.disabled = !this.history.canRedo;
    b.clear.disabled = !this.hasNotes;
    this.root.dataset.tool = this.currentTool;
    this.placeCursor();
  }
}

function el(tag: 'div' | 'p', className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function canvas(className: string, width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.className = className;
  c.width = width;
  c.height = height;
  return c;
}
