// Safe output file names: a slug of the prompt, a template with {slug} {date} {index} {model}, and
// a picker that never reuses an existing name. Pure, so the CLI and the extension name files alike.

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** Longest base name we produce (before the extension), well under common 255-byte limits. */
export const MAX_NAME_LENGTH = 120;

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
  const values: Record<string, string> = {
    slug: slugify(fields.prompt),
    date: formatDate(fields.date),
    index: String(fields.index + 1),
    model: fields.model,
  };
  const expanded = template.replace(/\{(slug|date|index|model)\}/g, (_, k: string) => values[k]!);
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
  if (s.length > MAX_NAME_LENGTH) s = s.slice(0, MAX_NAME_LENGTH).replace(/[. ]+$/, '');
  // Windows refuses CON, NUL, COM1… even with an extension, so the stem before the first dot counts.
  if (RESERVED.test(s.split('.')[0]!.trim())) s = `_${s}`;
  return s || 'image';
}

/** Picks `base.ext`, else `base-2.ext`, `base-3.ext`… the first name `exists` says is free. */
export async function pickFreeName(base: string, ext: string, exists: (name: string) => Promise<boolean>, maxTries = 10_000): Promise<string> {
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
