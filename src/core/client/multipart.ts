// multipart/form-data built by hand as bytes: exact filenames and content types, and no FormData
// object that would have to cross from one fetch implementation's realm into another's.

/** A text field or a file part. */
export type MultipartPart = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Uint8Array };

/** An encoded body with the matching Content-Type header value. */
export interface MultipartBody {
  body: Uint8Array;
  contentType: string;
}

/** Encodes parts as multipart/form-data with a random boundary (or the given one, for tests). */
export function encodeMultipart(parts: readonly MultipartPart[], boundary = randomBoundary()): MultipartBody {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
    if ('data' in part) {
      head += `; filename="${quote(part.filename)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`;
      chunks.push(enc.encode(head), part.data, enc.encode('\r\n'));
    } else {
      chunks.push(enc.encode(`${head}\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

// Quotes and line breaks would end the header early; browsers percent-encode them the same way.
function quote(s: string): string {
  return s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function randomBoundary(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `----ImageStudio${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
