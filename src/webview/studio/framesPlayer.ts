// A sheet's frames in the Studio: its animations played at their fps (a frame every 1000/fps ms),
// stepped one frame at a time, and after a rebuild the replaced generation's frame beside the new
// one, so the sheet is reviewed frame by frame. Frames are PNG bytes shown through blob: URLs.
import type { FrameView, ShowFramesMessage } from '../../shared/protocol';
import { h } from './dom';
import { blobUrl, dialog } from './overlays';
import { t } from '../l10n';

/** The player's state and its controls, for the tests. */
export interface FramesPlayer {
  dialog: HTMLDialogElement;
  /** The index (in the sheet's frames) of the frame shown. */
  current(): number;
  step(by: number): void;
  playing(): boolean;
}

function frameImages(frames: readonly FrameView[], owner: HTMLDialogElement, label: string): HTMLImageElement[] {
  return frames.map((f) =>
    h('img', { src: blobUrl({ bytes: f.bytes, mimeType: 'image/png' }, owner), alt: `${label} ${f.name}`, class: 'frame-image' }),
  );
}

/** Opens the player over the Studio. */
export function openFramesPlayer(m: ShowFramesMessage): FramesPlayer {
  const stage = h('div', { class: 'frames-stage' });
  const caption = h('p', { class: 'frames-caption', role: 'status' });
  const pick = h('select', { 'aria-label': t('Animation') });
  const play = h('button', { type: 'button', 'data-action': 'play' }, t('Pause'));
  const back = h('button', { type: 'button', class: 'secondary', 'data-action': 'previous-frame', 'aria-label': t('Previous frame') }, '◀');
  const next = h('button', { type: 'button', class: 'secondary', 'data-action': 'next-frame', 'aria-label': t('Next frame') }, '▶');
  const controls = h('div', { class: 'frames-controls' }, pick, back, play, next);
  const d = dialog(m.title, controls, stage, caption);
  d.id = 'frames-player';
  const current = frameImages(m.frames, d, t('Frame'));
  const previous = m.previous ? frameImages(m.previous, d, t('Previous frame')) : undefined;
  const animations = m.animations.length
    ? m.animations
    : [{ name: t('All frames'), frames: m.frames.map((_, i) => i), fps: 8, loop: true }];
  animations.forEach((a, i) => pick.append(h('option', { value: String(i) }, t('{name} ({fps} fps)', { name: a.name, fps: a.fps }))));
  let animation = animations[0]!;
  let position = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const show = () => {
    const index = animation.frames[position] ?? 0;
    const now = h(
      'figure',
      { class: 'frame' },
      current[index] ?? '',
      h('figcaption', {}, previous ? t('Rebuilt') : (m.frames[index]?.name ?? '')),
    );
    const before = previous?.[index] && h('figure', { class: 'frame' }, previous[index], h('figcaption', {}, t('Previous')));
    stage.replaceChildren(...(before ? [before, now] : [now]));
    caption.textContent = t('Frame {n} of {count}: {name}', {
      n: position + 1,
      count: animation.frames.length,
      name: m.frames[index]?.name ?? '',
    });
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    play.textContent = t('Play');
  };
  const step = (by: number) => {
    const count = animation.frames.length;
    const to = position + by;
    if (!animation.loop && (to >= count || to < 0)) {
      stop();
      return;
    }
    position = ((to % count) + count) % count;
    show();
  };
  const start = () => {
    stop();
    timer = setInterval(() => step(1), 1000 / animation.fps);
    play.textContent = t('Pause');
  };
  play.addEventListener('click', () => (timer === undefined ? start() : stop()));
  back.addEventListener('click', () => {
    stop();
    step(-1);
  });
  next.addEventListener('click', () => {
    stop();
    step(1);
  });
  pick.addEventListener('change', () => {
    animation = animations[Number(pick.value)] ?? animations[0]!;
    position = 0;
    show();
    if (timer !== undefined) start();
  });
  d.addEventListener('close', stop);
  show();
  // A review starts still, frame by frame; a plain preview plays.
  if (!previous) start();
  else stop();
  return { dialog: d, current: () => animation.frames[position] ?? 0, step, playing: () => timer !== undefined };
}
