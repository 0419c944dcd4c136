// A record of an agent door's tool calls and their answers, as the tests make them against the
// fake Images API: written as markdown only when IMAGE_STUDIO_TRANSCRIPTS names a folder, so a
// person can read what an agent sees (images are shown by their size, not their bytes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One exchange: what was called, and what came back. */
interface Exchange {
  title: string;
  call: unknown;
  answer: unknown;
  notes: string[];
}

/** Collects exchanges for one door and writes them at the end of its suite. */
export class Transcript {
  private readonly exchanges: Exchange[] = [];

  constructor(private readonly heading: string) {}

  /** Records a call and its answer; `notes` are progress lines or what the user was asked. */
  add(title: string, call: unknown, answer: unknown, notes: string[] = []): void {
    this.exchanges.push({ title, call, answer: shrinkImages(answer), notes });
  }

  /** Writes `<folder>/<file>` when IMAGE_STUDIO_TRANSCRIPTS is set; returns the path written. */
  write(file: string): string | undefined {
    const dir = process.env.IMAGE_STUDIO_TRANSCRIPTS;
    if (!dir || !this.exchanges.length) return undefined;
    mkdirSync(dir, { recursive: true });
    const parts = [`# ${this.heading}`, ''];
    for (const e of this.exchanges) {
      parts.push(`## ${e.title}`, '', 'Call:', '```json', JSON.stringify(e.call, null, 2), '```', '');
      if (e.notes.length) parts.push('While it ran:', '', ...e.notes.map((n) => `- ${n}`), '');
      parts.push('Answer:', '```json', JSON.stringify(e.answer, null, 2), '```', '');
    }
    const path = join(dir, file);
    writeFileSync(path, parts.join('\n'));
    return path;
  }
}

/** Base64 image data and byte arrays replaced by a short description. */
function shrinkImages(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map(shrinkImages);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = k === 'data' && typeof v === 'string' ? `<base64, ${Math.floor((v.length * 3) / 4)} bytes>` : shrinkImages(v);
    return out;
  }
  return value;
}
