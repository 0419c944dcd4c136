// A sheet's frame names and animations: the names given (or `<sheet>_<index>`), and each
// animation's frames resolved to those names ("all" in cell order). With no animation declared,
// one named `default` plays every frame (the name Godot's AnimatedSprite2D starts with).
import { t } from '../l10n';
import type { AnimationRecord } from '../atlas/atlasData';

/** One animation as a manifest declares it. */
export interface SheetAnimationSpec {
  frames: readonly string[] | 'all';
  fps?: number;
  loop?: boolean;
}

/** Frames per second when an animation does not say. */
export const DEFAULT_FPS = 8;

/** The name of every frame: `names[i]` where given, else `<base>_<i>`; refuses duplicates. */
export function frameNames(count: number, base: string, names: readonly string[] = []): string[] {
  const out = Array.from({ length: count }, (_, i) => names[i] ?? `${base}_${i}`);
  const seen = new Set<string>();
  for (const name of out) {
    if (seen.has(name)) throw new RangeError(t('The frame name "{name}" is used twice.', { name }));
    seen.add(name);
  }
  return out;
}

/** Resolves `animations` over `names`; refuses a frame that is not one of them. */
export function resolveAnimations(names: readonly string[], animations?: Readonly<Record<string, SheetAnimationSpec>>): AnimationRecord[] {
  const declared = animations && Object.keys(animations).length > 0 ? animations : { default: { frames: 'all' as const } };
  const known = new Set(names);
  return Object.entries(declared).map(([name, spec]) => {
    const frames = spec.frames === 'all' ? [...names] : [...spec.frames];
    for (const frame of frames)
      if (!known.has(frame))
        throw new RangeError(t('The animation "{name}" names a frame "{frame}" the sheet does not have.', { name, frame }));
    return { name, frames, fps: spec.fps ?? DEFAULT_FPS, loop: spec.loop ?? true };
  });
}
