// What the operating system does with the card's response before the applications see it: follow
// the selected file, switch on the services the adaptor provides in EF_SST/EF_UST (TS 51.011
// §10.3.7, TS 31.102 §4.2.8), merge the card's SET UP MENU with the adaptor's entries, note the
// handset's TERMINAL PROFILE (TS 102 223 §5.2), and announce pending proactive commands (91xx).
import { DecodeError } from '../../protocol/bytes/index.ts';
import {
  decodeProactiveCommand,
  encodeProactiveCommand,
} from '../../protocol/cat/proactive-command.ts';
import {
  decodeTerminalProfile,
  supports,
  type TerminalProfileFeature,
} from '../../protocol/cat/terminal-profile.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { HandsetCommand } from './application.ts';
import { ownItems, type CoreState } from './core-state.ts';
import type { SystemContext } from './system-commands.ts';
import { FID_SERVICE_TABLE, nextSelection } from './file-tracking.ts';
import { mergedMenu, mergeSimMenu } from './menu-merge.ts';
import { announce, dropQueued, enqueue, simFetched } from './proactive-merge.ts';
import {
  MO_SMS_CONTROL_SERVICE,
  serviceInData,
  SST_SERVICES,
  UST_SERVICES,
  withServices,
} from './service-tables.ts';
import { INS, servePendingFetch } from './system-commands.ts';

/** Commands whose 9000 may become 91xx (TS 102 221 §14.6.1: the card may then announce). */
const ANNOUNCING: ReadonlySet<number> = new Set([
  INS.status,
  INS.terminalProfile,
  INS.terminalResponse,
  INS.envelope,
]);

const NEEDED: readonly TerminalProfileFeature[] = [
  'setUpMenu',
  'menuSelection',
  'getInput',
  'selectItem',
  'sendShortMessage',
  'displayText',
];

/** The response after the system's own processing of what the card answered. */
export function afterCard(
  ctx: SystemContext,
  command: HandsetCommand,
  raw: ResponseApdu,
): ResponseApdu {
  const { state } = ctx;
  const { apdu } = command;
  state.selection = nextSelection(state.selection, apdu, raw);
  if (apdu.ins === INS.readBinary && command.file === FID_SERVICE_TABLE && raw.sw === 0x9000) {
    return serviceTable(state, command, raw);
  }
  if (apdu.ins === INS.fetch) return fetchedFromCard(state, command, raw);
  if (apdu.ins === INS.terminalProfile && (raw.sw === 0x9000 || raw.sw >> 8 === 0x91)) {
    state.menuSupported = menuSupported(apdu.data);
  }
  return raw;
}

/** The handset can run the adaptor's dialogues: menu, input, selection, SMS and text display. */
function menuSupported(profile: Uint8Array): boolean {
  try {
    const decoded = decodeTerminalProfile(profile);
    return NEEDED.every((feature) => supports(decoded, feature));
  } catch (error) {
    if (error instanceof DecodeError) return false;
    throw error;
  }
}

/** Offset of a READ BINARY: P1 P2, or P2 alone when P1 names a short file identifier. */
const binaryOffset = (apdu: CommandApdu): number =>
  (apdu.p1 & 0x80) !== 0 ? apdu.p2 : (apdu.p1 << 8) | apdu.p2;

function serviceTable(state: CoreState, command: HandsetCommand, raw: ResponseApdu): ResponseApdu {
  const table = command.family === 'gsm' ? 'sst' : 'ust';
  const offset = binaryOffset(command.apdu);
  const own = serviceInData(table, raw.data, offset, MO_SMS_CONTROL_SERVICE[table]);
  if (own !== undefined) state.simMoControl = own;
  const services = table === 'sst' ? SST_SERVICES : UST_SERVICES;
  return { data: withServices(table, raw.data, offset, services), sw: raw.sw };
}

function fetchedFromCard(
  state: CoreState,
  command: HandsetCommand,
  raw: ResponseApdu,
): ResponseApdu {
  state.merge = simFetched(state.merge);
  if (raw.sw !== 0x9000 || raw.data.length === 0) return raw;
  let fetched;
  try {
    fetched = decodeProactiveCommand(raw.data);
  } catch (error) {
    if (error instanceof DecodeError) return raw;
    throw error;
  }
  if (fetched.type !== 'setUpMenu' || state.menu.own.length === 0) return raw;
  state.menu = { ...state.menu, sim: fetched };
  state.merge = dropQueued(state.merge, (c) => c.command.type === 'setUpMenu');
  state.announcedMenu = menuSignature(state);
  state.pendingFetch = encodeProactiveCommand(mergeSimMenu(state.menu, fetched));
  return servePendingFetch(state, command.apdu, command.family);
}

const menuSignature = (state: CoreState): string => state.menu.own.map((i) => i.text).join('\n');

/** Queues the merged menu when the handset can show it and the adaptor's entries changed. */
export function refreshMenu(ctx: SystemContext, title: string): void {
  const { state } = ctx;
  state.menu = { ...state.menu, own: ownItems(state, ctx.apps) };
  if (!state.menuSupported) return;
  const signature = menuSignature(state);
  if (signature === state.announcedMenu) return;
  const first = state.announcedMenu === undefined;
  state.announcedMenu = signature;
  if (first && signature === '') return;
  state.merge = dropQueued(state.merge, (c) => c.command.type === 'setUpMenu');
  state.merge = enqueue(state.merge, 'system', mergedMenu(state.menu, title));
}

/** The status word the handset sees: the card's 91xx kept, 9000 turned into 91xx when due. */
export function finalStatus(
  state: CoreState,
  apdu: CommandApdu,
  response: ResponseApdu,
): ResponseApdu {
  if (response.sw >> 8 !== 0x91 && !ANNOUNCING.has(apdu.ins)) return response;
  const announced = announce(state.merge, response.sw);
  state.merge = announced.state;
  return announced.sw === response.sw ? response : { data: response.data, sw: announced.sw };
}
