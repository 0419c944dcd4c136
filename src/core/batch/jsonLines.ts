// Reads a JSONL stream one line at a time. Only the line being read is held: a batch output file
// of hundreds of images is gigabytes, each line one base64 image, so the file is never whole in
// memory. A line longer than any image can make is refused rather than buffered without end.
import { ImageStudioError } from '../client/errors';
import { mb } from '../client/bodyLimits';

/** One line of the file (1-based number) and its text. */
export interface JsonLine {
  line: number;
  text: string;
}

/** Yields each non-empty line of `stream`; throws when a line exceeds `maxLineBytes`. */
export async function* readJsonLines(stream: ReadableStream<Uint8Array>, maxLineBytes: number, what = 'the file'): AsyncGenerator<JsonLine> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 0;
  const take = (tail: Uint8Array): string => {
    const parts = [...pending, tail];
    pending = [];
    pendingBytes = 0;
    const joined = parts.length === 1 ? parts[0]! : concat(parts);
    return decoder.decode(joined);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let start = 0;
      for (let nl = value.indexOf(0x0a); nl >= 0; nl = value.indexOf(0x0a, start)) {
        line++;
        const text = take(value.subarray(start, nl));
        start = nl + 1;
        if (text.trim()) yield { line, text };
      }
      if (start < value.length) {
        pendingBytes += value.length - start;
        if (pendingBytes > maxLineBytes) throw new ImageStudioError('invalid_response', `Line ${line + 1} of ${what} is longer than ${mb(maxLineBytes)}, more than one image can be; reading stopped.`, { code: 'line_too_long' });
        // A default reader hands each chunk over for good (only BYOB readers reuse memory): keep a view, not a copy.
        pending.push(value.subarray(start));
      }
    }
    if (pendingBytes) {
      line++;
      const text = take(new Uint8Array(0));
      if (text.trim()) yield { line, text };
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
