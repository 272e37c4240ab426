// Proactive commands, ETSI TS 102 223 §6.6 / TS 31.111 §6.6: the 'D0' template a card returns to
// FETCH, holding command details, device identities and the objects of one command type.
import type { ComprehensionTlv } from '../tlv/index.ts';
import type { CommandBase } from './commands/common.ts';
import {
  type SendDtmf,
  type SendShortMessage,
  type SetUpCall,
  SET_UP_CALL_MODES,
  decodeSendDtmf,
  decodeSendShortMessage,
  decodeSetUpCall,
  encodeSendDtmfBody,
  encodeSendShortMessageBody,
  encodeSetUpCallBody,
} from './commands/calls-and-messages.ts';
import {
  type DisplayText,
  decodeDisplayText,
  displayTextQualifier,
  encodeDisplayTextBody,
} from './commands/display-text.ts';
import {
  type GetInput,
  decodeGetInput,
  encodeGetInputBody,
  getInputQualifier,
} from './commands/get-input.ts';
import {
  type SelectItem,
  type SetUpMenu,
  decodeSelectItem,
  decodeSetUpMenu,
  encodeSelectItemBody,
  encodeSetUpMenuBody,
  selectItemQualifier,
  setUpMenuQualifier,
} from './commands/menus.ts';
import {
  type MoreTime,
  type Refresh,
  type SetUpEventList,
  REFRESH_MODES,
  decodeMoreTime,
  decodeRefresh,
  decodeSetUpEventList,
  encodeRefreshBody,
  encodeSetUpEventListBody,
} from './commands/session.ts';
import {
  type CommandDetails,
  decodeCommandDetails,
  decodeDeviceIdentities,
  encodeCommandDetails,
  encodeDeviceIdentities,
} from './data-objects.ts';
import {
  type ObjectBag,
  ObjectWriter,
  catError,
  checkedSize,
  readTemplate,
  withOthers,
} from './object-list.ts';
import { BerTag, CommandType, Device, Tag } from './tags.ts';

/** A command type this codec does not model: its objects after the device identities. */
export interface OtherCommand extends CommandBase {
  readonly type: 'other';
  readonly commandType: number;
  readonly qualifier: number;
  readonly destination: number;
  readonly objects: readonly ComprehensionTlv[];
}

/** Every proactive command, told apart by `type`. */
export type ProactiveCommand =
  | DisplayText
  | GetInput
  | SelectItem
  | SetUpMenu
  | SendShortMessage
  | SetUpCall
  | SendDtmf
  | Refresh
  | MoreTime
  | SetUpEventList
  | OtherCommand;

type Decoder = (details: CommandDetails, bag: ObjectBag) => ProactiveCommand;

const DECODERS: Readonly<Record<number, Decoder>> = {
  [CommandType.displayText]: decodeDisplayText,
  [CommandType.getInput]: decodeGetInput,
  [CommandType.selectItem]: decodeSelectItem,
  [CommandType.setUpMenu]: decodeSetUpMenu,
  [CommandType.sendShortMessage]: decodeSendShortMessage,
  [CommandType.setUpCall]: decodeSetUpCall,
  [CommandType.sendDtmf]: decodeSendDtmf,
  [CommandType.refresh]: decodeRefresh,
  [CommandType.moreTime]: decodeMoreTime,
  [CommandType.setUpEventList]: decodeSetUpEventList,
};

/**
 * Decodes a FETCH response. Objects a command does not use end up in `otherObjects`; an unknown
 * command type decodes as `type: 'other'`. Throws DecodeError (`TLV_*`, `CTLV_*`, `CAT_*`).
 */
export function decodeProactiveCommand(bytes: Uint8Array): ProactiveCommand {
  const { template, bag } = readTemplate(bytes);
  if (template.tag !== BerTag.proactiveCommand) {
    catError('NOT_PROACTIVE_COMMAND', 0, `tag ${template.tag.toString(16)} is not D0`);
  }
  const details = decodeCommandDetails(bag.take(Tag.commandDetails));
  const devices = decodeDeviceIdentities(bag.take(Tag.deviceIdentities));
  const decode = DECODERS[details.commandType];
  if (decode === undefined) {
    const { commandNumber, commandType, qualifier } = details;
    return {
      type: 'other',
      commandNumber,
      commandType,
      qualifier,
      destination: devices.destination,
      objects: bag.rest(),
    };
  }
  return withOthers(decode(details, bag), bag.rest());
}

