// Writing one asset entry into a manifest's text as a person would: the new entry is laid out on
// its own lines with the indentation of its neighbours, and nothing else in the file moves (a
// formatter run over the edit reflowed the entry before it), comments included. And the entry
// says every option the image was made with that the manifest's defaults would otherwise change.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { AssetOptions, AssetSpec } from './manifestTypes';

/** Options whose API default is `auto`: an absent one was made as `auto`. */
const AUTO_OPTIONS = new Set(['size', 'quality', 'background', 'moderation']);

/**
 * The options an entry must state so that it resolves to what the image was made with: the value
 * made, where the defaults would say otherwise (`"quality": "auto"` under a default of "high"), and
 * nothing the defaults already say.
 */
export function optionsAgainstDefaults(
  made: Partial<Record<keyof AssetOptions, unknown>>,
  defaults: AssetOptions,
  names: ReadonlyArray<keyof AssetOptions>,
): Partial<AssetOptions> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = made[name] ?? (AUTO_OPTIONS.has(name) ? 'auto' : undefined);
    if (value === undefined) continue;
    const inherited = defaults[name] ?? (AUTO_OPTIONS.has(name) ? 'auto' : undefined);
    if (value !== inherited) out[name] = value;
  }
  return out as Partial<AssetOptions>;
}

/** The text with `assets[path]` set to `entry`: replaced in place when present, else added after the last asset. */
export function setAssetEntry(text: string, path: string, entry: AssetSpec): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return `${JSON.stringify({ assets: { [path]: entry } }, null, 2)}\n`;
  const assets = findNodeAtLocation(root, ['assets']);
  if (!assets) return setProperty(text, root, 'assets', { [path]: entry });
  if (assets.type !== 'object') throw new Error('"assets" is not an object.');
  return setProperty(text, assets, path, entry);
}

function setProperty(text: string, object: Node, key: string, value: unknown): string {
  const existing = object.children?.find((p) => p.children?.[0]?.value === key);
  if (existing?.children?.[1]) {
    const old = existing.children[1];
    return text.slice(0, old.offset) + laidOut(value, indentAt(text, existing.offset)) + text.slice(old.offset + old.length);
  }
  const last = object.children?.at(-1);
  if (!last) {
    // An empty object: the entry on its own line inside the braces.
    const outer = indentAt(text, object.offset);
    const inner = `${outer}  `;
    const close = object.offset + object.length - 1;
    return `${text.slice(0, object.offset + 1)}\n${inner}${JSON.stringify(key)}: ${laidOut(value, inner)}\n${outer}${text.slice(close)}`;
  }
  const indent = indentAt(text, last.offset);
  let at = last.offset + last.length;
  let comma = ',';
  // A trailing comma (JSON with comments allows one) is used rather than doubled.
  const after = /^\s*,/.exec(text.slice(at));
  if (after) {
    at += after[0].length;
    comma = '';
  }
  return `${text.slice(0, at)}${comma}\n${indent}${JSON.stringify(key)}: ${laidOut(value, indent)}${text.slice(at)}`;
}

/** The whitespace that starts the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** JSON with two-space steps, its later lines indented to sit under `indent`. */
function laidOut(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
