// Final result codes of TS 27.007 §9.2 (+CME ERROR) and TS 27.005 §3.2.5 (+CMS ERROR), numeric
// (AT+CMEE=1) or verbose (AT+CMEE=2), and how the handset's request failures map onto them.
import type { JobErrorCode } from '../jobs.ts';

/** +CME ERROR codes (TS 27.007 §9.2.1). */
export const Cme = {
  operationNotAllowed: 3,
  operationNotSupported: 4,
  simNotInserted: 10,
  simPinRequired: 11,
  simPukRequired: 12,
  simFailure: 13,
  simBusy: 14,
  incorrectPassword: 16,
  invalidIndex: 21,
  notFound: 22,
  invalidCharacters: 25,
  noNetworkService: 30,
  incorrectParameters: 50,
  unknown: 100,
} as const;

/** +CMS ERROR codes (TS 27.005 §3.2.5). */
export const Cms = {
  meFailure: 300,
  operationNotAllowed: 302,
  operationNotSupported: 303,
  invalidPduParameter: 304,
  invalidTextParameter: 305,
  simNotInserted: 310,
  simPinRequired: 311,
  simFailure: 313,
  simBusy: 314,
  simPukRequired: 316,
  invalidMemoryIndex: 321,
  memoryFull: 322,
  smscAddressUnknown: 330,
  noNetworkService: 331,
  unknown: 500,
} as const;

const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  13: 'SIM failure',
  14: 'SIM busy',
  16: 'incorrect password',
  21: 'invalid index',
  22: 'not found',
  25: 'invalid characters in text string',
  30: 'no network service',
  50: 'Incorrect parameters',
  100: 'unknown',
};

const CMS_TEXT: Readonly<Record<number, string>> = {
  300: 'ME failure',
  302: 'operation not allowed',
  303: 'operation not supported',
  304: 'invalid PDU mode parameter',
  305: 'invalid text mode parameter',
  310: 'SIM not inserted',
  311: 'SIM PIN required',
  313: 'SIM failure',
  314: 'SIM busy',
  316: 'SIM PUK required',
  321: 'invalid memory index',
  322: 'memory full',
  330: 'SMSC address unknown',
  331: 'no network service',
  500: 'unknown error',
};

/** A failure final result: which family and which code. */
export interface AtError {
  readonly family: 'CME' | 'CMS';
  readonly code: number;
}

export const cme = (code: number): AtError => ({ family: 'CME', code });
export const cms = (code: number): AtError => ({ family: 'CMS', code });

/** The final result line for `AT+CMEE=mode` (0: plain ERROR). */
export function errorLine(error: AtError, mode: number): string {
  if (mode === 0) return 'ERROR';
  const text = (error.family === 'CME' ? CME_TEXT : CMS_TEXT)[error.code];
  const value = mode === 2 && text !== undefined ? text : String(error.code);
  return `+${error.family} ERROR: ${value}`;
}

const CME_OF: Readonly<Record<JobErrorCode, number>> = {
  pinRequired: Cme.simPinRequired,
  pukRequired: Cme.simPukRequired,
  incorrectPassword: Cme.incorrectPassword,
  invalidIndex: Cme.invalidIndex,
  memoryFull: Cme.unknown,
  refusedBySim: Cme.operationNotAllowed,
  networkFailure: Cme.noNetworkService,
  simFailure: Cme.simFailure,
  notAllowed: Cme.operationNotAllowed,
};

const CMS_OF: Readonly<Record<JobErrorCode, number>> = {
  pinRequired: Cms.simPinRequired,
  pukRequired: Cms.simPukRequired,
  incorrectPassword: Cms.operationNotAllowed,
  invalidIndex: Cms.invalidMemoryIndex,
  memoryFull: Cms.memoryFull,
  refusedBySim: Cms.operationNotAllowed,
  networkFailure: Cms.noNetworkService,
  simFailure: Cms.simFailure,
  notAllowed: Cms.operationNotAllowed,
};

/** A request failure as +CME ERROR (general and SIM commands) or +CMS ERROR (SMS commands). */
export function jobError(code: JobErrorCode, family: 'CME' | 'CMS'): AtError {
  return family === 'CME' ? cme(CME_OF[code]) : cms(CMS_OF[code]);
}
