// Status words SW1 SW2: ISO/IEC 7816-4 §5.1.3 (interindustry), 3GPP TS 51.011 §9.4 (GSM SIM,
// CLA A0) and ETSI TS 102 221 §10.2 (UICC), with a name, a meaning and the kind of outcome.

/** What a status word tells the terminal to do next. */
export type StatusWordKind =
  | 'ok' // normal ending (9000)
  | 'more-data' // 61xx / 9Fxx: xx bytes wait for GET RESPONSE
  | 'proactive' // 91xx: OK, a proactive command of xx bytes waits for FETCH
  | 'wrong-le' // 6Cxx: re-send the command with P3 = xx
  | 'download-error' // 9Exx: data download error, xx bytes of response data
  | 'busy' // 9300: SIM Application Toolkit busy
  | 'warning' // 62xx, 63xx, 920x: done, with a caveat
  | 'error'; // everything else

/** A described status word. `count` is the number carried in SW2 where there is one. */
export interface StatusWordDescription {
  readonly sw: number;
  readonly name: string;
  readonly meaning: string;
  readonly kind: StatusWordKind;
  readonly count?: number;
}

/** Normal ending. */
export const SW_OK = 0x9000;
/** SIM Application Toolkit is busy (TS 102 221 §10.2.1, TS 51.011 §9.4). */
export const SW_TOOLKIT_BUSY = 0x9300;
/** Memory problem (TS 102 221 §10.2.1). */
export const SW_MEMORY_FAILURE = 0x6581;
/** Wrong length (ISO/IEC 7816-4 §5.1.3). */
export const SW_WRONG_LENGTH = 0x6700;
/** Security status not satisfied, e.g. PIN not verified. */
export const SW_SECURITY_STATUS_NOT_SATISFIED = 0x6982;
/** Authentication or verification method blocked (PIN blocked). */
export const SW_AUTHENTICATION_METHOD_BLOCKED = 0x6983;
/** Referenced data invalidated. */
export const SW_REFERENCE_DATA_INVALIDATED = 0x6984;
/** Conditions of use not satisfied. */
export const SW_CONDITIONS_OF_USE_NOT_SATISFIED = 0x6985;
/** Command not allowed (no EF selected). */
export const SW_COMMAND_NOT_ALLOWED = 0x6986;
/** Incorrect parameters in the data field. */
export const SW_WRONG_DATA = 0x6a80;
/** Function not supported. */
export const SW_FUNCTION_NOT_SUPPORTED = 0x6a81;
/** File or application not found. */
export const SW_FILE_NOT_FOUND = 0x6a82;
/** Record not found. */
export const SW_RECORD_NOT_FOUND = 0x6a83;
/** Not enough memory space in the file. */
export const SW_NOT_ENOUGH_MEMORY = 0x6a84;
/** Lc inconsistent with the TLV structure. */
export const SW_LC_INCONSISTENT_WITH_TLV = 0x6a85;
/** Incorrect parameters P1-P2. */
export const SW_INCORRECT_P1_P2 = 0x6a86;
/** Lc inconsistent with P1-P2. */
export const SW_LC_INCONSISTENT_WITH_P1_P2 = 0x6a87;
/** Referenced data not found. */
export const SW_REFERENCED_DATA_NOT_FOUND = 0x6a88;
/** Wrong parameters P1-P2. */
export const SW_WRONG_P1_P2 = 0x6b00;
/** Instruction code not supported or invalid: the answer to an unknown INS. */
export const SW_INS_NOT_SUPPORTED = 0x6d00;
/** Class not supported: the answer to an unknown CLA. */
export const SW_CLA_NOT_SUPPORTED = 0x6e00;
/** Technical problem, no precise diagnosis. */
export const SW_NO_PRECISE_DIAGNOSIS = 0x6f00;
/** GSM SIM (TS 51.011 §9.4): memory problem. */
export const SW_GSM_MEMORY_PROBLEM = 0x9240;
/** GSM SIM (TS 51.011 §9.4): no EF selected. */
export const SW_GSM_NO_EF_SELECTED = 0x9400;
/** GSM SIM: out of range (invalid address). */
export const SW_GSM_OUT_OF_RANGE = 0x9402;
/** GSM SIM: file ID not found, or pattern not found. */
export const SW_GSM_FILE_NOT_FOUND = 0x9404;
/** GSM SIM: file inconsistent with the command. */
export const SW_GSM_FILE_INCONSISTENT = 0x9408;
/** GSM SIM (TS 51.011 §9.4): no CHV initialized. */
export const SW_GSM_NO_CHV_INITIALIZED = 0x9802;
/** GSM SIM: access condition not fulfilled, or unsuccessful CHV verification with attempts left. */
export const SW_GSM_ACCESS_CONDITION_NOT_FULFILLED = 0x9804;
/** GSM SIM: in contradiction with CHV status. */
export const SW_GSM_CONTRADICTS_CHV_STATUS = 0x9808;
/** GSM SIM: in contradiction with invalidation status. */
export const SW_GSM_CONTRADICTS_INVALIDATION = 0x9810;
/** GSM SIM: unsuccessful verification, no attempt left (CHV or UNBLOCK CHV blocked). */
export const SW_GSM_CHV_BLOCKED = 0x9840;
/** GSM SIM: INCREASE cannot be performed, maximum value reached. */
export const SW_GSM_MAX_VALUE_REACHED = 0x9850;

