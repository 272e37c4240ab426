// What AT command handlers share (ITU-T V.250, TS 27.007, TS 27.005): the handset, the modem's
// identity, the settings commands change, and the reply a handler gives.
import type { HandsetClient } from '../handset-client.ts';
import type { Storage } from '../jobs.ts';
import type { AtCommand } from './at-command-line.ts';
import type { AtError } from './at-errors.ts';

/** Identity the modem reports (+CGMI, +CGMM, +CGMR, +CGSN). */
export interface AtModemInfo {
  readonly manufacturer: string;
  readonly model: string;
  readonly revision: string;
  /** 15 digits (TS 23.003 §6.2.1). */
  readonly imei: string;
}

/** Settings of one AT session; `AT&F`/`ATZ` restore the defaults. */
export interface AtSettings {
  echo: boolean;
  /** AT+CMEE: 0 ERROR, 1 numeric, 2 verbose. */
  cmee: number;
  /** AT+CMGF: false PDU mode, true text mode. */
  textMode: boolean;
  /** AT+CSCS: GSM, IRA, UCS2 or HEX. */
  charset: string;
  /** AT+CPMS <mem1> (read, delete), <mem2> (write, send), <mem3> (received). */
  storages: [Storage, Storage, Storage];
  /** AT+CNMI <mode>,<mt>,<bm>,<ds>,<bfr>. */
  cnmi: [number, number, number, number, number];
  /** AT+CSCA override of the SIM's service centre. */
  serviceCentre: string | undefined;
  /** AT+CREG <n>. */
  creg: number;
}

export function defaultSettings(): AtSettings {
  return {
    echo: true,
    cmee: 0,
    textMode: false,
    charset: 'GSM',
    storages: ['SM', 'SM', 'SM'],
    cnmi: [0, 0, 0, 0, 0],
    serviceCentre: undefined,
    creg: 0,
  };
}

export interface AtSession {
  readonly handset: HandsetClient;
  readonly info: AtModemInfo;
  settings: AtSettings;
}

/** What a command gives: information lines, then OK, an error, or a prompt for message entry. */
export interface AtReply {
  readonly lines?: readonly string[];
  readonly error?: AtError;
  /** Message entry follows (`> `); the entered text is passed to this continuation. */
  readonly entry?: (text: string) => Promise<AtReply>;
}

export type AtHandler = (command: AtCommand, session: AtSession) => AtReply | Promise<AtReply>;

export const OK: AtReply = {};
export const lines = (...text: string[]): AtReply => ({ lines: text });
export const failure = (error: AtError): AtReply => ({ error });
