// REFRESH (ETSI TS 102 223 §6.4.7, §6.6.13, file list §8.18), MORE TIME (§6.4.4) and SET UP EVENT
// LIST (§6.4.16, §6.6.16): commands about the card session rather than the user.
import {
  type CommandDetails,
  type IconIdentifier,
  decodeByteList,
  decodeIconIdentifier,
  encodeByteList,
  encodeIconIdentifier,
} from '../data-objects.ts';
import { decodeAlphaIdentifier, encodeAlphaIdentifier } from '../item.ts';
import { type LocatedTlv, type ObjectBag, type ObjectWriter, catError } from '../object-list.ts';
import { Tag } from '../tags.ts';
import { type CommandBase, qualifierOffset, maybe, pruned } from './common.ts';

/** REFRESH qualifier values (§8.6). */
export const REFRESH_MODES = [
  'naaInitializationAndFullFileChange',
  'fileChange',
  'naaInitializationAndFileChange',
  'naaInitialization',
  'uiccReset',
  'naaApplicationReset',
  'naaSessionReset',
  'steeringOfRoaming',
  'steeringOfRoamingIwlan',
  'euiccProfileStateChange',
  'applicationUpdate',
] as const;
export type RefreshMode = (typeof REFRESH_MODES)[number];

/** A file path from the MF: file identifiers, e.g. `[0x3f00, 0x7f10, 0x6f3c]`. */
export type FilePath = readonly number[];

export interface Refresh extends CommandBase {
  readonly type: 'refresh';
  readonly mode: RefreshMode;
  readonly files?: readonly FilePath[];
  readonly aid?: Uint8Array;
  readonly alpha?: string;
  readonly icon?: IconIdentifier;
}

export interface MoreTime extends CommandBase {
  readonly type: 'moreTime';
}

export interface SetUpEventList extends CommandBase {
  readonly type: 'setUpEventList';
  /** Event codes (see EventCode); empty removes every event. */
  readonly events: readonly number[];
}

const MF = 0x3f00;

export function decodeRefresh(details: CommandDetails, bag: ObjectBag): Refresh {
  const mode = REFRESH_MODES[details.qualifier];
  if (mode === undefined)
    catError('BAD_QUALIFIER', qualifierOffset(bag), `REFRESH qualifier ${details.qualifier}`);
  return pruned<Refresh>({
    type: 'refresh',
    commandNumber: details.commandNumber,
    mode,
    files: maybe(bag.optional(Tag.fileList), decodeFileList),
    aid: bag.optional(Tag.aid)?.value,
    alpha: maybe(bag.optional(Tag.alphaIdentifier), decodeAlphaIdentifier),
    icon: maybe(bag.optional(Tag.iconIdentifier), decodeIconIdentifier),
  });
}

export function encodeRefreshBody(c: Refresh, w: ObjectWriter): void {
  if (c.files !== undefined) w.add(Tag.fileList, encodeFileList(c.files));
  if (c.aid !== undefined) w.add(Tag.aid, c.aid);
  if (c.alpha !== undefined) w.add(Tag.alphaIdentifier, encodeAlphaIdentifier(c.alpha));
  if (c.icon !== undefined) w.add(Tag.iconIdentifier, encodeIconIdentifier(c.icon));
}

export function decodeMoreTime(details: CommandDetails): MoreTime {
  return { type: 'moreTime', commandNumber: details.commandNumber };
}

export function decodeSetUpEventList(details: CommandDetails, bag: ObjectBag): SetUpEventList {
  return {
    type: 'setUpEventList',
    commandNumber: details.commandNumber,
    events: decodeByteList(bag.take(Tag.eventList)),
  };
}

export function encodeSetUpEventListBody(c: SetUpEventList, w: ObjectWriter): void {
  w.add(Tag.eventList, encodeByteList(c.events));
}

/** File list (§8.18): a count, then full paths each starting with the MF '3F00'. */
export function decodeFileList(tlv: LocatedTlv): FilePath[] {
  const v = tlv.value;
  if (v.length === 0 || v.length % 2 === 0)
    catError('BAD_FILE_LIST', tlv.offset, 'file list length');
  const paths: number[][] = [];
  for (let i = 1; i < v.length; i += 2) {
    const fid = (v[i]! << 8) | v[i + 1]!;
    if (fid === MF) paths.push([]);
    const path = paths[paths.length - 1];
    if (path === undefined) catError('BAD_FILE_LIST', tlv.offset, 'path does not start at the MF');
    path.push(fid);
  }
  if (paths.length !== v[0])
    catError('BAD_FILE_LIST', tlv.offset, `${v[0]} files announced, ${paths.length} found`);
  return paths;
}

export function encodeFileList(files: readonly FilePath[]): Uint8Array {
  const fids = files.flatMap((path) => {
    if (path[0] !== MF || path.slice(1).includes(MF))
      throw new RangeError('each path starts at 3F00');
    return path;
  });
  const out = new Uint8Array(1 + 2 * fids.length);
  out[0] = files.length;
  fids.forEach((fid, i) => {
    out[1 + 2 * i] = fid >> 8;
    out[2 + 2 * i] = fid & 0xff;
  });
  return out;
}