/**
 * Encodes a command as the 'D0' template, every object with the CR flag set except default text
 * and items next action indicator. RangeError when it exceeds the 255 bytes FETCH can return.
 */
export function encodeProactiveCommand(command: ProactiveCommand): Uint8Array {
  const w = new ObjectWriter()
    .add(Tag.commandDetails, encodeCommandDetails(commandDetailsOf(command)))
    .add(
      Tag.deviceIdentities,
      encodeDeviceIdentities({ source: Device.uicc, destination: destinationOf(command) }),
    );
  encodeBody(command, w);
  w.addAll(command.otherObjects);
  return checkedSize(w.finishIn(BerTag.proactiveCommand), 'proactive command');
}

const COMMAND_TYPES: Readonly<Record<Exclude<ProactiveCommand['type'], 'other'>, number>> = {
  displayText: CommandType.displayText,
  getInput: CommandType.getInput,
  selectItem: CommandType.selectItem,
  setUpMenu: CommandType.setUpMenu,
  sendShortMessage: CommandType.sendShortMessage,
  setUpCall: CommandType.setUpCall,
  sendDtmf: CommandType.sendDtmf,
  refresh: CommandType.refresh,
  moreTime: CommandType.moreTime,
  setUpEventList: CommandType.setUpEventList,
};

/** The command details a TERMINAL RESPONSE to `command` echoes (§6.8). */
export function commandDetailsOf(command: ProactiveCommand): CommandDetails {
  const { commandNumber } = command;
  if (command.type === 'other') {
    return { commandNumber, commandType: command.commandType, qualifier: command.qualifier };
  }
  return {
    commandNumber,
    commandType: COMMAND_TYPES[command.type],
    qualifier: qualifierOf(command),
  };
}

function qualifierOf(command: Exclude<ProactiveCommand, OtherCommand>): number {
  switch (command.type) {
    case 'displayText':
      return displayTextQualifier(command);
    case 'getInput':
      return getInputQualifier(command);
    case 'selectItem':
      return selectItemQualifier(command);
    case 'setUpMenu':
      return setUpMenuQualifier(command);
    case 'sendShortMessage':
      return command.packingRequired ? 1 : 0;
    case 'setUpCall':
      return SET_UP_CALL_MODES.indexOf(command.mode);
    case 'refresh':
      return REFRESH_MODES.indexOf(command.mode);
    default:
      return 0;
  }
}

/** The destination device of a command (§6.6): display, terminal or network. */
export function destinationOf(command: ProactiveCommand): number {
  switch (command.type) {
    case 'other':
      return command.destination;
    case 'displayText':
      return Device.display;
    case 'sendShortMessage':
    case 'setUpCall':
    case 'sendDtmf':
      return Device.network;
    default:
      return Device.terminal;
  }
}

function encodeBody(command: ProactiveCommand, w: ObjectWriter): void {
  switch (command.type) {
    case 'other':
      w.addAll(command.objects);
      return;
    case 'displayText':
      return encodeDisplayTextBody(command, w);
    case 'getInput':
      return encodeGetInputBody(command, w);
    case 'selectItem':
      return encodeSelectItemBody(command, w);
    case 'setUpMenu':
      return encodeSetUpMenuBody(command, w);
    case 'sendShortMessage':
      return encodeSendShortMessageBody(command, w);
    case 'setUpCall':
      return encodeSetUpCallBody(command, w);
    case 'sendDtmf':
      return encodeSendDtmfBody(command, w);
    case 'refresh':
      return encodeRefreshBody(command, w);
    case 'moreTime':
      return;
    case 'setUpEventList':
      return encodeSetUpEventListBody(command, w);
  }
}
