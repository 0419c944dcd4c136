// A Godot 4 text resource: a SpriteFrames whose frames are AtlasTexture sub-resources cut from the
// page textures (`region = Rect2(x, y, w, h)`; a trimmed frame gets back its untrimmed size
// through `margin`). Declared animations play at their fps; every frame in no animation becomes a
// one-frame animation of its own name, so `sprite_frames.get_frame_texture(&"icons/play", 0)`
// reaches any frame. Page paths are relative: Godot resolves them against the .tres's folder.
import type { AnimationRecord, AtlasData, FrameRecord } from '../atlasData';

/** A Godot string literal (quotes and backslashes escaped). */
function godotString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** A float as Godot writes it: always with a decimal point. */
function godotFloat(value: number): string {
  const text = String(Math.round(value * 10000) / 10000);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The .tres text for `data`. */
export function godotSpriteFrames(data: AtlasData): string {
  const frames: Array<{ page: number; record: FrameRecord }> = data.pages.flatMap((page, p) =>
    page.frames.map((record) => ({ page: p, record })),
  );
  const subId = new Map(frames.map(({ record }, i) => [record.name, `AtlasTexture_${i}`]));
  const lines = [`[gd_resource type="SpriteFrames" load_steps=${data.pages.length + frames.length + 1} format=3]`, ''];
  data.pages.forEach((page, p) => lines.push(`[ext_resource type="Texture2D" path=${godotString(page.image)} id="page_${p}"]`));
  lines.push('');
  for (const { page, record: f } of frames) {
    lines.push(`[sub_resource type="AtlasTexture" id="${subId.get(f.name)}"]`);
    lines.push(`atlas = ExtResource("page_${page}")`);
    lines.push(`region = Rect2(${f.frame.x}, ${f.frame.y}, ${f.frame.w}, ${f.frame.h})`);
    if (f.trimmed) {
      const m = f.spriteSourceSize;
      lines.push(`margin = Rect2(${m.x}, ${m.y}, ${f.sourceSize.w - m.w}, ${f.sourceSize.h - m.h})`);
    }
    lines.push('filter_clip = true', '');
  }
  const animated = new Set(data.animations.flatMap((a) => a.frames));
  const single: AnimationRecord[] = frames
    .filter(({ record }) => !animated.has(record.name))
    .map(({ record }) => ({ name: record.name, frames: [record.name], fps: 5, loop: false }));
  const entries = [...data.animations, ...single].map((a) => {
    const list = a.frames.map((name) => `{\n"duration": 1.0,\n"texture": SubResource("${subId.get(name)}")\n}`).join(', ');
    return `{\n"frames": [${list}],\n"loop": ${a.loop},\n"name": &${godotString(a.name)},\n"speed": ${godotFloat(a.fps)}\n}`;
  });
  lines.push('[resource]', `animations = [${entries.join(', ')}]`, '');
  return lines.join('\n');
}