/** The SW2 value for a length of 1..256 bytes (256 is written 00). */
export function lengthToSw2(length: number): number {
  if (!Number.isInteger(length) || length < 1 || length > 256) {
    throw new RangeError(`length ${length} is outside 1..256`);
  }
  return length & 0xff;
}

/** The length a `61xx`, `6Cxx`, `9Fxx` or `91xx` SW2 stands for (00 means 256). */
export const sw2ToLength = (sw2: number): number => (sw2 === 0 ? 256 : sw2);

/** `61xx`: `length` bytes of response data wait for GET RESPONSE (UICC, ISO 7816-4). */
export const swMoreData = (length: number): number => 0x6100 | lengthToSw2(length);
/** `9Fxx`: `length` bytes of response data wait for GET RESPONSE (GSM SIM, TS 51.011 §9.4). */
export const swGsmMoreData = (length: number): number => 0x9f00 | lengthToSw2(length);
/** `6Cxx`: wrong Le, re-send with P3 = `length`. */
export const swWrongLe = (length: number): number => 0x6c00 | lengthToSw2(length);
/** `91xx`: OK, a proactive command of `length` bytes is pending (TS 102 221 §10.2.1). */
export const swProactive = (length: number): number => 0x9100 | lengthToSw2(length);
/** `63Cx`: verification failed, `retries` (0..15) attempts left. */
export function swRetriesLeft(retries: number): number {
  if (!Number.isInteger(retries) || retries < 0 || retries > 15) {
    throw new RangeError(`retry counter ${retries} is outside 0..15`);
  }
  return 0x63c0 | retries;
}

type Entry = readonly [name: string, meaning: string, kind: StatusWordKind];

