// CAT / USAT messages (ETSI TS 102 223, 3GPP TS 31.111): proactive commands, TERMINAL RESPONSE,
// envelopes, TERMINAL PROFILE, their data objects, and tag names for traces.
export * from './tags.ts';
export { type LocatedTlv, ObjectBag, ObjectWriter } from './object-list.ts';
export * from './data-objects.ts';
export * from './result.ts';
export * from './digit-objects.ts';
export * from './location-information.ts';
export { decodeSimAlphabet, encodeSimAlphabet } from './sim-alphabet.ts';
export * from './text-string.ts';
export * from './item.ts';
export type { CommandBase } from './commands/common.ts';
export type { DisplayText } from './commands/display-text.ts';
export type { GetInput } from './commands/get-input.ts';
export type { ItemIcons, SelectItem, SetUpMenu } from './commands/menus.ts';
export {
  type SendDtmf,
  type SendShortMessage,
  type SetUpCall,
  type SetUpCallMode,
  SET_UP_CALL_MODES,
} from './commands/calls-and-messages.ts';
export {
  type FilePath,
  type MoreTime,
  type Refresh,
  type RefreshMode,
  type SetUpEventList,
  REFRESH_MODES,
  decodeFileList,
  encodeFileList,
} from './commands/session.ts';
export * from './proactive-command.ts';
export * from './terminal-response.ts';
export { type CallEventSource, type CatEvent } from './event-download.ts';
export {
  type MoShortMessageControl,
  type MoSmsControlResponse,
  type MoSmsControlResult,
  MO_SMS_CONTROL_RESULTS,
  decodeMoSmsControlResponse,
  encodeMoSmsControlResponse,
} from './mo-sms-control.ts';
export * from './envelope.ts';
export * from './terminal-profile.ts';
