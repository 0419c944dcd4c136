// The assets board as the board tests show it: five assets in the states a card can have, and
// the two images they point at.
import type { BoardAsset, BoardMessage } from '../../../src/shared/boardProtocol';
import { encodePng } from '../../support/png';

const card = (over: Partial<BoardAsset> & Pick<BoardAsset, 'id' | 'path' | 'badges'>): BoardAsset => ({
  manifest: 'image-studio.json',
  reason: 'Up to date.',
  declared: { width: 1024, height: 1024 },
  actions: ['rebuild', 'open'],
  ...over,
});

/** Five assets in every state a card can show; images under `origin` (see sampleBoardImages). */
export function sampleBoard(origin: string): BoardMessage {
  return {
    type: 'board',
    assets: [
      card({
        id: 'a-0',
        path: 'public/hero.png',
        badges: ['up-to-date'],
        image: { src: `${origin}/img/hero.png?v=1`, width: 1536, height: 1024 },
      }),
      card({
        id: 'a-1',
        path: 'docs/diagram.webp',
        badges: ['missing'],
        reason: 'Not built yet.',
        declared: { width: 1024, height: 1536 },
        estimateUsd: 0.0082,
        actions: ['build'],
      }),
      card({
        id: 'a-2',
        path: 'assets/coin.png',
        badges: ['stale', 'review', 'retiring'],
        reason: 'Its spec (prompt, options, style or inputs) changed since it was built.',
        image: { src: `${origin}/img/coin.png?v=1`, width: 64, height: 64 },
        estimateUsd: 0.0082,
        actions: ['review', 'keep', 'revert', 'build', 'open'],
      }),
      card({ id: 'a-3', path: 'c.png', badges: ['invalid'], reason: 'Asset "c.png" needs a "prompt".', actions: [] }),
      card({
        id: 'a-4',
        path: 'icons/app.png',
        badges: ['up-to-date', 'failing'],
        reason: 'Up to date.',
        image: { src: `${origin}/img/hero.png?v=2`, width: 96, height: 64 },
        actions: ['rebuild', 'open'],
      }),
    ],
    estimate: { usd: 0.0164, count: 2, unpriced: 0, asOf: '2025-10-06' },
    problems: [],
  };
}

/** The files sampleBoard's images are served from. */
export function sampleBoardImages(): Record<string, { body: Buffer; type: string }> {
  return {
    '/img/hero.png': { body: Buffer.from(encodePng(96, 64, { color: [40, 120, 200] })), type: 'image/png' },
    '/img/coin.png': { body: Buffer.from(encodePng(16, 16, { alpha: 'transparent-left' })), type: 'image/png' },
  };
}