const EXACT: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [0x9000, ['OK', 'normal ending of the command', 'ok']],
  [
    0x9300,
    ['TOOLKIT_BUSY', 'SIM Application Toolkit is busy, command cannot be executed now', 'busy'],
  ],
  [0x9240, ['MEMORY_PROBLEM', 'memory problem', 'error']],
  [0x9400, ['NO_EF_SELECTED', 'no EF selected', 'error']],
  [0x9402, ['OUT_OF_RANGE', 'out of range (invalid address)', 'error']],
  [0x9404, ['FILE_ID_NOT_FOUND', 'file ID not found, or pattern not found', 'error']],
  [0x9408, ['FILE_INCONSISTENT', 'file is inconsistent with the command', 'error']],
  [0x9802, ['NO_CHV_INITIALIZED', 'no CHV initialized', 'error']],
  [
    0x9804,
    [
      'ACCESS_CONDITION_NOT_FULFILLED',
      'access condition not fulfilled, or unsuccessful CHV verification with at least one attempt left',
      'error',
    ],
  ],
  [0x9808, ['CONTRADICTS_CHV_STATUS', 'in contradiction with CHV status', 'error']],
  [0x9810, ['CONTRADICTS_INVALIDATION', 'in contradiction with invalidation status', 'error']],
  [
    0x9840,
    ['CHV_BLOCKED', 'unsuccessful CHV verification, no attempt left (CHV blocked)', 'error'],
  ],
  [0x9850, ['MAX_VALUE_REACHED', 'INCREASE cannot be performed, maximum value reached', 'error']],
  [
    0x9862,
    ['AUTHENTICATION_ERROR', 'authentication error, application specific (TS 31.102)', 'error'],
  ],
  [0x6200, ['WARNING_UNCHANGED', 'no information given, non-volatile memory unchanged', 'warning']],
  [0x6281, ['DATA_MAY_BE_CORRUPTED', 'part of the returned data may be corrupted', 'warning']],
  [0x6282, ['END_REACHED', 'end of file or record reached before reading Le bytes', 'warning']],
  [0x6283, ['FILE_DEACTIVATED', 'selected file invalidated (deactivated)', 'warning']],
  [0x6285, ['FILE_TERMINATED', 'selected file in termination state', 'warning']],
  [0x62f1, ['MORE_DATA_AVAILABLE', 'more data available', 'warning']],
  [
    0x62f2,
    ['MORE_DATA_AND_PROACTIVE', 'more data available and proactive command pending', 'warning'],
  ],
  [0x62f3, ['RESPONSE_DATA_AVAILABLE', 'response data available', 'warning']],
  [
    0x6300,
    [
      'WARNING_CHANGED',
      'no information given, non-volatile memory changed (authentication failed)',
      'warning',
    ],
  ],
  [0x6381, ['FILE_FILLED_UP', 'file filled up by the last write', 'warning']],
  [0x63f1, ['MORE_DATA_EXPECTED', 'more data expected', 'warning']],
  [
    0x63f2,
    [
      'MORE_DATA_EXPECTED_AND_PROACTIVE',
      'more data expected and proactive command pending',
      'warning',
    ],
  ],
  [0x6400, ['EXECUTION_ERROR', 'execution error, non-volatile memory unchanged', 'error']],
  [0x6500, ['MEMORY_CHANGED_ERROR', 'execution error, non-volatile memory changed', 'error']],
  [0x6581, ['MEMORY_FAILURE', 'memory problem (memory failure)', 'error']],
  [0x6700, ['WRONG_LENGTH', 'wrong length', 'error']],
  [0x6800, ['CLA_FUNCTION_NOT_SUPPORTED', 'functions in CLA not supported', 'error']],
  [0x6881, ['LOGICAL_CHANNEL_NOT_SUPPORTED', 'logical channel not supported', 'error']],
  [0x6882, ['SECURE_MESSAGING_NOT_SUPPORTED', 'secure messaging not supported', 'error']],
  [0x6900, ['COMMAND_NOT_ALLOWED_NO_INFO', 'command not allowed, no information given', 'error']],
  [
    0x6981,
    ['INCOMPATIBLE_FILE_STRUCTURE', 'command incompatible with the file structure', 'error'],
  ],
  [0x6982, ['SECURITY_STATUS_NOT_SATISFIED', 'security status not satisfied', 'error']],
  [
    0x6983,
    ['AUTHENTICATION_METHOD_BLOCKED', 'authentication or verification method blocked', 'error'],
  ],
  [0x6984, ['REFERENCE_DATA_INVALIDATED', 'referenced data invalidated (not usable)', 'error']],
  [0x6985, ['CONDITIONS_OF_USE_NOT_SATISFIED', 'conditions of use not satisfied', 'error']],
  [0x6986, ['COMMAND_NOT_ALLOWED', 'command not allowed (no EF selected)', 'error']],
  [0x6a80, ['WRONG_DATA', 'incorrect parameters in the data field', 'error']],
  [0x6a81, ['FUNCTION_NOT_SUPPORTED', 'function not supported', 'error']],
  [0x6a82, ['FILE_NOT_FOUND', 'file or application not found', 'error']],
  [0x6a83, ['RECORD_NOT_FOUND', 'record not found', 'error']],
  [0x6a84, ['NOT_ENOUGH_MEMORY', 'not enough memory space in the file', 'error']],
  [0x6a85, ['LC_INCONSISTENT_WITH_TLV', 'Lc inconsistent with the TLV structure', 'error']],
  [0x6a86, ['INCORRECT_P1_P2', 'incorrect parameters P1-P2', 'error']],
  [0x6a87, ['LC_INCONSISTENT_WITH_P1_P2', 'Lc inconsistent with P1-P2', 'error']],
  [0x6a88, ['REFERENCED_DATA_NOT_FOUND', 'referenced data not found', 'error']],
  [0x6b00, ['WRONG_P1_P2', 'wrong parameters P1-P2', 'error']],
  [0x6d00, ['INS_NOT_SUPPORTED', 'instruction code not supported or invalid', 'error']],
  [0x6e00, ['CLA_NOT_SUPPORTED', 'class not supported', 'error']],
  [0x6f00, ['NO_PRECISE_DIAGNOSIS', 'technical problem, no precise diagnosis', 'error']],
]);

type Counted = (count: number) => readonly [name: string, meaning: string, kind: StatusWordKind];

