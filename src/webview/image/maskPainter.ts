// The mask painter: the image with a painted-area overlay, brush and eraser on pointer events
// (mouse, touch, pen) or from the keyboard (a brush cursor, maskKeyboard.ts), keyboard shortcuts,
// undo/redo, clear and invert. Strokes are kept in image
// coordinates (see maskStrokes.ts), so the exported mask matches the image pixel for pixel at any
// export size. DOM is built with createElement (no HTML strings) and styled by media/maskPainter.css.
import { exportMaskPng } from './maskExport';
import { MaskKeyCursor, maskKeyHelp } from './maskKeyboard';
import {
  applyOperation,
  MaskHistory,
  rasterizeOperations,
  type DirtyRect,
  type MaskCoverage,
  type MaskOperation,
  type MaskPoint,
  type MaskStroke,
  type MaskTool,
} from './maskStrokes';
import { t } from '../l10n';

/** Options for a painter. */
export interface MaskPainterOptions {
  /** Initial brush radius in image pixels (default: 4% of the shorter side). */
  radius?: number;
  minRadius?: number;
  maxRadius?: number;
}

/** Paints an edit mask over an image inside `container`. */
export class MaskPainter {
  readonly imageWidth: number;
  readonly imageHeight: number;
  private readonly root: HTMLElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly overlayCtx: CanvasRenderingContext2D;
  private readonly overlayPixels: ImageData;
  private readonly cursor: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly keyCursor: MaskKeyCursor;
  private readonly buttons: Record<'brush' | 'eraser' | 'undo' | 'redo' | 'invert' | 'clear', HTMLButtonElement>;
  private readonly sizeInput: HTMLInputElement;
  private readonly history = new MaskHistory();
  private readonly listeners = new Set<() => void>();
  private readonly minRadius: number;
  private readonly maxRadius: number;
  private coverage: MaskCoverage;
  private paintColor: [number, number, number, number] = [0, 120, 212, 128];
  private readonly sizeValue: HTMLOutputElement;
  private active: { stroke: MaskStroke; pointerId: number } | undefined;
  private currentTool: MaskTool = 'brush';
  private currentRadius: number;

  constructor(container: HTMLElement, image: CanvasImageSource & { width: number; height: number }, options: MaskPainterOptions = {}) {
    this.imageWidth = image.width;
    this.imageHeight = image.height;
    const shorter = Math.min(image.width, image.height);
    this.minRadius = options.minRadius ?? 1;
    this.maxRadius = options.maxRadius ?? Math.max(this.minRadius, Math.round(shorter / 4));
    this.currentRadius = this.clampRadius(options.radius ?? Math.max(2, Math.round(shorter * 0.04)));
    this.coverage = { width: image.width, height: image.height, data: new Uint8Array(image.width * image.height) };

    this.root = el('div', 'mask-painter');
    this.root.setAttribute('role', 'group');
    this.root.setAttribute('aria-label', t('Mask painter: paint the areas to change'));
    const toolbar = el('div', 'mask-painter__toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', t('Mask tools'));
    this.buttons = {
      brush: button(t('Brush'), t('Brush: paint the area to change (B)'), () => this.setTool('brush')),
      eraser: button(t('Eraser'), t('Eraser: unpaint (E)'), () => this.setTool('eraser')),
      undo: button(t('Undo'), t('Undo (Ctrl+Z)'), () => this.undo()),
      redo: button(t('Redo'), t('Redo (Ctrl+Shift+Z)'), () => this.redo()),
      invert: button(t('Invert'), t('Invert the mask (I)'), () => this.invert()),
      clear: button(t('Clear'), t('Clear the mask'), () => this.clear()),
    };
    this.sizeInput = document.createElement('input');
    this.sizeInput.type = 'range';
    this.sizeInput.className = 'mask-painter__size';
    this.sizeInput.min = String(this.minRadius);
    this.sizeInput.max = String(this.maxRadius);
    this.sizeInput.setAttribute('aria-label', t('Brush size ([ and ])'));
    this.sizeInput.addEventListener('input', () => this.setRadius(Number(this.sizeInput.value)));
    this.sizeValue = document.createElement('output');
    this.sizeValue.className = 'mask-painter__size-value';
    this.sizeValue.setAttribute('aria-hidden', 'true');
    const b = this.buttons;
    toolbar.append(b.brush, b.eraser, this.sizeInput, this.sizeValue, b.undo, b.redo, b.invert, b.clear);

    // The painting area is the one tab stop for painting: named, described by the key help, and
    // an application so screen readers pass the arrow keys and Space through to it.
    const stage = el('div', 'mask-painter__stage');
    stage.tabIndex = 0;
    stage.setAttribute('role', 'application');
    stage.setAttribute('aria-label', t('Painting area'));
    stage.setAttribute('aria-describedby', 'mask-help');
    this.stage = stage;
    const base = canvas('mask-painter__image', image.width, image.height);
    base.getContext('2d')?.drawImage(image, 0, 0);
    this.overlay = canvas('mask-painter__overlay', image.width, image.height);
    this.overlay.setAttribute('aria-hidden', 'true');
    const ctx = this.overlay.getContext('2d', { colorSpace: 'srgb' });
    if (!ctx) throw new Error(t('Canvas 2D is unavailable in this view.'));
    this.overlayCtx = ctx;
    this.overlayPixels = ctx.createImageData(image.width, image.height);
    this.cursor = el('div', 'mask-painter__cursor');
    const keyRing = el('div', 'mask-painter__key-cursor');
    this.keyCursor = new MaskKeyCursor(keyRing, image.width, image.height);
    stage.append(base, this.overlay, this.cursor, keyRing);
    const help = el('p', 'mask-painter__help');
    help.id = 'mask-help';
    help.textContent = maskKeyHelp();
    this.root.append(toolbar, stage, help);
    container.append(this.root);
    this.paintColor = resolvePaintColor(this.root);

    this.overlay.addEventListener('pointerdown', this.onPointerDown);
    this.overlay.addEventListener('pointermove', this.onPointerMove);
    this.overlay.addEventListener('pointerup', this.onPointerUp);
    this.overlay.addEventListener('pointercancel', this.onPointerCancel);
    this.overlay.addEventListener('pointerleave', () => this.cursor.classList.remove('mask-painter__cursor--visible'));
    this.root.addEventListener('keydown', this.onKeyDown);
    this.syncControls();
  }

