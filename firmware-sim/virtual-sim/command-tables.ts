// Which instruction each class byte offers: GSM SIM (CLA A0, TS 51.011 §9.2 table 8), UICC
// interindustry (CLA 0X/4X/6X, TS 102 221 §10.1.2 table 10.5) and UICC proprietary (CLA 8X/CX/EX).
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import { authenticate, runGsmAlgorithm } from './authenticate.ts';
import { readBinary, updateBinary } from './binary.ts';
import type { CardState } from './card-state.ts';
import { setInvalidated } from './invalidate.ts';
import { OK, type Dialect, type Outcome } from './outcome.ts';
import { readRecord, updateRecord } from './records.ts';
import { increase, searchRecord, seek } from './search.ts';
import { secretCodeCommand, type CodeCommand } from './secret-codes.ts';
import { gsmSelect, gsmStatus, uiccSelect, uiccStatus } from './select.ts';
import { envelope, fetch, terminalProfile, terminalResponse } from './toolkit.ts';

/** A command implementation. GET RESPONSE is answered by the dispatcher itself. */
export type Handler = (state: CardState, apdu: CommandApdu, dialect: Dialect) => Outcome;

export const INS_GET_RESPONSE = 0xc0;

const code =
  (command: CodeCommand): Handler =>
  (state, apdu, dialect) =>
    secretCodeCommand(state, apdu, dialect, command);

const SECRET_CODES: Readonly<Record<number, Handler>> = {
  0x20: code('verify'),
  0x24: code('change'),
  0x26: code('disable'),
  0x28: code('enable'),
  0x2c: code('unblock'),
};

const FILES: Readonly<Record<number, Handler>> = {
  0xb0: readBinary,
  0xd6: updateBinary,
  0xb2: readRecord,
  0xdc: updateRecord,
};

const TOOLKIT: Readonly<Record<number, Handler>> = {
  0x10: terminalProfile,
  0xc2: envelope,
  0x12: fetch,
  0x14: terminalResponse,
};

const INVALIDATION: Readonly<Record<number, Handler>> = {
  0x04: (state, apdu, dialect) => setInvalidated(state, apdu, dialect, true),
  0x44: (state, apdu, dialect) => setInvalidated(state, apdu, dialect, false),
};

/** CLA A0 (TS 51.011 §9.2). SLEEP (FA) is accepted and does nothing (§9.2.17). */
export const GSM_COMMANDS: Readonly<Record<number, Handler>> = {
  ...FILES,
  ...SECRET_CODES,
  ...TOOLKIT,
  0xa4: (state, apdu) => gsmSelect(state, apdu),
  0xf2: (state, apdu) => gsmStatus(state, apdu),
  0xa2: (state, apdu) => seek(state, apdu),
  0x32: increase,
  0x88: (state, apdu) => runGsmAlgorithm(state, apdu),
  0xfa: () => OK,
  ...INVALIDATION,
};

/** CLA 0X/4X/6X (TS 102 221 table 10.5). */
export const UICC_INTERINDUSTRY: Readonly<Record<number, Handler>> = {
  ...FILES,
  ...SECRET_CODES,
  0xa4: (state, apdu) => uiccSelect(state, apdu),
  0xa2: (state, apdu) => searchRecord(state, apdu),
  0x88: (state, apdu) => authenticate(state, apdu),
  ...INVALIDATION,
  /** MANAGE CHANNEL (§11.1.17): only the basic channel exists. */
  0x70: () => ({ sw: 0x6881 }),
};

/** CLA 8X/CX/EX (TS 102 221 table 10.5). */
export const UICC_PROPRIETARY: Readonly<Record<number, Handler>> = {
  ...TOOLKIT,
  0xf2: (state, apdu) => uiccStatus(state, apdu),
  0x32: increase,
  /** TERMINAL CAPABILITY (§11.1.19): acknowledged; the card has no use for it. */
  0xaa: (_state, apdu) => (apdu.data.length === 0 ? { sw: 0x6700 } : OK),
};
