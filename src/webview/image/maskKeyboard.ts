// Painting a mask without a pointer: a brush cursor over the image, moved with the arrow keys
// (Shift: further) and drawn as a ring of the brush's size, so the painted dab lands where it is
// shown. Kept in image coordinates, like the strokes (maskStrokes.ts).
import type { MaskPoint } from './maskStrokes';
import { t } from '../l10n';

/** The words under the painting area, which it names as its description (aria-describedby). */
export function maskKeyHelp(): string {
  return t(
    'Painting area: the arrow keys move the brush (Shift: further), Space or Enter paints at the brush, B brush, E eraser, [ and ] size, I invert, Ctrl+Z undo, Ctrl+Shift+Z redo.',
  );
}

/** The keyboard brush: where the next dab goes, and the ring that shows it. */
export class MaskKeyCursor {
  private at: MaskPoint;

  constructor(
    private readonly ring: HTMLElement,
    private readonly imageWidth: number,
    private readonly imageHeight: number,
  ) {
    this.at = { x: Math.floor(imageWidth / 2), y: Math.floor(imageHeight / 2) };
  }

  /** The brush position in image pixels. */
  get position(): MaskPoint {
    return { ...this.at };
  }

  /** Moves one step for an arrow key (1% of the shorter side; Shift: 5%); false for any other key. */
  move(key: string, far: boolean): boolean {
    const step = Math.max(1, Math.round(Math.min(this.imageWidth, this.imageHeight) * (far ? 0.05 : 0.01)));
    const delta: Record<string, [number, number]> = {
      arrowleft: [-step, 0],
      arrowright: [step, 0],
      arrowup: [0, -step],
      arrowdown: [0, step],
    };
    const d = delta[key];
    if (!d) return false;
    this.at = {
      x: Math.min(this.imageWidth - 1, Math.max(0, this.at.x + d[0])),
      y: Math.min(this.imageHeight - 1, Math.max(0, this.at.y + d[1])),
    };
    return true;
  }

  /** Draws the ring at the position with the brush's radius (image pixels), in percent so it follows any display size. */
  place(radius: number): void {
    const s = this.ring.style;
    s.left = `${((this.at.x - radius) / this.imageWidth) * 100}%`;
    s.top = `${((this.at.y - radius) / this.imageHeight) * 100}%`;
    s.width = `${((2 * radius) / this.imageWidth) * 100}%`;
    s.height = `${((2 * radius) / this.imageHeight) * 100}%`;
  }
}