  /** The active tool. */
  get tool(): MaskTool {
    return this.currentTool;
  }

  /** Brush radius in image pixels. */
  get radius(): number {
    return this.currentRadius;
  }

  /** Operations in effect (strokes in image coordinates), oldest first. */
  get operations(): readonly MaskOperation[] {
    return this.history.operations;
  }

  /** True when at least one pixel is painted (the mask would edit something). */
  get hasPaint(): boolean {
    return this.coverage.data.includes(1);
  }

  /** Switches between brush and eraser. */
  setTool(tool: MaskTool): void {
    this.currentTool = tool;
    this.syncControls();
  }

  /** Sets the brush radius (clamped to the allowed range). */
  setRadius(radius: number): void {
    this.currentRadius = this.clampRadius(radius);
    this.syncControls();
  }

  /** Puts back operations saved earlier (a page hidden or reloaded): the mask as it was, undoable step by step. */
  restore(operations: readonly MaskOperation[]): void {
    for (const op of operations) this.history.push(op);
    this.rebuild();
  }

  /** Takes back the last operation. */
  undo(): void {
    if (this.history.undo()) this.rebuild();
  }

  /** Re-applies the last undone operation. */
  redo(): void {
    if (this.history.redo()) this.rebuild();
  }

  /** Unpaints everything (undoable). */
  clear(): void {
    this.commit({ kind: 'clear' });
  }

  /** Swaps painted and unpainted (undoable). */
  invert(): void {
    this.commit({ kind: 'invert' });
  }

  /** The mask PNG: alpha 0 exactly where painted, 255 elsewhere, at width x height (default: the image's size). */
  exportMask(width = this.imageWidth, height = this.imageHeight): Promise<Uint8Array> {
    return exportMaskPng(this.history.operations, this.imageWidth, this.imageHeight, width, height);
  }

  /** Calls `listener` after every change of the mask; returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Removes the painter's elements and listeners. */
  dispose(): void {
    this.listeners.clear();
    this.root.remove();
  }

  private clampRadius(r: number): number {
    return Math.min(this.maxRadius, Math.max(this.minRadius, Math.round(r)));
  }

