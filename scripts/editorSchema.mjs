// The manifest's editor schema, derived from the strict one: VS Code's JSON language service shows
// a diagnostic for every schema keyword that fails, beside Image Studio's own diagnostics, which say
// the same thing better ("Asset path must not go up with ..", not "String does not match the
// pattern of ^(?![/\\])…"). So the schema contributed to the editor keeps what helps while typing
// (descriptions, types, defaults, and the allowed values as examples to complete) and drops the
// keywords that only refuse. `node scripts/editorSchema.mjs` rewrites it; a unit test checks it.
import { readFileSync, writeFileSync } from 'node:fs';

const REFUSING = new Set([
  'pattern',
  'propertyNames',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'not',
  'dependencies',
  'dependentRequired',
]);

/** The editor's copy of a strict schema (a deep copy; the strict one is untouched). */
export function editorSchema(strict) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (REFUSING.has(key)) continue;
      // An unknown field is diagnosed by the extension; `false` here would say it a second time.
      if (key === 'additionalProperties' && value === false) continue;
      if (key === 'enum' || key === 'const') {
        out.examples = key === 'const' ? [value] : value;
        continue;
      }
      // Alternatives stay for completion, but as anyOf: with their refusals gone, two branches of a
      // oneOf would both match, and oneOf refuses that.
      if (key === 'oneOf') {
        out.anyOf = walk(value);
        continue;
      }
      out[key] = walk(value);
    }
    return out;
  };
  return {
    ...walk(strict),
    $id: strict.$id.replace(/\.schema\.json$/, '.editor.schema.json'),
    $comment:
      'Generated from image-studio.schema.json by scripts/editorSchema.mjs: completion and hovers only; Image Studio itself reports the problems.',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const strict = JSON.parse(readFileSync(`${root}schemas/image-studio.schema.json`, 'utf8'));
  writeFileSync(`${root}schemas/image-studio.editor.schema.json`, `${JSON.stringify(editorSchema(strict), null, 2)}\n`);
}
