// Reads a batch output file line by line without ever holding a line's image as text: each line is
// scanned as it streams in, every `"b64_json": "…"` value is base64-decoded chunk by chunk into
// bytes as it arrives, and only the rest of the line (ids, status, usage: a few hundred bytes,
// with a marker where the image was) is kept as text for JSON.parse. A 500-image output file is
// gigabytes; this way collecting holds one image's bytes and one network chunk, not a line string,
// its parsed copy and its decoded copy at once.
import { ImageStudioError } from '../client/errors';
import { mb } from '../client/bodyLimits';
import { concatBytes } from '../concatBytes';

/** One line: its number (1-based), its text with each image replaced by a marker, and the images. */
export interface OutputLine {
  line: number;
  text: string;
  /** The decoded `b64_json` values in the order they appear (undefined: not valid base64). */
  images: Array<Uint8Array | undefined>;
}

const MARKER = '#image-studio-streamed-image-';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const KEY = new TextEncoder().encode('b64_json');

/** JSON.parse of a scanned line's text that puts each image's bytes back where its marker is. */
export function parseOutputLine(scanned: OutputLine): unknown {
  return JSON.parse(scanned.text, (key, value: unknown) => {
    if (key !== 'b64_json' || typeof value !== 'string' || !value.startsWith(MARKER)) return value;
    // A value that is not valid base64 stays a string the image decoder refuses with its own message.
    return scanned.images[Number(value.slice(MARKER.length))] ?? '!not base64';
  });
}

/** Yields each non-empty line of `stream`; throws when a line exceeds `maxLineBytes`. */
export async function* readOutputLines(
  stream: ReadableStream<Uint8Array>,
  maxLineBytes: number,
  what = 'the file',
): AsyncGenerator<OutputLine> {
  const reader = stream.getReader();
  let line = 0;
  let scanner = new LineScanner();
  const tooLong = (): ImageStudioError =>
    new ImageStudioError(
      'invalid_response',
      `Line ${line + 1} of ${what} is longer than ${mb(maxLineBytes)}, more than one image can be; reading stopped.`,
      { code: 'line_too_long' },
    );
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let start = 0;
      for (let nl = value.indexOf(0x0a); nl >= 0; nl = value.indexOf(0x0a, start)) {
        scanner.push(value.subarray(start, nl));
        if (scanner.bytes > maxLineBytes) throw tooLong();
        line++;
        const out = scanner.end(line);
        scanner = new LineScanner();
        start = nl + 1;
        if (out.text.trim()) yield out;
      }
      scanner.push(value.subarray(start));
      if (scanner.bytes > maxLineBytes) throw tooLong();
    }
    if (scanner.bytes) {
      const out = scanner.end(++line);
      if (out.text.trim()) yield out;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Scans one line's bytes: JSON strings are followed so that only a real `b64_json` key's value is streamed. */
class LineScanner {
  bytes = 0;
  private readonly rest: Uint8Array[] = [];
  private readonly images: Array<Uint8Array | undefined> = [];
  private inString = false;
  private escaped = false;
  /** While in a string: how many of its bytes matched `b64_json` (-1: it is another string). */
  private matched = 0;
  /** After the key `"b64_json"`: 1 waiting for the colon, 2 for the value's opening quote. */
  private afterKey = 0;
  private image: Base64Sink | undefined;

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let from = 0;
    while (from < chunk.length) {
      if (this.image) {
        const end = this.image.take(chunk, from);
        if (end < 0) return;
        // The closing quote: the marker stands for the image, and scanning goes on after the quote.
        this.rest.push(new TextEncoder().encode(`${MARKER}${this.images.length}"`));
        this.images.push(this.image.end());
        this.image = undefined;
        from = end + 1;
        continue;
      }
      from = this.scanText(chunk, from);
    }
  }

  /** Keeps text bytes until an image value starts (returns where it starts) or the chunk ends. */
  private scanText(chunk: Uint8Array, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i] ?? 0;
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          this.matched = -1;
        } else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          this.afterKey = this.matched === KEY.length ? 1 : 0;
        } else this.matched = this.matched >= 0 && KEY[this.matched] === c ? this.matched + 1 : -1;
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
      if (this.afterKey === 1 && c === 0x3a) {
        this.afterKey = 2;
        continue;
      }
      if (this.afterKey === 2 && c === QUOTE) {
        this.afterKey = 0;
        this.rest.push(chunk.slice(from, i + 1));
        this.image = new Base64Sink();
        return i + 1;
      }
      this.afterKey = 0;
      if (c === QUOTE) {
        this.inString = true;
        this.matched = 0;
      }
    }
    // A copy: the chunk's memory is released once its images are decoded.
    this.rest.push(chunk.slice(from));
    return chunk.length;
  }

  end(line: number): OutputLine {
    // A line cut inside an image: what came of it is dropped, and the text is left invalid JSON.
    const text = new TextDecoder().decode(concatBytes(this.rest));
    return { line, text, images: this.images };
  }
}

const DECODE = (() => {
  const t = new Int16Array(256).fill(-1);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < abc.length; i++) t[abc.charCodeAt(i)] = i;
  return t;
})();

/** Decodes base64 as it arrives (a JSON string's content, so `\/` may stand for `/`). */
class Base64Sink {
  private readonly parts: Uint8Array[] = [];
  private readonly quad = new Uint8Array(4);
  private have = 0;
  private padding = 0;
  private bad = false;
  private escaped = false;

  /** Takes the chunk from `from` on; returns the index of the closing quote, or -1 when the chunk ended first. */
  take(chunk: Uint8Array, from: number): number {
    const out = new Uint8Array(Math.ceil((chunk.length - from + this.have) / 4) * 3);
    let n = 0;
    let i = from;
    for (; i < chunk.length; i++) {
      let c = chunk[i] ?? 0;
      if (this.escaped) {
        this.escaped = false;
        if (c !== 0x2f) this.bad = true;
      } else if (c === BACKSLASH) {
        this.escaped = true;
        continue;
      } else if (c === QUOTE) break;
      if (c === 0x3d) {
        this.padding++;
        c = 0x41; // '=' decodes as zero bits; the padding count trims the bytes.
      } else if (this.padding) this.bad = true;
      const v = DECODE[c] ?? 0;
      if (v < 0) {
        this.bad = true;
        continue;
      }
      this.quad[this.have++] = v;
      if (this.have === 4) {
        const q = this.quad;
        const keep = 3 - Math.min(this.padding, 2);
        out[n++] = ((q[0] ?? 0) << 2) | ((q[1] ?? 0) >> 4);
        if (keep > 1) out[n++] = (((q[1] ?? 0) & 15) << 4) | ((q[2] ?? 0) >> 2);
        if (keep > 2) out[n++] = (((q[2] ?? 0) & 3) << 6) | (q[3] ?? 0);
        this.have = 0;
      }
    }
    if (n) this.parts.push(n === out.length ? out : out.slice(0, n));
    return i < chunk.length ? i : -1;
  }

  /** The image's bytes, or undefined when the text was not whole, valid base64. */
  end(): Uint8Array | undefined {
    if (this.bad || this.escaped || this.have !== 0) return undefined;
    return concatBytes(this.parts);
  }
}
