// Safe output file names: a slug of the prompt, a template with {slug} {date} {index} {model}, and
// a picker that never reuses an existing name. Pure, so the CLI and the extension name files alike.

const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/**
 * Longest base name we produce (before the extension), in UTF-8 bytes: file systems limit names
 * to 255 bytes, not characters (84 CJK characters are 252 bytes). 120 leaves room for `-10000`,
 * `.jpeg.json` and the temporary names writers build from it.
 */
export const MAX_NAME_BYTES = 120;
/** Longest name (with extension) any common file system accepts, in bytes. */
export const MAX_FILE_NAME_BYTES = 255;

/** UTF-8 length of a string. */
export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Short lowercase ASCII slug of a prompt (at most `maxWords` words and 48 characters); 'image' when empty. */
export function slugify(prompt: string, maxWords = 6): string {
  const words = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, maxWords);
  const slug = words.join('-').slice(0, 48).replace(/-+$/, '');
  return slug || 'image';
}

/** `YYYYMMDD-HHmmss` in local time. */
export function formatDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Values for the template placeholders. */
export interface NameFields {
  prompt: string;
  model: string;
  index: number;
  date: Date;
}

/** Expands a template ({slug}, {date}, {index}, {model}) and makes the result safe (no extension added). */
export function renderFileName(template: string, fields: NameFields): string {
  const values = {
    slug: slugify(fields.prompt),
    date: formatDate(fields.date),
    index: String(fields.index + 1),
    model: fields.model,
  };
  const expanded = template.replace(/\{(slug|date|index|model)\}/g, (_, k: keyof typeof values) => values[k]);
  return sanitizeFileName(expanded);
}

/** Makes a base name safe on every OS: no separators, traversal, control chars or reserved device names; bounded length. */
export function sanitizeFileName(name: string): string {
  let s = name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\- ]+|[. ]+$/g, '');
  if (utf8Length(s) > MAX_NAME_BYTES) s = truncateUtf8(s, MAX_NAME_BYTES).replace(/[. ]+$/, '');
  // Windows refuses CON, NUL, COM1… even with an extension, so the stem before the first dot counts.
  if (RESERVED.test((s.split('.')[0] ?? '').trim())) s = `_${s}`;
  return s || 'image';
}

/** Picks `base.ext`, else `base-2.ext`, `base-3.ext`… the first name `exists` says is free. */
export async function pickFreeName(
  base: string,
  ext: string,
  exists: (name: string) => Promise<boolean>,
  maxTries = 10_000,
): Promise<string> {
  const safe = sanitizeFileName(base);
  const dotExt = ext ? `.${ext.replace(/^\.+/, '')}` : '';
  for (let i = 1; i <= maxTries; i++) {
    const name = i === 1 ? `${safe}${dotExt}` : `${safe}-${i}${dotExt}`;
    if (!(await exists(name))) return name;
  }
  throw new Error(`No free file name for ${safe}${dotExt} after ${maxTries} tries.`);
}

/** File extension for an image format. */
export function extensionFor(format: 'png' | 'jpeg' | 'webp' | 'gif' | 'svg'): string {
  return format === 'jpeg' ? 'jpg' : format;
}
