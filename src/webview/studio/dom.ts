// A tiny element builder: the Studio is plain HTML, so this is all the "framework" it needs. Text
// always goes through textContent (never innerHTML): prompts and file names are user data.

/** Attributes and properties for `h`; `false`/`undefined` leave an attribute out. */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | undefined>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined) el.append(child);
  return el;
}

/** The element with this id, typed; throws when the page skeleton lacks it (a bug, not user error). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`Studio page is missing #${id}`); // l10n-ignore: a bug report, not for users
  return el;
}