const BY_SW1: ReadonlyMap<number, Counted> = new Map<number, Counted>([
  [0x61, (n) => ['MORE_DATA', `${n} bytes of response data available (GET RESPONSE)`, 'more-data']],
  [0x9f, (n) => ['MORE_DATA', `${n} bytes of response data available (GET RESPONSE)`, 'more-data']],
  [0x6c, (n) => ['WRONG_LE', `wrong length Le, re-send with P3 = ${n}`, 'wrong-le']],
  [
    0x91,
    (n) => [
      'PROACTIVE_COMMAND',
      `OK, proactive command of ${n} bytes pending (FETCH)`,
      'proactive',
    ],
  ],
  [
    0x9e,
    (n) => [
      'DOWNLOAD_ERROR',
      `SIM data download error, ${n} bytes of response data`,
      'download-error',
    ],
  ],
]);

/**
 * Names a status word.
 *
 * @example
 * describeStatusWord(0x6c10); // { sw: 0x6c10, name: 'WRONG_LE', kind: 'wrong-le', count: 16, ... }
 * describeStatusWord(0x63c2).meaning; // 'verification failed, 2 retries left'
 */
export function describeStatusWord(sw: number): StatusWordDescription {
  const exact = EXACT.get(sw);
  if (exact) return { sw, name: exact[0], meaning: exact[1], kind: exact[2] };
  const s1 = sw >> 8;
  const s2 = sw & 0xff;
  const counted = BY_SW1.get(s1);
  if (counted) {
    const count = sw2ToLength(s2);
    const [name, meaning, kind] = counted(count);
    return { sw, name, meaning, kind, count };
  }
  return describeRanges(sw, s1, s2);
}

function describeRanges(sw: number, s1: number, s2: number): StatusWordDescription {
  if (s1 === 0x63 && (s2 & 0xf0) === 0xc0) {
    const count = s2 & 0x0f;
    const meaning = `verification failed, ${count} retries left`;
    return { sw, name: 'RETRIES_LEFT', meaning, kind: 'warning', count };
  }
  if (s1 === 0x92 && s2 <= 0x0f) {
    const meaning = `command successful after ${s2} internal retries`;
    return { sw, name: 'OK_AFTER_RETRIES', meaning, kind: 'warning', count: s2 };
  }
  const generic = GENERIC_SW1.get(s1);
  if (generic) return { sw, name: generic[0], meaning: generic[1], kind: generic[2] };
  return { sw, name: 'UNKNOWN', meaning: 'status word not defined', kind: 'error' };
}

const GENERIC_SW1: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [0x62, ['WARNING_UNCHANGED', 'warning, non-volatile memory unchanged', 'warning']],
  [0x63, ['WARNING_CHANGED', 'warning, non-volatile memory changed', 'warning']],
  [0x64, ['EXECUTION_ERROR', 'execution error, non-volatile memory unchanged', 'error']],
  [0x65, ['MEMORY_CHANGED_ERROR', 'execution error, non-volatile memory changed', 'error']],
  [0x66, ['SECURITY_ERROR', 'security-related issue', 'error']],
  [0x67, ['INCORRECT_P3', 'wrong length (incorrect parameter P3)', 'error']],
  [0x68, ['CLA_FUNCTION_NOT_SUPPORTED', 'functions in CLA not supported', 'error']],
  [0x69, ['COMMAND_NOT_ALLOWED', 'command not allowed', 'error']],
  [0x6a, ['WRONG_PARAMETERS', 'wrong parameters P1-P2', 'error']],
  [0x6b, ['WRONG_P1_P2', 'incorrect parameter P1 or P2', 'error']],
  [0x6d, ['INS_NOT_SUPPORTED', 'unknown instruction code', 'error']],
  [0x6e, ['CLA_NOT_SUPPORTED', 'wrong instruction class', 'error']],
  [0x6f, ['NO_PRECISE_DIAGNOSIS', 'technical problem, no precise diagnosis', 'error']],
  [0x92, ['MEMORY_PROBLEM', 'memory problem', 'error']],
  [0x94, ['REFERENCING_ERROR', 'referencing management error', 'error']],
  [0x98, ['SECURITY_MANAGEMENT', 'security management error', 'error']],
]);

/** True for SW1 values a T=0 card may send as the first status byte (`6x` except `60`, `9x`). */
export function isSw1(byte: number): boolean {
  const high = byte & 0xf0;
  return (high === 0x60 && byte !== 0x60) || high === 0x90;
}
