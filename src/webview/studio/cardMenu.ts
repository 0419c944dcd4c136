// A card's overflow menu: a "More actions" button that opens a list of menu items (ARIA menu
// pattern: arrow keys move, Home/End jump, Escape closes and gives focus back to the button).
// Only one menu is open at a time; a click elsewhere closes it.
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

let openMenu: { close(focusButton: boolean): void } | undefined;

document.addEventListener('pointerdown', (e) => {
  if (openMenu && !(e.target instanceof Element && e.target.closest('.card-menu'))) openMenu.close(false);
});

/** Builds the button and its menu; `label` names what the menu acts on. */
export function cardMenu(label: string, items: readonly MenuItem[]): HTMLElement {
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
  const close = (focusButton: boolean) => {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (openMenu?.close === close) openMenu = undefined;
    if (focusButton) button.focus();
  };
  const open = (index: number) => {
    openMenu?.close(false);
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    openMenu = { close };
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
