// SELECT ITEM (ETSI TS 102 223 §6.4.9, §6.6.8) and SET UP MENU (§6.4.8, §6.6.7): an alpha
// identifier, a list of items, and the optional next-action, default-item and icon objects.
import {
  type CommandDetails,
  type IconIdentifier,
  decodeByteList,
  decodeIconIdentifier,
  decodeItemIdentifier,
  encodeByteList,
  encodeIconIdentifier,
  encodeItemIdentifier,
} from '../data-objects.ts';
import {
  type Item,
  decodeAlphaIdentifier,
  decodeItem,
  encodeAlphaIdentifier,
  encodeItem,
} from '../item.ts';
import { type LocatedTlv, type ObjectBag, type ObjectWriter, catError } from '../object-list.ts';
import { Tag } from '../tags.ts';
import { type CommandBase, bit, bits, maybe, pruned } from './common.ts';

/** Item icon identifier list (§8.32): one icon record per item, in item order. */
export interface ItemIcons {
  readonly selfExplanatory: boolean;
  readonly records: readonly number[];
}

interface MenuObjects {
  readonly items: readonly Item[];
  /** Items next action indicator (§8.24): a command type per item. */
  readonly nextActions?: readonly number[];
  readonly icon?: IconIdentifier;
  readonly itemIcons?: ItemIcons;
}

export interface SelectItem extends CommandBase, MenuObjects {
  readonly type: 'selectItem';
  /** Bits 1-2: presentation as data values or navigation options, or not specified. */
  readonly presentation: 'unspecified' | 'dataValues' | 'navigationOptions';
  /** Bit 3. */
  readonly softKeyPreferred: boolean;
  /** Bit 8. */
  readonly helpAvailable: boolean;
  readonly alpha?: string;
  /** Item identifier object: the item to highlight first. */
  readonly defaultItem?: number;
}

export interface SetUpMenu extends CommandBase, MenuObjects {
  readonly type: 'setUpMenu';
  /** Bit 1. */
  readonly softKeyPreferred: boolean;
  /** Bit 8. */
  readonly helpAvailable: boolean;
  readonly alpha: string;
}

export function decodeSelectItem(details: CommandDetails, bag: ObjectBag): SelectItem {
  const q = details.qualifier;
  const alpha = maybe(bag.optional(Tag.alphaIdentifier), decodeAlphaIdentifier);
  const items = decodeItems(bag, false);
  return pruned<SelectItem>({
    type: 'selectItem',
    commandNumber: details.commandNumber,
    presentation: !bit(q, 1) ? 'unspecified' : bit(q, 2) ? 'navigationOptions' : 'dataValues',
    softKeyPreferred: bit(q, 3),
    helpAvailable: bit(q, 8),
    alpha,
    ...decodeMenuExtras(bag, items),
    defaultItem: maybe(bag.optional(Tag.itemIdentifier), decodeItemIdentifier),
  });
}

export function selectItemQualifier(c: SelectItem): number {
  const p = c.presentation;
  return bits(
    p !== 'unspecified' && 1,
    p === 'navigationOptions' && 2,
    c.softKeyPreferred && 3,
    c.helpAvailable && 8,
  );
}

export function encodeSelectItemBody(c: SelectItem, w: ObjectWriter): void {
  if (c.alpha !== undefined) w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.alpha));
  encodeMenuObjects(c, w, c.defaultItem);
}

export function decodeSetUpMenu(details: CommandDetails, bag: ObjectBag): SetUpMenu {
  const alpha = decodeAlphaIdentifier(bag.take(Tag.alphaIdentifier));
  const items = decodeItems(bag, true);
  return pruned<SetUpMenu>({
    type: 'setUpMenu',
    commandNumber: details.commandNumber,
    softKeyPreferred: bit(details.qualifier, 1),
    helpAvailable: bit(details.qualifier, 8),
    alpha,
    ...decodeMenuExtras(bag, items),
  });
}

export function setUpMenuQualifier(c: SetUpMenu): number {
  return bits(c.softKeyPreferred && 1, c.helpAvailable && 8);
}

/** An empty item list is sent as the null item: it removes the menu (§6.4.8). */
export function encodeSetUpMenuBody(c: SetUpMenu, w: ObjectWriter): void {
  w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.alpha));
  encodeMenuObjects(c, w, undefined);
}

function decodeItems(bag: ObjectBag, allowRemoval: boolean): Item[] {
  const tlvs = bag.all(Tag.item);
  if (tlvs.length === 0) catError('MISSING_OBJECT', bag.endOffset, 'no item object');
  const items = tlvs.map(decodeItem);
  if (allowRemoval && items.length === 1 && items[0] === null) return [];
  const nullAt = items.indexOf(null);
  if (nullAt >= 0) catError('BAD_ITEM', tlvs[nullAt]!.offset, 'null item in a list of items');
  return items as Item[];
}

function decodeMenuExtras(bag: ObjectBag, items: readonly Item[]): MenuObjects {
  return pruned<MenuObjects>({
    items,
    nextActions: maybe(bag.optional(Tag.itemsNextActionIndicator), decodeByteList),
    icon: maybe(bag.optional(Tag.iconIdentifier), decodeIconIdentifier),
    itemIcons: maybe(bag.optional(Tag.itemIconIdentifierList), decodeItemIcons),
  });
}

function encodeMenuObjects(c: MenuObjects, w: ObjectWriter, defaultItem: number | undefined): void {
  if (c.items.length === 0) w.add(Tag.item, encodeItem(null));
  for (const item of c.items) w.add(Tag.item, encodeItem(item));
  if (c.nextActions !== undefined) {
    w.add(Tag.itemsNextActionIndicator, encodeByteList(c.nextActions), false);
  }
  if (defaultItem !== undefined) w.add(Tag.itemIdentifier, encodeItemIdentifier(defaultItem));
  if (c.icon !== undefined) w.add(Tag.iconIdentifier, encodeIconIdentifier(c.icon));
  if (c.itemIcons !== undefined) {
    const { selfExplanatory, records } = c.itemIcons;
    w.add(Tag.itemIconIdentifierList, encodeByteList([selfExplanatory ? 0 : 1, ...records]));
  }
}

function decodeItemIcons(tlv: LocatedTlv): ItemIcons {
  if (tlv.value.length < 2) catError('BAD_LENGTH', tlv.offset, 'item icon list without icons');
  return { selfExplanatory: (tlv.value[0]! & 1) === 0, records: Array.from(tlv.value.subarray(1)) };
}
