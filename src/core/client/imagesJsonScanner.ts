// A byte scanner for the one JSON shape the Images API answers with, fed as the body arrives:
// `{ …, "data": [ { "b64_json": "…", "revised_prompt": "…" }, … ], "usage": {…}, … }`.
// It does not build values: the base64 of every `data[i].b64_json` is handed out as views of the
// network chunks (never joined), and everything else is copied into small "skeletons" (the item
// with `"b64_json": ""`, the answer with `"data": []`) that JSON.parse reads once they close. A
// general streaming JSON parser was measured against this (see CHANGELOG): it builds every string
// it meets, which for a 5 MB base64 value is the very copy this exists to avoid.

/** What the scanner found in one chunk, in order. */
export type ScanEvent =
  | { kind: 'b64Start'; item: number }
  /** Base64 text as ASCII bytes (a view of the chunk; valid until the next feed). */
  | { kind: 'b64'; item: number; ascii: Uint8Array }
  | { kind: 'b64End'; item: number }
  /** An element of `data` closed: its JSON text with b64_json emptied. */
  | { kind: 'itemEnd'; item: number; skeleton: string };

type Role = 'root' | 'data' | 'item' | 'other';
interface Frame {
  array: boolean;
  role: Role;
  /** In an object: the next string is a key. */
  expectKey: boolean;
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const B64_ESCAPES: Record<string, number | null> = { '/': 0x2f, n: null, r: null, t: null };

/** Grows a byte buffer without copying on every append. */
class Bytes {
  private buf = new Uint8Array(256);
  length = 0;
  push(part: Uint8Array): void {
    if (this.length + part.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + part.length));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(part, this.length);
    this.length += part.length;
  }
  byte(b: number): void {
    this.push(Uint8Array.of(b));
  }
  text(): string {
    return new TextDecoder().decode(this.buf.subarray(0, this.length));
  }
  reset(): void {
    this.buf = new Uint8Array(256);
    this.length = 0;
  }
}

/** Scans one answer; `feed` every chunk, then `end`. */
export class ImagesJsonScanner {
  private stack: Frame[] = [];
  private started = false;
  /** 'key' | 'value' string, or 'b64' (streamed), or none. */
  private inString: 'key' | 'value' | 'b64' | undefined;
  private escaping = false;
  /** A `\uXXXX` escape inside base64 being read (its hex digits so far). */
  private unicode: string | undefined;
  private keyBytes = new Bytes();
  private outer = new Bytes();
  private itemBytes = new Bytes();
  private itemOpen = false;
  private items = 0;

  /** `single`: the answer is itself the item (one SSE event: `{"type":…,"b64_json":"…"}`). */
  constructor(private readonly single = false) {}

