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
  /** Set when the line was not kept (more text than any answer holds): why; `text` is empty then. */
  problem?: string;
}

/** How much of a file is read, and what one line may hold. */
export interface LineLimits {
  /** Longest line in bytes, images included: past it the file is not read further (its end cannot be found cheaply). */
  maxLineBytes: number;
  /** Most text a line keeps besides its images: a longer line is reported and skipped, and reading goes on. */
  maxTextBytes?: number;
  /** Most non-empty lines: a file with more is not an answer to this batch, and reading stops. */
  maxLines?: number;
}

/**
 * Text one line keeps besides its images: ids, status, usage and a revised prompt per image (each
 * string is cut at MAX_STRING_BYTES while it streams) fit many times over.
 */
export const MAX_LINE_TEXT_BYTES = 4 * 1024 * 1024;
/**
 * Longest string value kept whole; the rest is dropped as it streams. It is more than the longest
 * revised prompt the cleaning keeps (32,000 characters, even as \u escapes), so what reaches a
 * sidecar is what an interactive answer would have given.
 */
export const MAX_STRING_BYTES = 256 * 1024;

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

/**
 * Yields each non-empty line of `stream`. A line with more text than `maxTextBytes` is yielded with
 * a `problem` instead of its content; a line longer than `maxLineBytes`, or more lines than
 * `maxLines`, end the reading with an error naming the line.
 */
export async function* readOutputLines(
  stream: ReadableStream<Uint8Array>,
  limits: LineLimits | number,
  what = 'the file',
): AsyncGenerator<OutputLine> {
  const {
    maxLineBytes,
    maxTextBytes = MAX_LINE_TEXT_BYTES,
    maxLines = Infinity,
  } = typeof limits === 'number' ? { maxLineBytes: limits } : limits;
  const reader = stream.getReader();
  let line = 0;
  let kept = 0;
  let lineBytes = 0;
  // Undefined while the rest of an over-long line is dropped.
  let scanner: LineScanner | undefined = new LineScanner();
  const tooLong = (): ImageStudioError =>
    new ImageStudioError(
      'invalid_response',
      `Line ${line + 1} of ${what} is longer than ${mb(maxLineBytes)}, more than one image can be; reading stopped.`,
      { code: 'line_too_long' },
    );
  const ended = (): OutputLine | undefined => {
    const out = scanner
      ? scanner.end(line)
      : {
          line,
          text: '',
          images: [],
          problem: `it holds more than ${mb(maxTextBytes)} of text besides its images, more than any answer; it was skipped`,
        };
    scanner = new LineScanner();
    lineBytes = 0;
    if (!out.problem && !out.text.trim()) return undefined;
    if (++kept > maxLines)
      throw new ImageStudioError(
        'invalid_response',
        `${what} has more than ${maxLines} lines, more than the batch has requests; reading stopped at line ${line}.`,
        { code: 'too_many_lines' },
      );
    return out;
  };
  const take = (part: Uint8Array): void => {
    lineBytes += part.length;
    if (lineBytes > maxLineBytes) throw tooLong();
    scanner?.push(part);
    if (scanner && scanner.textBytes > maxTextBytes) scanner = undefined;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let start = 0;
      for (let nl = value.indexOf(0x0a); nl >= 0; nl = value.indexOf(0x0a, start)) {
        take(value.subarray(start, nl));
        line++;
        start = nl + 1;
        const out = ended();
        if (out) yield out;
      }
      take(value.subarray(start));
    }
    if (lineBytes) {
      line++;
      const out = ended();
      if (out) yield out;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Scans one line's bytes: JSON strings are followed so that only a real `b64_json` key's value is streamed. */
class LineScanner {
  /** Bytes kept as text (images not counted). */
  textBytes = 0;
  private readonly rest: Uint8Array[] = [];
  private readonly images: Array<Uint8Array | undefined> = [];
  private inString = false;
  private escaped = false;
  /** While in a string: how many of its bytes matched `b64_json` (-1: it is another string). */
  private matched = 0;
  /** After the key `"b64_json"`: 1 waiting for the colon, 2 for the value's opening quote. */
  private afterKey = 0;
  private image: Base64Sink | undefined;
  /** Bytes of the current string so far, and whether the rest of it is being dropped (past MAX_STRING_BYTES). */
  private stringBytes = 0;
  private dropping = false;
  /** Hex digits left of a \\u escape (a string is never cut inside one). */
  private hexLeft = 0;

  push(chunk: Uint8Array): void {
    let from = 0;
    while (from < chunk.length) {
      if (this.image) {
        const end = this.image.take(chunk, from);
        if (end < 0) return;
        // The closing quote: the marker stands for the image, and scanning goes on after the quote.
        this.keep(new TextEncoder().encode(`${MARKER}${this.images.length}"`));
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
    // Bytes from `kept` on are kept; a long string's tail is skipped by moving `kept` past it.
    let kept = from;
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i] ?? 0;
      if (this.inString) {
        const closing = !this.escaped && !this.hexLeft && c === QUOTE;
        // Cut only between characters: never inside an escape or a UTF-8 sequence.
        if (!this.dropping && !closing && this.stringBytes >= MAX_STRING_BYTES && !this.escaped && !this.hexLeft && (c & 0xc0) !== 0x80) {
          this.keep(chunk.subarray(kept, i));
          this.dropping = true;
        }
        if (this.dropping && !closing) kept = i + 1;
        this.stringBytes++;
        if (this.escaped) {
          this.escaped = false;
          this.matched = -1;
          if (c === 0x75) this.hexLeft = 4;
        } else if (this.hexLeft) this.hexLeft--;
        else if (c === BACKSLASH) this.escaped = true;
        else if (closing) {
          this.inString = false;
          this.dropping = false;
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
        this.keep(chunk.subarray(kept, i + 1));
        this.image = new Base64Sink();
        return i + 1;
      }
      this.afterKey = 0;
      if (c === QUOTE) {
        this.inString = true;
        this.matched = 0;
        this.stringBytes = 0;
      }
    }
    this.keep(chunk.subarray(kept));
    return chunk.length;
  }

  // A copy: the chunk's memory is released once its images are decoded.
  private keep(bytes: Uint8Array): void {
    if (!bytes.length) return;
    this.textBytes += bytes.length;
    this.rest.push(bytes.slice());
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
