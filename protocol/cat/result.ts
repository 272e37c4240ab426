// Result data object, ETSI TS 102 223 §8.12 (general result codes §8.12, additional information
// for "terminal unable to process" §8.12.2) as carried in TERMINAL RESPONSE.
import { catError, type LocatedTlv } from './object-list.ts';

/** General result codes (TS 102 223 §8.12). */
export const ResultCode = {
  success: 0x00,
  partialComprehension: 0x01,
  missingInformation: 0x02,
  refreshWithAdditionalEfsRead: 0x03,
  iconNotDisplayed: 0x04,
  modifiedByCallControl: 0x05,
  limitedService: 0x06,
  performedWithModification: 0x07,
  refreshNaaNotActive: 0x08,
  toneNotPlayed: 0x09,
  sessionTerminatedByUser: 0x10,
  backwardMove: 0x11,
  noResponseFromUser: 0x12,
  helpRequested: 0x13,
  transactionTerminatedByUser: 0x14,
  terminalUnableToProcess: 0x20,
  networkUnableToProcess: 0x21,
  userDidNotAccept: 0x22,
  userClearedDownCall: 0x23,
  timerStateContradiction: 0x24,
  callControlTemporaryProblem: 0x25,
  launchBrowserError: 0x26,
  mmsTemporaryProblem: 0x27,
  beyondTerminalCapabilities: 0x30,
  commandTypeNotUnderstood: 0x31,
  commandDataNotUnderstood: 0x32,
  commandNumberNotKnown: 0x33,
  ssReturnError: 0x34,
  smsRpError: 0x35,
  requiredValuesMissing: 0x36,
  ussdReturnError: 0x37,
  multipleCardError: 0x38,
  callControlPermanentProblem: 0x39,
  bearerIndependentProtocolError: 0x3a,
  accessTechnologyUnable: 0x3b,
  framesError: 0x3c,
  mmsError: 0x3d,
} as const;

/** Additional information for result 20 "terminal currently unable to process" (§8.12.2). */
export const TerminalProblem = {
  noSpecificCause: 0x00,
  screenBusy: 0x01,
  busyOnCall: 0x02,
  busyOnSsTransaction: 0x03,
  noService: 0x04,
  accessControlClassBar: 0x05,
  radioResourceNotGranted: 0x06,
  notInSpeechCall: 0x07,
  busyOnUssdTransaction: 0x08,
  busyOnSendDtmf: 0x09,
  noNaaActive: 0x0a,
} as const;

/** A result: the general result byte and its additional information (may be empty). */
export interface Result {
  readonly code: number;
  readonly additionalInfo?: Uint8Array;
}

/** Results 0x and 1x mean the command was performed or ended by the user (§6.11). */
export function isSuccessfulResult(code: number): boolean {
  return code < 0x10;
}

export function decodeResult(tlv: LocatedTlv): Result {
  if (tlv.value.length === 0) catError('BAD_LENGTH', tlv.offset, 'result without a general result');
  const code = tlv.value[0]!;
  return tlv.value.length === 1 ? { code } : { code, additionalInfo: tlv.value.slice(1) };
}

export function encodeResult(result: Result): Uint8Array {
  const info = result.additionalInfo ?? new Uint8Array(0);
  const out = new Uint8Array(1 + info.length);
  out[0] = result.code;
  out.set(info, 1);
  return out;
}
