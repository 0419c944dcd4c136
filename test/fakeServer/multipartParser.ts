// A small multipart/form-data parser: the fake must see exactly what the client sent (field names,
// filenames, content types), so it parses the raw bytes itself.

/** One parsed part. */
export interface ParsedPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Parses a multipart body; throws on a malformed one (the fake answers 400). */
export function parseMultipart(body: Buffer, contentType: string): ParsedPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart body without boundary');
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: ParsedPart[] = [];
  let at = body.indexOf(boundary);
  if (at < 0) throw new Error('boundary not found in body');
  for (;;) {
    at += boundary.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    if (body.subarray(at, at + 2).toString() !== '\r\n') throw new Error('malformed boundary line');
    at += 2;
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error('part without header end');
    const head = body.subarray(at, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headEnd + 4);
    if (next < 0) throw new Error('unterminated part');
    const data = body.subarray(headEnd + 4, next);
    const disp = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(disp)?.[1];
    if (name === undefined) throw new Error('part without a name');
    const filename = /\bfilename="([^"]*)"/.exec(disp)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
    parts.push({ name, ...(filename !== undefined ? { filename } : {}), ...(type ? { contentType: type } : {}), data });
    at = next + 2;
  }
  return parts;
}
