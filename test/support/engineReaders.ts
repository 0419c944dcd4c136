// Readers written from the engines' documented loaders, so tests check our data files the way the
// engines read them rather than against our own writer: Phaser 3's JSONHash / JSONArray /
// multi-atlas parsers (frame, trimmed → setTrim(sourceSize, spriteSourceSize), anchor → pivot),
// and a reader of Godot 4 text resources (sections, properties, and the SpriteFrames
// `animations` array with SubResource references and &"StringName"s).

/** A frame as Phaser's texture manager ends up holding it. */
export interface PhaserFrame {
  name: string;
  source: number;
  cut: [number, number, number, number];
  trim?: [number, number, number, number, number, number];
  pivot?: [number, number];
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} is not a number: ${JSON.stringify(value)}`);
  return value;
}

interface TpFrame {
  frame: { x: number; y: number; w: number; h: number };
  rotated?: boolean;
  trimmed?: boolean;
  sourceSize: { w: number; h: number };
  spriteSourceSize: { x: number; y: number; w: number; h: number };
  anchor?: { x: number; y: number };
}

function phaserFrame(name: string, source: number, src: TpFrame): PhaserFrame {
  if (src.rotated) throw new Error(`${name}: rotated frames are not expected`);
  const out: PhaserFrame = {
    name,
    source,
    cut: [num(src.frame.x, 'frame.x'), num(src.frame.y, 'frame.y'), num(src.frame.w, 'frame.w'), num(src.frame.h, 'frame.h')],
  };
  if (src.trimmed)
    out.trim = [
      num(src.sourceSize.w, 'sourceSize.w'),
      num(src.sourceSize.h, 'sourceSize.h'),
      num(src.spriteSourceSize.x, 'spriteSourceSize.x'),
      num(src.spriteSourceSize.y, 'spriteSourceSize.y'),
      num(src.spriteSourceSize.w, 'spriteSourceSize.w'),
      num(src.spriteSourceSize.h, 'spriteSourceSize.h'),
    ];
  if (src.anchor) out.pivot = [num(src.anchor.x, 'anchor.x'), num(src.anchor.y, 'anchor.y')];
  return out;
}

/** Phaser's `load.atlas` with a JSON Hash (frames keyed by name) or a JSON Array (`filename`). */
export function readPhaserAtlas(json: unknown): PhaserFrame[] {
  const data = json as { frames?: Record<string, TpFrame> | Array<TpFrame & { filename: string }> };
  if (!data.frames) throw new Error("Invalid Texture Atlas JSON, missing 'frames'");
  if (Array.isArray(data.frames)) return data.frames.map((f) => phaserFrame(f.filename, 0, f));
  return Object.entries(data.frames).map(([name, f]) => phaserFrame(name, 0, f));
}

/** Phaser's `load.multiatlas`: the page images to load, and every frame by page. */
export function readPhaserMultiAtlas(json: unknown): { images: string[]; frames: PhaserFrame[] } {
  const data = json as { textures?: Array<{ image: string; frames: Array<TpFrame & { filename: string }> }> };
  if (!Array.isArray(data.textures)) throw new Error("Invalid multi-atlas JSON, missing 'textures'");
  return {
    images: data.textures.map((t) => t.image),
    frames: data.textures.flatMap((t, i) => t.frames.map((f) => phaserFrame(f.filename, i, f))),
  };
}

/** One `[section attrs]` of a Godot text resource and its `key = value` properties. */
export interface TresSection {
  kind: string;
  attrs: Record<string, string>;
  props: Record<string, string>;
}

/** Splits a Godot 4 text resource into its sections. */
export function readTres(text: string): TresSection[] {
  const sections: TresSection[] = [];
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^\[(\w+)((?:\s+\w+=(?:"[^"]*"|[^\s\]]+))*)\]$/.exec(line);
    if (head) {
      const attrs: Record<string, string> = {};
      for (const m of head[2]!.matchAll(/(\w+)=("([^"]*)"|[^\s\]]+)/g)) attrs[m[1]!] = m[3] ?? m[2]!;
      sections.push({ kind: head[1]!, attrs, props: {} });
      key = undefined;
      continue;
    }
    const current = sections[sections.length - 1];
    const prop = /^(\w+) = (.*)$/.exec(line);
    if (prop && current) {
      key = prop[1]!;
      current.props[key] = prop[2]!;
    } else if (key && current && line !== '') current.props[key] += '\n' + line;
  }
  return sections;
}

/** A SpriteFrames' `animations` value as plain data: SubResource("id") becomes "sub:id", &"name" becomes "name". */
export function readGodotAnimations(
  value: string,
): Array<{ name: string; speed: number; loop: boolean; frames: Array<{ duration: number; texture: string }> }> {
  const json = value.replace(/SubResource\("([^"]*)"\)/g, '"sub:$1"').replace(/&"/g, '"');
  return JSON.parse(json);
}

/** `Rect2(x, y, w, h)` as numbers. */
export function readRect2(value: string): [number, number, number, number] {
  const m = /^Rect2\((-?[\d.]+), (-?[\d.]+), (-?[\d.]+), (-?[\d.]+)\)$/.exec(value);
  if (!m) throw new Error(`not a Rect2: ${value}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}
