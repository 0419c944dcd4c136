// The assets board page: a card per asset with its picture at its real aspect (or a placeholder of
// its declared size), its state and marks as badges in words, why, the estimate to build it, and a
// button per one-click action. Filters by state and by path; a live region says how many are
// shown. Plain HTML: every control is a native button, select or input, in reading order.
import { formatUsd } from '../../core/pricing';
import type { BoardAction, BoardAsset, BoardBadge, BoardMessage, FromBoard } from '../../shared/boardProtocol';
import { byId, h } from '../studio/dom';
import { t } from '../l10n';

/** How the page talks to the host (the VS Code API in the panel, a stand-in in the tests). */
export interface BoardBridge {
  postMessage(message: FromBoard): void;
  onMessage(listener: (message: unknown) => void): void;
  getState(): unknown;
  setState(state: BoardState): void;
}

/** What the page keeps across a hidden panel or a reload: the filters. */
export interface BoardState {
  filter: string;
  text: string;
}

const BADGE_WORDS: Record<BoardBadge, () => string> = {
  'up-to-date': () => t('up to date'),
  stale: () => t('stale'),
  missing: () => t('missing'),
  'changed-by-hand': () => t('changed by hand'),
  invalid: () => t('invalid'),
  failing: () => t('failing a check'),
  'in-batch': () => t('in a batch'),
  retiring: () => t('model retiring'),
  review: () => t('to review'),
  building: () => t('building…'),
};

const ACTION_WORDS: Record<BoardAction, () => string> = {
  build: () => t('Build'),
  rebuild: () => t('Rebuild'),
  review: () => t('Review'),
  keep: () => t('Keep'),
  revert: () => t('Revert'),
  open: () => t('Open'),
};

/** Whether a card passes the state filter. */
export function matchesFilter(card: BoardAsset, filter: string): boolean {
  const [state] = card.badges;
  switch (filter) {
    case 'needs-build':
      return state === 'missing' || state === 'stale';
    case 'changed-by-hand':
    case 'invalid':
      return state === filter;
    case 'failing':
    case 'review':
    case 'in-batch':
    case 'retiring':
      return card.badges.includes(filter);
    default:
      return true;
  }
}

/** The board: renders what the host sends, and sends what the buttons ask. */
export class BoardApp {
  private board: BoardMessage | undefined;
  private readonly cards = byId('cards', HTMLUListElement);
  private readonly filter = byId('filter-state', HTMLSelectElement);
  private readonly text = byId('filter-text', HTMLInputElement);
  private readonly shown = byId('shown', HTMLParagraphElement);
  private readonly estimate = byId('estimate', HTMLParagraphElement);
  private readonly empty = byId('empty', HTMLParagraphElement);
  private readonly problems = byId('problems', HTMLUListElement);