  /** Scans a chunk; throws on bytes that cannot be this shape of JSON. */
  feed(chunk: Uint8Array): ScanEvent[] {
    const events: ScanEvent[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.inString) {
        i = this.inString === 'b64' ? this.scanBase64(chunk, i, events) : this.scanString(chunk, i);
        continue;
      }
      this.structural(chunk[i] ?? 0, events);
      i++;
    }
    return events;
  }

  /** The answer without its images' data, once the whole body is scanned; throws when it was cut short. */
  end(): string {
    if (!this.started || this.stack.length || this.inString) throw new Error('the answer is cut short');
    return this.outer.text();
  }

  /** Items whose element has begun (the last may still be open). */
  get itemCount(): number {
    return this.items;
  }

  private get top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private sink(): Bytes {
    return this.itemOpen ? this.itemBytes : this.outer;
  }

  private structural(b: number, events: ScanEvent[]): void {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) return;
    const top = this.top;
    if (!this.started) {
      this.started = true;
      if (b !== 0x7b) throw new Error('the answer is not a JSON object');
    } else if (!top) {
      throw new Error('more text follows the answer');
    }
    if (top && !top.array && top.expectKey && b !== QUOTE && b !== 0x7d && b !== 0x2c) throw new Error('an object key is not a string');
    // A value starting directly in `data` opens an item.
    if (top?.role === 'data' && !this.itemOpen && b !== 0x2c && b !== 0x5d) {
      this.itemOpen = true;
      this.itemBytes.reset();
    }
    if (top?.role === 'data' && this.itemOpen && (b === 0x2c || b === 0x5d)) this.closeItem(events);
    const sink = this.sink();
    switch (b) {
      case 0x7b: // {
      case 0x5b: {
        // [
        const array = b === 0x5b;
        if (!top && this.single) {
          this.itemOpen = true;
          this.itemBytes.reset();
        }
        const role: Role = !top
          ? this.single
            ? 'item'
            : 'root'
          : top.role === 'root' && top.key === 'data' && array
            ? 'data'
            : top.role === 'data' && !array
              ? 'item'
              : 'other';
        if (role === 'data') this.outer.push(new TextEncoder().encode('[]'));
        else this.sink().byte(b);
        this.stack.push({ array, role, expectKey: !array, key: '' });
        return;
      }
      case 0x7d: // }
      case 0x5d: {
        // ]
        const frame = this.stack.pop();
        if (!frame || frame.array !== (b === 0x5d)) throw new Error('brackets do not match');
        if (frame.role !== 'data') this.sink().byte(b);
        if (frame.role === 'item') this.closeItem(events);
        if (frame.role === 'item' && this.single) this.outer.push(new TextEncoder().encode('{}'));
        return;
      }
      case 0x3a: // :
        if (!top || top.array) throw new Error('a colon outside an object');
        sink.byte(b);
        return;
      case 0x2c: // ,
        if (top && !top.array) top.expectKey = true;
        if (top?.role !== 'data') sink.byte(b);
        return;
      case QUOTE: {
        const isKey = !!top && !top.array && top.expectKey;
        if (isKey) {
          top.expectKey = false;
          this.keyBytes.reset();
          this.inString = 'key';
        } else {
          this.inString = top?.role === 'item' && top.key === 'b64_json' ? 'b64' : 'value';
          if (this.inString === 'b64') events.push({ kind: 'b64Start', item: this.items });
        }
        sink.byte(b);
        return;
      }
      default:
        // Numbers, true, false, null: copied, checked by JSON.parse of the skeleton.
        sink.byte(b);
    }
  }

  private closeItem(events: ScanEvent[]): void {
    if (!this.itemOpen) return;
    this.itemOpen = false;
    events.push({ kind: 'itemEnd', item: this.items++, skeleton: this.itemBytes.text() });
    this.itemBytes.reset();
  }

  /** An ordinary string: copied to the skeleton up to its closing quote. */
  private scanString(chunk: Uint8Array, from: number): number {
    const sink = this.sink();
    let i = from;
    if (this.escaping) {
      this.escaping = false;
      i++;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i] ?? 0;
      if (c === BACKSLASH) {
        if (i + 1 >= chunk.length) {
          this.escaping = true;
          i++;
          break;
        }
        i++;
      } else if (c === QUOTE) {
        const part = chunk.subarray(from, i + 1);
        sink.push(part);
        if (this.inString === 'key') {
          this.keyBytes.push(chunk.subarray(from, i));
          this.top!.key = this.keyBytes.text();
        }
        this.inString = undefined;
        return i + 1;
      }
    }
    const end = Math.min(i, chunk.length);
    sink.push(chunk.subarray(from, end));
    if (this.inString === 'key') this.keyBytes.push(chunk.subarray(from, end));
    return end;
  }

  /** Base64: runs between escapes go out as views; `\/`, `\n`… are read here, across chunks too. */
  private scanBase64(chunk: Uint8Array, from: number, events: ScanEvent[]): number {
    const item = this.items;
    let i = from;
    while (i < chunk.length && (this.escaping || this.unicode !== undefined)) i = this.escape(chunk, i, events, item);
    const quote = chunk.indexOf(QUOTE, i);
    const slash = chunk.indexOf(BACKSLASH, i);
    const stop = slash >= 0 && (quote < 0 || slash < quote) ? slash : quote;
    const runEnd = stop < 0 ? chunk.length : stop;
    if (runEnd > i) events.push({ kind: 'b64', item, ascii: chunk.subarray(i, runEnd) });
    if (stop < 0) return chunk.length;
    if (stop === slash) {
      this.escaping = true;
      return stop + 1;
    }
    this.inString = undefined;
    this.sink().byte(QUOTE);
    events.push({ kind: 'b64End', item });
    return stop + 1;
  }

  private escape(chunk: Uint8Array, i: number, events: ScanEvent[], item: number): number {
    const c = chunk[i] ?? 0;
    if (this.escaping) {
      this.escaping = false;
      const ch = String.fromCharCode(c);
      if (ch === 'u') {
        this.unicode = '';
        return i + 1;
      }
      if (!(ch in B64_ESCAPES)) throw new Error('an escape that cannot be in base64');
      const value = B64_ESCAPES[ch];
      if (value !== null && value !== undefined) events.push({ kind: 'b64', item, ascii: Uint8Array.of(value) });
      return i + 1;
    }
    this.unicode += String.fromCharCode(c);
    if (this.unicode!.length === 4) {
      const code = Number.parseInt(this.unicode!, 16);
      this.unicode = undefined;
      if (!Number.isFinite(code) || code > 0x7f) throw new Error('an escape that cannot be in base64');
      // Whitespace escapes are skipped (some encoders wrap lines); the rest must be base64.
      if (code !== 0x0a && code !== 0x0d && code !== 0x20 && code !== 0x09) events.push({ kind: 'b64', item, ascii: Uint8Array.of(code) });
    }
    return i + 1;
  }
}
