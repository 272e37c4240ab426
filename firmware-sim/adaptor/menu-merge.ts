// One main menu for the handset (TS 102 223 §6.4.8 SET UP MENU replaces the previous menu): the
// card's items followed by the items of the adaptor's applications, whose identifiers come from a
// range of their own, so MENU SELECTION (§7.2) can be routed to whoever owns the item.
import type { Item } from '../../protocol/cat/item.ts';
import type { SetUpMenu } from '../../protocol/cat/commands/menus.ts';

/** First item identifier the adaptor uses; the card's own items keep theirs. */
export const OWN_ITEM_BASE = 0xc0;

/** A menu entry an application contributes. */
export interface OwnItem {
  readonly owner: string;
  /** Index of the entry among the owner's entries. */
  readonly index: number;
  readonly text: string;
}

/** What is known of both menus. */
export interface MenuState {
  /** The card's last SET UP MENU, undefined until the card sends one. */
  readonly sim: SetUpMenu | undefined;
  readonly own: readonly OwnItem[];
}

/** The identifier the adaptor's `position`-th item carries. */
export const ownItemId = (position: number): number => OWN_ITEM_BASE + position;

/** The owner and index of an item identifier, if it is the adaptor's. */
export function ownItemOf(state: MenuState, id: number): OwnItem | undefined {
  return id >= OWN_ITEM_BASE ? state.own[id - OWN_ITEM_BASE] : undefined;
}

function ownItems(state: MenuState): Item[] {
  return state.own.map((item, position) => ({ id: ownItemId(position), text: item.text }));
}

/** The merged menu as the adaptor's own SET UP MENU (command number set when queued). */
export function mergedMenu(state: MenuState, title: string): SetUpMenu {
  const simItems = state.sim?.items ?? [];
  return {
    type: 'setUpMenu',
    commandNumber: 1,
    softKeyPreferred: state.sim?.softKeyPreferred ?? false,
    helpAvailable: false,
    alpha: state.sim?.alpha ?? title,
    items: [...simItems, ...ownItems(state)],
  };
}

/**
 * The card's SET UP MENU with the adaptor's items appended, as the handset gets it. A removal (no
 * items) still removes only the card's part: the adaptor's items stay.
 */
export function mergeSimMenu(state: MenuState, menu: SetUpMenu): SetUpMenu {
  const { nextActions: _next, itemIcons: _icons, ...rest } = menu;
  return { ...rest, items: [...menu.items, ...ownItems(state)] };
}
