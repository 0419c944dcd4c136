// The assets board's messages: the host sends the whole board (every asset of every manifest, as
// cards), the page sends `ready` and one-click actions. A card is named by an id the host issued,
// never by a path: the page is untrusted, and a path from it is never acted on.

/** A state or mark a card shows as a badge (the words are the page's, from the catalogue). */
export type BoardBadge =
  'up-to-date' | 'stale' | 'missing' | 'changed-by-hand' | 'invalid' | 'failing' | 'in-batch' | 'retiring' | 'review' | 'building';

/** What a card's buttons do (each runs the Image Assets command of the same name). */
export type BoardAction = 'build' | 'rebuild' | 'review' | 'keep' | 'revert' | 'open';

/** One asset as a card. */
export interface BoardAsset {
  /** Issued by the host for this board; what an action names. */
  id: string;
  /** The manifest it belongs to, relative to the workspace (shown when there are several). */
  manifest: string;
  path: string;
  /** The first badge is the state; the others are marks beside it. */
  badges: BoardBadge[];
  /** One sentence: why the asset is in this state. */
  reason: string;
  /** The image as it is now (a webview URI), at its real size in pixels; absent when there is none. */
  image?: { src: string; width: number; height: number };
  /** The size it is declared at (the placeholder's aspect when there is no image). */
  declared: { width: number; height: number };
  /** The estimate to build it, when it needs building and the price table knows its model. */
  estimateUsd?: number;
  actions: BoardAction[];
}

/** The board: every card, and the estimate to build what needs it. */
export interface BoardMessage {
  type: 'board';
  assets: BoardAsset[];
  /** The sum of the cards' estimates; `unpriced` counts those the price table cannot price. */
  estimate: { usd: number; count: number; unpriced: number; asOf: string };
  /** Set when a manifest could not be read (said above the cards). */
  problems: string[];
}

/** Host → page. */
export type ToBoard = BoardMessage;

/** The page is up: send the board. */
export interface BoardReadyMessage {
  type: 'ready';
}

/** A button of a card was pressed. */
export interface BoardActMessage {
  type: 'act';
  action: BoardAction;
  id: string;
}

/** Page → host. */
export type FromBoard = BoardReadyMessage | BoardActMessage;

const ACTIONS: readonly BoardAction[] = ['build', 'rebuild', 'review', 'keep', 'revert', 'open'];
const ID = /^a-\d{1,6}$/;

/** The message when it is exactly one of FromBoard's shapes, else undefined (the page is untrusted). */
export function parseFromBoard(raw: unknown): FromBoard | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const keys = Object.keys(m).sort().join();
  if (m.type === 'ready' && keys === 'type') return { type: 'ready' };
  if (
    m.type === 'act' &&
    keys === 'action,id,type' &&
    typeof m.id === 'string' &&
    ID.test(m.id) &&
    ACTIONS.includes(m.action as BoardAction)
  )
    return { type: 'act', action: m.action as BoardAction, id: m.id };
  return undefined;
}
