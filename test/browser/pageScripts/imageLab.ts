// The image lab: a test page exposing the webview image modules to Playwright as globalThis.imageLab.
// It runs under the strict CSP, so every call also proves the modules need no eval or inline code.
import { decodeBitmap } from '../../../src/webview/image/canvasSurface';
import { compositeThroughMask } from '../../../src/webview/image/compositeThroughMask';
import { resizeMaskPng, validateMaskFile } from '../../../src/webview/image/maskExport';
import { MaskPainter } from '../../../src/webview/image/maskPainter';
import { MarkupPainter } from '../../../src/webview/image/markupPainter';
import { prepareImage } from '../../../src/webview/image/prepareImage';
import { verifyTransparency } from '../../../src/webview/image/verifyTransparency';
import { packBytes, unpackBytes, type ImageLabApi, type LabMarkupOperation, type LabMaskOperation } from '../support/imageLabApi';

let painter: MaskPainter | undefined;
let annotator: { painter: MarkupPainter; changes: number } | undefined;

document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));

function requirePainter(): MaskPainter {
  if (!painter) throw new Error('openPainter first');
  return painter;
}

const lab: ImageLabApi = {
  prepare: (bytes, mime, target) => prepareImage(bytes, mime, target),

  async openPainter(bytes, mime, cssWidth, radius) {
    painter?.dispose();
    const app = document.getElementById('app')!;
    app.style.width = `${cssWidth}px`;
    const bitmap = await decodeBitmap(bytes, mime);
    painter = new MaskPainter(app, bitmap, { radius });
    const r = app.querySelector('.mask-painter__overlay')!.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  },

  painterState() {
    const p = requirePainter();
    const button = (label: string) => document.querySelector<HTMLButtonElement>(`button[aria-label^="${label}"]`)!;
    return {
      operations: structuredClone(p.operations) as LabMaskOperation[],
      tool: p.tool,
      radius: p.radius,
      hasPaint: p.hasPaint,
      undoDisabled: button('Undo').disabled,
      redoDisabled: button('Redo').disabled,
    };
  },

  clickButton(labelPrefix) {
    const b = document.querySelector<HTMLButtonElement>(`button[aria-label^="${labelPrefix}"]`);
    if (!b) throw new Error(`no button ${labelPrefix}`);
    b.click();
  },

  async exportMask(width, height) {
    const t0 = performance.now();
    const bytes = await requirePainter().exportMask(width, height);
    return { bytes, ms: performance.now() - t0 };
  },

  composite: (original, result, mask) => compositeThroughMask(original, result, mask),
  verifyTransparency: (bytes) => verifyTransparency(bytes),
  validateMaskFile: (bytes, width, height) => validateMaskFile(bytes, { width, height }),
  resizeMask: (bytes, width, height) => resizeMaskPng(bytes, width, height),

  async openMarkup(bytes, mime, cssWidth) {
    annotator?.painter.dispose();
    const app = document.getElementById('app')!;
    app.style.width = `${cssWidth}px`;
    const bitmap = await decodeBitmap(bytes, mime);
    const opened = { painter: new MarkupPainter(app, bitmap), changes: 0 };
    opened.painter.onDidChange(() => opened.changes++);
    annotator = opened;
    const r = app.querySelector('.markup-painter__overlay')!.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  },

  markupState() {
    if (!annotator) throw new Error('openMarkup first');
    const p = annotator.painter;
    return {
      operations: structuredClone(p.operations) as LabMarkupOperation[],
      tool: p.tool,
      colour: p.colour,
      hasNotes: p.hasNotes,
      cursor: p.cursorPosition,
      changes: annotator.changes,
    };
  },

  exportMarkup(width, height) {
    if (!annotator) throw new Error('openMarkup first');
    return annotator.painter.exportMarkup(width, height);
  },
};

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Entry used by labCall: unpack the arguments, call, pack the result. */
async function imageLabCall(name: keyof ImageLabApi, packed: unknown): Promise<unknown> {
  const args = unpackBytes(packed, fromBase64) as unknown[];
  const fn = lab[name] as (...a: unknown[]) => unknown;
  return packBytes(await fn(...args), toBase64);
}

(globalThis as unknown as { imageLab: ImageLabApi }).imageLab = lab;
(globalThis as unknown as { imageLabCall: typeof imageLabCall }).imageLabCall = imageLabCall;
(globalThis as unknown as { __pageReady: boolean }).__pageReady = true;
