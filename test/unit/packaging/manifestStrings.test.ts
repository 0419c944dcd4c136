// The manifest's user-facing strings live in package.nls.json (VS Code's localization structure
// for package.json: a translation adds package.nls.<locale>.json). Every title and description a
// user sees must be a %key% with an entry, and every entry must be used. The integration suite
// checks that VS Code resolves them (commands.test.ts, manifestStrings.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Manifest {
  capabilities: Record<string, { description?: string }>;
  contributes: {
    commands: Array<{ title: string }>;
    walkthroughs: Array<{ title: string; description: string; steps: Array<{ title: string; description: string }> }>;
    configuration: Array<{
      title: string;
      properties: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[] }>;
    }>;
  };
}

/** Every string a user reads in the Command Palette, Settings, walkthroughs and trust prompts. */
function userFacing(m: Manifest): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, cap] of Object.entries(m.capabilities)) if (cap.description) out.push([`capabilities.${name}`, cap.description]);
  for (const c of m.contributes.commands) out.push(['command title', c.title]);
  for (const w of m.contributes.walkthroughs) {
    out.push(['walkthrough', w.title], ['walkthrough', w.description]);
    for (const s of w.steps) out.push(['walkthrough step', s.title], ['walkthrough step', s.description]);
  }
  for (const section of m.contributes.configuration) {
    out.push(['settings section', section.title]);
    for (const [key, p] of Object.entries(section.properties)) {
      for (const text of [p.description, p.markdownDescription, ...(p.enumDescriptions ?? [])])
        if (text !== undefined) out.push([key, text]);
    }
  }
  return out;
}

describe('manifest strings (package.nls.json)', () => {
  const raw = read('package.json');
  const manifest = JSON.parse(raw) as Manifest;
  const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;

  it('every user-facing manifest string is a %key%, none hard-coded', () => {
    const literal = userFacing(manifest).filter(([, text]) => !/^%[\w.-]+%$/.test(text));
    assert.deepEqual(literal, []);
    assert.ok(userFacing(manifest).length > 30);
  });

  it('every %key% has a non-empty entry, and every entry is used', () => {
    const used = new Set([...raw.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]!));
    const missing = [...used].filter((k) => !nls[k]?.trim());
    assert.deepEqual(missing, []);
    const unused = Object.keys(nls).filter((k) => !used.has(k));
    assert.deepEqual(unused, []);
  });

  it('a pseudo-locale bundle built from package.nls.json reaches every user-facing string', () => {
    // What a translation does: the same keys, other text. Resolve the manifest with an accented,
    // bracketed copy and check no user-facing string came through untranslated.
    const accents: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú' };
    const pseudo = Object.fromEntries(Object.entries(nls).map(([k, v]) => [k, `⟦${v.replace(/[aeiou]/g, (c) => accents[c]!)}⟧`]));
    const resolved = JSON.parse(raw.replace(/"%([\w.-]+)%"/g, (_m, k: string) => JSON.stringify(pseudo[k] ?? `%${k}%`))) as Manifest;
    const untranslated = userFacing(resolved).filter(([, text]) => !(text.startsWith('⟦') && text.endsWith('⟧')));
    assert.deepEqual(untranslated, []);
  });
});