  private toImage(e: PointerEvent): MaskPoint {
    const rect = this.overlay.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * this.imageWidth, y: ((e.clientY - rect.top) / rect.height) * this.imageHeight };
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    if (this.active) return; // a second finger does not start a second stroke
    e.preventDefault();
    this.overlay.setPointerCapture(e.pointerId);
    this.stage.focus({ preventScroll: true });
    this.stage.classList.remove('mask-painter__stage--keyboard');
    const stroke: MaskStroke = { kind: 'stroke', tool: this.currentTool, radius: this.currentRadius, points: [this.toImage(e)] };
    this.active = { stroke, pointerId: e.pointerId };
    this.render(applyOperation(this.coverage, stroke));
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    this.moveCursor(e);
    if (!this.active || e.pointerId !== this.active.pointerId) return;
    // Coalesced events keep fast strokes smooth: the browser batches moves between frames.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const stroke = this.active.stroke;
    for (const ev of events.length ? events : [e]) {
      const p = this.toImage(ev);
      const prev = stroke.points.at(-1);
      if (prev && p.x === prev.x && p.y === prev.y) continue;
      stroke.points.push(p);
      this.render(applyOperation(this.coverage, { ...stroke, points: [prev ?? p, p] }));
    }
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (!this.active || e.pointerId !== this.active.pointerId) return;
    const { stroke } = this.active;
    this.active = undefined;
    this.history.push(stroke);
    this.changed();
  };

  private readonly onPointerCancel = (e: PointerEvent): void => {
    if (!this.active || e.pointerId !== this.active.pointerId) return;
    this.active = undefined; // the system took the pointer (e.g. a scroll gesture): drop the stroke
    this.rebuild();
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && e.shiftKey) this.redo();
    else if (mod && key === 'z') this.undo();
    else if (mod && key === 'y') this.redo();
    else if (mod || e.altKey || e.target instanceof HTMLInputElement) return;
    else if (e.target === this.stage && this.keyCursor.move(key, e.shiftKey)) this.showKeyCursor();
    else if (e.target === this.stage && (key === ' ' || key === 'enter')) this.paintAtKeyCursor();
    else if (e.key === '[') this.setRadius(this.currentRadius - Math.max(1, Math.round(this.currentRadius * 0.2)));
    else if (e.key === ']') this.setRadius(this.currentRadius + Math.max(1, Math.round(this.currentRadius * 0.2)));
    else if (key === 'b') this.setTool('brush');
    else if (key === 'e') this.setTool('eraser');
    else if (key === 'i') this.invert();
    else return;
    e.preventDefault();
  };

  /** Space or Enter on the painting area: one dab of the current tool and size at the keyboard brush. */
  private paintAtKeyCursor(): void {
    this.showKeyCursor();
    this.commit({ kind: 'stroke', tool: this.currentTool, radius: this.currentRadius, points: [this.keyCursor.position] });
  }

  private showKeyCursor(): void {
    this.keyCursor.place(this.currentRadius);
    this.stage.classList.add('mask-painter__stage--keyboard');
  }

  private moveCursor(e: PointerEvent): void {
    const rect = this.overlay.getBoundingClientRect();
    const diameter = (2 * this.currentRadius * rect.width) / this.imageWidth;
    const s = this.cursor.style;
    s.width = s.height = `${diameter}px`;
    s.transform = `translate(${e.clientX - rect.left - diameter / 2}px, ${e.clientY - rect.top - diameter / 2}px)`;
    this.cursor.classList.toggle('mask-painter__cursor--visible', e.pointerType !== 'touch');
  }

  private commit(op: MaskOperation): void {
    this.history.push(op);
    this.render(applyOperation(this.coverage, op));
    this.changed();
  }

  private rebuild(): void {
    this.coverage = rasterizeOperations(this.history.operations, this.imageWidth, this.imageHeight);
    this.render({ x0: 0, y0: 0, x1: this.imageWidth, y1: this.imageHeight });
    this.changed();
  }

  private render(r: DirtyRect): void {
    if (r.x1 <= r.x0 || r.y1 <= r.y0) return;
    const d = this.overlayPixels.data;
    const [cr, cg, cb, ca] = this.paintColor;
    // Diagonal stripes of the paint colour and its complement: one of the two always stands out,
    // even on an image of the paint colour itself (blue paint over a blue sky).
    const band = Math.max(3, Math.round(Math.min(this.imageWidth, this.imageHeight) / 64));
    for (let y = r.y0; y < r.y1; y++) {
      for (let x = r.x0; x < r.x1; x++) {
        const i = y * this.imageWidth + x;
        const painted = this.coverage.data[i] === 1;
        const alt = Math.floor((x + y) / band) % 2 === 1;
        d[i * 4] = alt ? 255 - cr : cr;
        d[i * 4 + 1] = alt ? 255 - cg : cg;
        d[i * 4 + 2] = alt ? 255 - cb : cb;
        d[i * 4 + 3] = painted ? ca : 0;
      }
    }
    this.overlayCtx.putImageData(this.overlayPixels, 0, 0, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
  }

  private changed(): void {
    this.syncControls();
    for (const l of this.listeners) l();
  }

  private syncControls(): void {
    this.buttons.brush.setAttribute('aria-pressed', String(this.currentTool === 'brush'));
    this.buttons.eraser.setAttribute('aria-pressed', String(this.currentTool === 'eraser'));
    this.buttons.undo.disabled = !this.history.canUndo;
    this.buttons.redo.disabled = !this.history.canRedo;
    this.sizeInput.value = String(this.currentRadius);
    this.sizeInput.setAttribute('aria-valuetext', t('{size} px brush', { size: this.currentRadius * 2 }));
    this.sizeValue.textContent = t('{size} px', { size: this.currentRadius * 2 });
    this.root.classList.toggle('mask-painter--eraser', this.currentTool === 'eraser');
    this.keyCursor.place(this.currentRadius);
  }
}

function el(tag: 'div' | 'p', className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function button(label: string, ariaLabel: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'mask-painter__button';
  b.textContent = label;
  b.title = ariaLabel;
  b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', onClick);
  return b;
}

function canvas(className: string, width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.className = className;
  c.width = width;
  c.height = height;
  return c;
}

/** The overlay color from CSS (`--mask-painter-paint`, themed), turned into RGBA through a 1x1 canvas. */
function resolvePaintColor(root: HTMLElement): [number, number, number, number] {
  const css = getComputedStyle(root).getPropertyValue('--mask-painter-paint').trim() || 'rgba(0, 120, 212, 0.5)';
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return [0, 120, 212, 128];
  probe.fillStyle = css;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
  // An opaque theme color would hide the image: cap the overlay at half opacity.
  return [r!, g!, b!, Math.min(a!, 140)];
}
