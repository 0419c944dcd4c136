// Base64 in both runtimes core runs in: Node (Buffer is fast for multi-megabyte images) and a
// browser-like host (atob/btoa) should core ever be bundled there.

interface BufferLike {
  from(data: string, enc: 'base64'): Uint8Array & { buffer: ArrayBuffer };
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** Decodes standard base64 (whitespace tolerated) into bytes. */
export function decodeBase64(text: string): Uint8Array {
  if (NodeBuffer) {
    // Node's decoder already skips whitespace, so a multi-megabyte image is neither scanned by a
    // regex nor copied: the result is a plain Uint8Array view of the decoded memory. Only a small
    // result carved out of Node's shared pool is copied, so it never keeps (or exposes) the pool.
    const buf = NodeBuffer.from(text, 'base64');
    return buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf);
  }
  const bin = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Decodes base64 given as ASCII bytes (no whitespace); the length must be a multiple of 4. */
function decodeAsciiQuads(ascii: Uint8Array): Uint8Array {
  // A view, not a copy: the run is read once, as latin1 text, by the native decoder.
  const NodeBuf = (
    globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { toString(enc: 'latin1'): string } } }
  ).Buffer;
  const text = NodeBuf
    ? NodeBuf.from(ascii.buffer, ascii.byteOffset, ascii.byteLength).toString('latin1')
    : new TextDecoder('latin1').decode(ascii);
  return decodeBase64(text);
}

/**
 * Decodes base64 that arrives in pieces cut anywhere (inside a quad too): whole quads are decoded
 * as they come, the up to three characters left over wait for the next piece. Memory stays at one
 * piece, never the whole text.
 */
export class Base64StreamDecoder {
  private carry = new Uint8Array(4);
  private carried = 0;
  private ended = false;
  /** The start of the text while it may still be a `data:…;base64,` prefix (some servers send one). */
  private prefix: number[] | undefined = [];

  /** Decodes a piece of base64 ASCII bytes (no whitespace); throws on a character outside base64. */
  push(ascii: Uint8Array): Uint8Array[] {
    if (this.prefix) {
      const rest = this.skipPrefix(ascii);
      if (!rest) return [];
      ascii = rest;
    }
    if (this.ended && ascii.length) throw new Error('base64 text goes on after its padding');
    const out: Uint8Array[] = [];
    let at = 0;
    if (this.carried) {
      const take = Math.min(4 - this.carried, ascii.length);
      this.carry.set(ascii.subarray(0, take), this.carried);
      this.carried += take;
      at = take;
      if (this.carried < 4) return out;
      out.push(this.quads(this.carry));
      this.carried = 0;
    }
    const whole = at + Math.floor((ascii.length - at) / 4) * 4;
    if (whole > at) out.push(this.quads(ascii.subarray(at, whole)));
    this.carry.set(ascii.subarray(whole), 0);
    this.carried = ascii.length - whole;
    return out;
  }

  /** The text after a `data:` prefix, undefined while the prefix may go on. */
  private skipPrefix(ascii: Uint8Array): Uint8Array | undefined {
    const seen = this.prefix!;
    if (seen.length < 5) {
      const need = Math.min(5 - seen.length, ascii.length);
      for (let i = 0; i < need; i++) seen.push(ascii[i] ?? 0);
      if (seen.length < 5) {
        if (String.fromCharCode(...seen) === 'data:'.slice(0, seen.length)) return undefined;
      }
      if (String.fromCharCode(...seen) !== 'data:') {
        // Plain base64: what was held back is decoded with the rest.
        this.prefix = undefined;
        const held = Uint8Array.from(seen.slice(0, seen.length - need));
        return held.length ? Uint8Array.from([...held, ...ascii]) : ascii;
      }
      ascii = ascii.subarray(need);
    }
    const comma = ascii.indexOf(0x2c);
    if (comma < 0) {
      if ((seen.length += ascii.length) > 256) throw new Error('a data: URL without its comma');
      return undefined;
    }
    this.prefix = undefined;
    return ascii.subarray(comma + 1);
  }

  /** The last bytes (unpadded base64 is accepted, as Node's decoder does). */
  end(): Uint8Array[] {
    if (this.prefix && this.prefix.length) {
      const held = Uint8Array.from(this.prefix);
      this.prefix = undefined;
      if (String.fromCharCode(...held).startsWith('data:')) throw new Error('a data: URL without its comma');
      const out = this.push(held);
      return [...out, ...this.end()];
    }
    if (!this.carried) return [];
    if (this.carried === 1) throw new Error('base64 text ends in the middle of a character');
    const rest = this.carry.slice(0, this.carried);
    const length = this.carried;
    this.carried = 0;
    const out = decodeAsciiQuads(rest);
    if (out.length !== length - 1) throw new Error('not base64');
    return [out];
  }

  private quads(ascii: Uint8Array): Uint8Array {
    if (this.ended) throw new Error('base64 text goes on after its padding');
    if (ascii[ascii.length - 1] === 0x3d) this.ended = true;
    // Padding anywhere but the last quad means two texts were joined: refuse, do not guess.
    const firstPad = ascii.indexOf(0x3d);
    if (firstPad >= 0 && firstPad < ascii.length - 2) throw new Error('base64 padding in the middle of the text');
    const out = decodeAsciiQuads(ascii);
    // The decoder skips what is not base64, so a garbled run decodes short: checked in O(1).
    const pads = firstPad < 0 ? 0 : ascii.length - firstPad;
    if (out.length !== (ascii.length / 4) * 3 - pads) throw new Error('not base64');
    return out;
  }
}