  constructor(private readonly bridge: BoardBridge) {
    const saved = bridge.getState() as Partial<BoardState> | undefined;
    if (typeof saved?.filter === 'string' && [...this.filter.options].some((o) => o.value === saved.filter))
      this.filter.value = saved.filter;
    if (typeof saved?.text === 'string') this.text.value = saved.text.slice(0, 200);
    const again = (): void => {
      this.bridge.setState({ filter: this.filter.value, text: this.text.value });
      this.render();
    };
    this.filter.addEventListener('change', again);
    this.text.addEventListener('input', again);
    this.cards.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      const id = button?.closest<HTMLElement>('li[data-id]')?.dataset.id;
      if (!button || !id) return;
      this.bridge.postMessage({ type: 'act', action: button.dataset.action as BoardAction, id });
    });
    bridge.onMessage((m) => {
      if ((m as { type?: unknown } | null)?.type === 'board') {
        this.board = m as BoardMessage;
        this.render();
      }
    });
  }

  /** Asks the host for the board. */
  start(): void {
    this.bridge.postMessage({ type: 'ready' });
  }

  private render(): void {
    const board = this.board;
    if (!board) return;
    const needle = this.text.value.trim().toLowerCase();
    const visible = board.assets.filter((a) => matchesFilter(a, this.filter.value) && (!needle || a.path.toLowerCase().includes(needle)));
    // The focused button's card keeps the focus through a re-render (a build updates the board).
    const focused = document.activeElement as HTMLElement | null;
    const focusKey = focused?.closest<HTMLElement>('li[data-path]') && {
      path: focused.closest<HTMLElement>('li[data-path]')!.dataset.path,
      action: focused.dataset.action,
    };
    const several = new Set(board.assets.map((a) => a.manifest)).size > 1;
    this.cards.replaceChildren(...visible.map((a) => this.card(a, several)));
    if (focusKey) {
      const card = [...this.cards.children].find((c) => (c as HTMLElement).dataset.path === focusKey.path);
      (card?.querySelector<HTMLElement>(`button[data-action="${focusKey.action ?? ''}"]`) ?? card?.querySelector('button'))?.focus();
    }
    this.empty.hidden = board.assets.length > 0;
    this.shown.textContent = t('{shown} of {total} assets shown', { shown: visible.length, total: board.assets.length });
    const e = board.estimate;
    this.estimate.textContent =
      e.count === 0 && e.unpriced === 0
        ? t('Nothing to build: every asset is up to date, changed by hand or in a batch.')
        : e.unpriced
          ? t(
              '≈ {amount} to build {count} asset(s) that are missing or stale ({unpriced} more not in the price table). Estimate from prices of {asOf}; not a bill.',
              {
                amount: formatUsd(e.usd),
                count: e.count,
                unpriced: e.unpriced,
                asOf: e.asOf,
              },
            )
          : t('≈ {amount} to build the {count} asset(s) that are missing or stale. Estimate from prices of {asOf}; not a bill.', {
              amount: formatUsd(e.usd),
              count: e.count,
              asOf: e.asOf,
            });
    this.problems.replaceChildren(...board.problems.map((p) => h('li', {}, p)));
    this.problems.hidden = board.problems.length === 0;
  }

  private card(a: BoardAsset, several: boolean): HTMLLIElement {
    const headingId = `h-${a.id}`;
    const picture = a.image
      ? h('img', { src: a.image.src, width: a.image.width, height: a.image.height, alt: t('{path} as it is now', { path: a.path }) })
      : placeholder(a);
    const badges = h(
      'ul',
      { class: 'badges', 'aria-label': t('State') },
      ...a.badges.map((b) => h('li', { class: `badge badge-${b}` }, BADGE_WORDS[b]())),
    );
    const actions = h(
      'div',
      { class: 'actions' },
      ...a.actions.map((action) =>
        h(
          'button',
          { type: 'button', 'data-action': action, class: action === a.actions[0] ? '' : 'secondary', 'aria-describedby': headingId },
          ACTION_WORDS[action](),
        ),
      ),
    );
    return h(
      'li',
      { class: `card state-${a.badges[0]}`, 'data-id': a.id, 'data-path': a.path },
      h('div', { class: 'picture' }, picture),
      h('h2', { id: headingId, class: 'path' }, a.path),
      several ? h('p', { class: 'note manifest' }, a.manifest) : undefined,
      badges,
      h('p', { class: 'note reason' }, a.reason),
      a.estimateUsd !== undefined
        ? h('p', { class: 'note cost' }, t('≈ {amount} to build', { amount: formatUsd(a.estimateUsd) }))
        : undefined,
      actions,
    );
  }
}

/** A box of the declared size's aspect, saying there is no image yet (an SVG: it scales without inline styles). */
function placeholder(a: BoardAsset): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const { width, height } = a.declared;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  // A size of its own, like an image's width and height: the CSS limits then scale both together.
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'placeholder');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    a.badges[0] === 'invalid' ? t('{path} cannot be built', { path: a.path }) : t('{path} is not built yet', { path: a.path }),
  );
  const rect = document.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ x: '0', y: '0', width: String(width), height: String(height) })) rect.setAttribute(k, v);
  svg.append(rect);
  return svg;
}
