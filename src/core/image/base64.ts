// Base64 in both runtimes core runs in: Node (Buffer is fast for multi-megabyte images) and a
// browser-like host (atob/btoa) should core ever be bundled there.

interface BufferLike { from(data: string, enc: 'base64'): Uint8Array & { buffer: ArrayBuffer } }
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
