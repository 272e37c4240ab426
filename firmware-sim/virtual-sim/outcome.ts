// What a command handler returns, and the status words of the two command sets: TS 51.011 §9.4
// (GSM SIM, CLA A0) and TS 102 221 §10.2 (UICC, CLA 00/80) for the same outcome.

/** The command set an APDU belongs to, told by its class byte. */
export type Dialect = 'gsm' | 'uicc';

/**
 * A handler's result. `data` is returned at once (case 2 commands); `deferred` is response data
 * announced with `61xx` / `9Fxx` and collected with GET RESPONSE (case 4 commands over T=0).
 */
export interface Outcome {
  readonly sw: number;
  readonly data?: Uint8Array;
  readonly deferred?: Uint8Array;
}

export const OK: Outcome = { sw: 0x9000 };

/** Outcomes with a different status word per command set. */
export type Failure =
  | 'fileNotFound'
  | 'securityNotSatisfied'
  | 'noEfSelected'
  | 'fileInconsistent'
  | 'offsetOutOfRange'
  | 'recordNotFound'
  | 'patternNotFound'
  | 'wrongP1P2'
  | 'wrongLength'
  | 'maxValueReached'
  | 'contradictsPinStatus'
  | 'pinBlocked'
  | 'wrongData'
  | 'memoryFull'
  | 'nothingPending'
  | 'referenceNotFound'
  | 'authenticationError'
  | 'fileInvalidated';

const FAILURES: Record<Failure, readonly [gsm: number, uicc: number]> = {
  fileNotFound: [0x9404, 0x6a82],
  securityNotSatisfied: [0x9804, 0x6982],
  noEfSelected: [0x9400, 0x6986],
  fileInconsistent: [0x9408, 0x6981],
  offsetOutOfRange: [0x9402, 0x6b00],
  recordNotFound: [0x9402, 0x6a83],
  patternNotFound: [0x9404, 0x6282],
  wrongP1P2: [0x6b00, 0x6a86],
  wrongLength: [0x6700, 0x6700],
  maxValueReached: [0x9850, 0x9850],
  contradictsPinStatus: [0x9808, 0x6985],
  pinBlocked: [0x9840, 0x6983],
  wrongData: [0x6f00, 0x6a80],
  memoryFull: [0x9240, 0x6a84],
  nothingPending: [0x6f00, 0x6985],
  referenceNotFound: [0x6b00, 0x6a88],
  authenticationError: [0x9862, 0x9862],
  fileInvalidated: [0x9810, 0x6283],
};

/** The outcome `failure` in the command set `dialect`. */
export function fail(dialect: Dialect, failure: Failure): Outcome {
  const [gsm, uicc] = FAILURES[failure];
  return { sw: dialect === 'gsm' ? gsm : uicc };
}

/**
 * A case 2 command asked for `asked` bytes where `available` are: UICC `6Cxx` (ISO/IEC 7816-3
 * §10.3.3), GSM `67xx` with xx the correct length (TS 51.011 §9.4.6).
 */
export function wrongLe(dialect: Dialect, available: number): Outcome {
  if (dialect === 'gsm') return { sw: 0x6700 | (available > 0xff ? 0 : available) };
  return { sw: 0x6c00 | (available & 0xff) };
}

/** Response data announced for GET RESPONSE (`61xx` / `9Fxx` is formed by the dispatcher). */
export const deferred = (data: Uint8Array): Outcome => ({ sw: 0x9000, deferred: data });

/** The Le a command carries: a T=0 P3 of 00 (or no Le at all) means 256 (ISO/IEC 7816-3 §10.3.2). */
export const leOf = (apdu: { readonly ne?: number }): number => apdu.ne ?? 256;

/**
 * Returns `data` to a case 2 command. Le must match its length; a shorter Le returns the first Le
 * bytes where `shorterAllowed` (READ BINARY, GET RESPONSE; every GSM case 2 command).
 */
export function respondWith(
  dialect: Dialect,
  apdu: { readonly ne?: number; readonly data: Uint8Array },
  data: Uint8Array,
  shorterAllowed: boolean,
): Outcome {
  if (apdu.data.length > 0) return fail(dialect, 'wrongLength');
  const le = leOf(apdu);
  if (le === data.length || data.length === 0) return { sw: 0x9000, data };
  if (le < data.length && (shorterAllowed || dialect === 'gsm')) {
    return { sw: 0x9000, data: data.slice(0, le) };
  }
  return wrongLe(dialect, data.length);
}
