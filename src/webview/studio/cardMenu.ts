// A card's overflow menu: a "More actions" button that opens a list of menu items (ARIA menu
// pattern: arrow keys move, Home/End jump, Escape closes and gives focus back to the button).
// Only one menu of a page is open at a time; a click elsewhere closes it (CardMenus, one per app).
import { h } from './dom';
import { t } from '../l10n';

/** One entry of the menu. */
export interface MenuItem {
  /** `data-action` of the item (tests and styles find it by this). */
  action: string;
  label: string;
  /**
   * What the item does in full, as its tooltip and description. Its name stays the visible label
   * (WCAG 2.5.3, for voice control); the menu's own name says which file it acts on.
   */
  hint?: string;
  run(): void;
  /** Drawn after a separator (destructive items). */
  separated?: boolean;
}

/** The card menus of one page: made by the app, which passes it to every card it draws. */
export class CardMenus {
  /** Closes the menu open now, if any: opening another calls it. */
  private closeOpen: CloseMenu | undefined;

  constructor(doc: Document) {
    doc.addEventListener('pointerdown', (e) => {
      if (this.closeOpen && !(e.target instanceof Element && e.target.closest('.card-menu'))) this.closeOpen(false);
    });
  }

  /** Builds the button and its menu; `label` names what the menu acts on. */
  menu(label: string, items: readonly MenuItem[]): HTMLElement {
    return cardMenu(label, items, {
      opened: (close) => {
        this.closeOpen?.(false);
        this.closeOpen = close;
      },
      closed: (close) => {
        if (this.closeOpen === close) this.closeOpen = undefined;
      },
    });
  }
}

type CloseMenu = (focusButton: boolean) => void;

function cardMenu(
  label: string,
  items: readonly MenuItem[],
  page: { opened(close: CloseMenu): void; closed(close: CloseMenu): void },
): HTMLElement {
  const menuId = `menu-${Math.random().toString(36).slice(2, 10)}`;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary icon-button',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': menuId,
      'aria-label': t('More actions for {label}', { label }),
      title: t('More actions'),
      'data-action': 'more',
    },
    '⋯',
  );
  const menu = h('div', { class: 'menu', role: 'menu', id: menuId, 'aria-label': t('Actions for {label}', { label }), hidden: true });
  const entries: HTMLButtonElement[] = [];
  for (const item of items) {
    if (item.separated) menu.append(h('div', { class: 'menu-separator', role: 'separator' }));
    const entry = h('button', { type: 'button', role: 'menuitem', tabindex: -1, 'data-action': item.action, title: item.hint }, item.label);
    entry.addEventListener('click', () => {
      close(true);
      item.run();
    });
    entries.push(entry);
    menu.append(entry);
  }
  const focusAt = (i: number) => entries[(i + entries.length) % entries.length]?.focus();
  const close: CloseMenu = (focusButton) => {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    page.closed(close);
    if (focusButton) button.focus();
  };
  const open = (index: number) => {
    page.opened(close);
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    focusAt(index);
  };
  button.addEventListener('click', () => (menu.hidden ? open(0) : close(true)));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      open(e.key === 'ArrowDown' ? 0 : entries.length - 1);
    }
  });
  menu.addEventListener('keydown', (e) => {
    const i = entries.indexOf(document.activeElement as HTMLButtonElement);
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusAt(i + 1),
      ArrowUp: () => focusAt(i - 1),
      Home: () => focusAt(0),
      End: () => focusAt(entries.length - 1),
      Escape: () => close(true),
      Tab: () => close(false),
    };
    const act = keys[e.key];
    if (!act) return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
    act();
  });
  return h('div', { class: 'card-menu' }, button, menu);
}
