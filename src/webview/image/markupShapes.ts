// The notes of a markup edit as data: strokes (pen, highlighter), arrows and text labels in image
// coordinates, an undo history, and one drawing routine used both for the overlay on screen and for
// the exported PNG, so what the user sees over the image is what the model receives.

/** The Annotate tools. */
export type MarkupTool = 'pen' | 'highlighter' | 'arrow' | 'text';

/** A point in image pixels (fractional). */
export interface MarkupPoint {
  x: number;
  y: number;
}

/** One note, or a clear of every note before it (undoable like the rest). */
export type MarkupOperation =
  | { kind: 'stroke'; tool: 'pen' | 'highlighter'; color: string; width: number; points: MarkupPoint[] }
  | { kind: 'arrow'; color: string; width: number; from: MarkupPoint; to: MarkupPoint }
  | { kind: 'text'; color: string; size: number; at: MarkupPoint; text: string }
  | { kind: 'clear' };

/** How transparent a highlighter stroke is drawn (the image must show through it). */
export const HIGHLIGHTER_ALPHA = 0.45;

/** Line widths and text size for an image, relative to its shorter side so notes read at any size. */
export function markupSizes(width: number, height: number): { pen: number; highlighter: number; text: number } {
  const shorter = Math.min(width, height);
  return {
    pen: Math.max(2, Math.round(shorter * 0.008)),
    highlighter: Math.max(8, Math.round(shorter * 0.035)),
    text: Math.max(14, Math.round(shorter * 0.045)),
  };
}

/** The operations still drawn: everything after the last clear. */
export function visibleOperations(ops: readonly MarkupOperation[]): MarkupOperation[] {
  let start = 0;
  ops.forEach((op, i) => {
    if (op.kind === 'clear') start = i + 1;
  });
  return ops.slice(start);
}

/** Any 2D context (on screen or offscreen). */
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws `ops` onto `ctx`, scaling image coordinates by `sx`, `sy` (the export at another size). */
export function drawMarkup(ctx: Context2D, ops: readonly MarkupOperation[], sx = 1, sy = 1): void {
  const scale = Math.sqrt(sx * sy);
  const p = (q: MarkupPoint): [number, number] => [q.x * sx, q.y * sy];
  for (const op of visibleOperations(ops)) {
    ctx.save();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    if (op.kind === 'stroke') {
      ctx.globalAlpha = op.tool === 'highlighter' ? HIGHLIGHTER_ALPHA : 1;
      ctx.strokeStyle = op.color;
      ctx.fillStyle = op.color;
      ctx.lineWidth = op.width * scale;
      const [first, ...rest] = op.points;
      if (first && rest.length === 0) {
        // A tap is a dot.
        ctx.beginPath();
        ctx.arc(...p(first), (op.width * scale) / 2, 0, Math.PI * 2);
        ctx.fill();
      } else if (first) {
        // One path: a highlighter's overlapping segments stay one even tint.
        ctx.beginPath();
        ctx.moveTo(...p(first));
        for (const q of rest) ctx.lineTo(...p(q));
        ctx.stroke();
      }
    } else if (op.kind === 'arrow') drawArrow(ctx, p(op.from), p(op.to), op.color, op.width * scale);
    else if (op.kind === 'text') drawLabel(ctx, p(op.at), op.text, op.color, op.size * scale);
    ctx.restore();
  }
}

function drawArrow(ctx: Context2D, [x0, y0]: [number, number], [x1, y1]: [number, number], color: string, width: number): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const head = Math.max(10, width * 4);
  // The shaft stops where the head starts, so the tip stays sharp at any width.
  const bx = x1 - Math.cos(angle) * head * 0.8;
  const by = y1 - Math.sin(angle) * head * 0.8;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(bx, by);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - Math.cos(angle - 0.45) * head, y1 - Math.sin(angle - 0.45) * head);
  ctx.lineTo(x1 - Math.cos(angle + 0.45) * head, y1 - Math.sin(angle + 0.45) * head);
  ctx.closePath();
  ctx.fill();
}

function drawLabel(ctx: Context2D, [x, y]: [number, number], text: string, color: string, size: number): void {
  ctx.font = `bold ${Math.round(size)}px sans-serif`;
  ctx.textBaseline = 'top';
  // An outline in the opposite lightness keeps the label readable on any part of the image.
  ctx.strokeStyle = isLight(color) ? '#000000' : '#ffffff';
  ctx.lineWidth = Math.max(2, size / 7);
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

/** True for a light #rrggbb colour (its outline is then dark). */
function isLight(color: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  return 0.299 * r! + 0.587 * g! + 0.114 * b! > 150;
}

/** Undo/redo over operations; a new operation clears the redo stack. */
export class MarkupHistory {
  private readonly done: MarkupOperation[] = [];
  private readonly undone: MarkupOperation[] = [];

  /** Operations in effect, oldest first. */
  get operations(): readonly MarkupOperation[] {
    return this.done;
  }

  /** Records a finished operation. */
  push(op: MarkupOperation): void {
    this.done.push(op);
    this.undone.length = 0;
  }

  /** Takes back the last operation; false when there is none. */
  undo(): boolean {
    const op = this.done.pop();
    if (op) this.undone.push(op);
    return op !== undefined;
  }

  /** Re-applies the last undone operation; false when there is none. */
  redo(): boolean {
    const op = this.undone.pop();
    if (op) this.done.push(op);
    return op !== undefined;
  }

  /** Whether undo would do anything. */
  get canUndo(): boolean {
    return this.done.length > 0;
  }

  /** Whether redo would do anything. */
  get canRedo(): boolean {
    return this.undone.length > 0;
  }
}
