// The INS/CLA case table a T=0 card uses to tell, from the header alone, whether P3 is Lc or Le:
// 3GPP TS 51.011 §9.2 (CLA A0), ETSI TS 102 221 §10.1.2 table 10.5 (CLA 0X/4X/6X, 80, 8X/CX/EX)
// and the GlobalPlatform commands met on UICCs.
import type { ApduCase } from './apdu.ts';
import { SW_CLA_NOT_SUPPORTED, SW_INS_NOT_SUPPORTED, SW_WRONG_LENGTH } from './status-words.ts';
import { isValidIns, type TpduHeader } from './tpdu.ts';

/** GSM SIM (CLA A0: `9Fxx`, GET RESPONSE `A0 C0`) or UICC (`61xx`, GET RESPONSE `0X C0`). */
export type ClassFamily = 'gsm' | 'uicc';

/** What P3 is: nothing to transfer, Lc (reader sends data) or Le (card sends data). */
export type P3Role = 'none' | 'lc' | 'le';

/** How the card treats a header. */
export type HeaderDecision =
  | {
      readonly kind: 'command';
      readonly family: ClassFamily;
      readonly name: string;
      /** The case of the command APDU handed to the application. */
      readonly apduCase: ApduCase;
      readonly p3: P3Role;
    }
  | {
      readonly kind: 'reject';
      readonly reason: 'unknown-class' | 'unknown-instruction' | 'wrong-p3';
      /** The status word the card answers at once: 6E00, 6D00 or 6700. */
      readonly sw: number;
    };

/**
 * The header and outcome of the previous command. A command re-sent after `6Cxx` with the same
 * CLA INS P1 P2 and P3 = xx keeps the previous case (GET DATA CA/CB depends on P3).
 */
export interface PreviousApduContext {
  readonly header: TpduHeader;
  readonly apduCase: ApduCase;
  readonly sw: number;
}

type CaseRule = ApduCase | ((h: TpduHeader) => ApduCase | undefined);
type Table = ReadonlyMap<number, readonly [name: string, rule: CaseRule]>;

/** TS 51.011 §9.2: over T=0 response data of case 3 commands comes through `9Fxx` + GET RESPONSE. */
const GSM: Table = new Map<number, readonly [string, CaseRule]>([
  [0xa4, ['SELECT', 3]],
  [0xf2, ['STATUS', 2]],
  [0xb0, ['READ BINARY', 2]],
  [0xd6, ['UPDATE BINARY', 3]],
  [0xb2, ['READ RECORD', 2]],
  [0xdc, ['UPDATE RECORD', 3]],
  [0xa2, ['SEEK', 3]],
  [0x32, ['INCREASE', 4]],
  [0x20, ['VERIFY CHV', 3]],
  [0x24, ['CHANGE CHV', 3]],
  [0x26, ['DISABLE CHV', 3]],
  [0x28, ['ENABLE CHV', 3]],
  [0x2c, ['UNBLOCK CHV', 3]],
  [0x04, ['INVALIDATE', 1]],
  [0x44, ['REHABILITATE', 1]],
  [0x88, ['RUN GSM ALGORITHM', 3]],
  [0xfa, ['SLEEP', 1]],
  [0xc0, ['GET RESPONSE', 2]],
  [0x10, ['TERMINAL PROFILE', 3]],
  [0xc2, ['ENVELOPE', 3]],
  [0x12, ['FETCH', 2]],
  [0x14, ['TERMINAL RESPONSE', 3]],
]);

/** TS 102 221 table 10.5, CLA 0X, 4X and 6X. */
const INTERINDUSTRY: Table = new Map<number, readonly [string, CaseRule]>([
  [0xa4, ['SELECT', 4]],
  [0xb0, ['READ BINARY', 2]],
  [0xd6, ['UPDATE BINARY', 3]],
  [0xb2, ['READ RECORD', 2]],
  [0xdc, ['UPDATE RECORD', 3]],
  [0xa2, ['SEARCH RECORD', 4]],
  [0x20, ['VERIFY PIN', 3]],
  [0x24, ['CHANGE PIN', 3]],
  [0x26, ['DISABLE PIN', 3]],
  [0x28, ['ENABLE PIN', 3]],
  [0x2c, ['UNBLOCK PIN', 3]],
  [0x04, ['DEACTIVATE FILE', 3]],
  [0x44, ['ACTIVATE FILE', 3]],
  [0x88, ['AUTHENTICATE', 4]],
  [0x89, ['AUTHENTICATE', 4]],
  [0x84, ['GET CHALLENGE', 2]],
  [0x70, ['MANAGE CHANNEL', (h) => (h.p1 === 0x80 ? 1 : 2)]],
  [0x73, ['MANAGE SECURE CHANNEL', manageSecureChannelCase]],
  [0x75, ['TRANSACT DATA', (h) => (h.p1 & 0x04 ? 3 : 2)]],
  [0xc0, ['GET RESPONSE', 2]],
  [0xca, ['GET DATA', 2]],
]);

/** TS 102 221 table 10.5, CLA 80 exactly (CAT and UICC management). */
const PROPRIETARY_80: Table = new Map<number, readonly [string, CaseRule]>([
  [0x10, ['TERMINAL PROFILE', 3]],
  [0xc2, ['ENVELOPE', 4]],
  [0x12, ['FETCH', 2]],
  [0x14, ['TERMINAL RESPONSE', 3]],
  [0x76, ['SUSPEND UICC', 4]],
  [0x7a, ['EXCHANGE CAPABILITIES', 4]],
]);

/** TS 102 221 table 10.5, CLA 8X, CX, EX, and GlobalPlatform card commands. */
const PROPRIETARY: Table = new Map<number, readonly [string, CaseRule]>([
  [0xf2, ['STATUS', (h) => (h.p1 & 0xf0 ? 4 : 2)]],
  [0x32, ['INCREASE', 4]],
  [0xcb, ['GET DATA', (h) => (h.p3 === 0 ? 2 : 4)]],
  [0xca, ['GET DATA', (h) => (h.p3 === 0 ? 2 : 4)]],
  [0xdb, ['SET DATA', 3]],
  [0xaa, ['TERMINAL CAPABILITY', 3]],
  [0x78, ['GET IDENTITY', 4]],
  [0xe4, ['DELETE', 4]],
  [0xe2, ['STORE DATA', (h) => (h.p1 & 0x01 ? 4 : 3)]],
  [0xe6, ['INSTALL', 4]],
  [0xe8, ['LOAD', 4]],
  [0xd8, ['PUT KEY', 4]],
  [0xf0, ['SET STATUS', 3]],
  [0xc0, ['GET RESPONSE', 2]],
]);

function manageSecureChannelCase(h: TpduHeader): ApduCase | undefined {
  if (h.p1 === 0x00) return 2;
  const operation = h.p1 & 0x07;
  if (operation === 4) return 3;
  if (operation < 1 || operation > 3) return undefined;
  const p2Command = h.p2 >> 5;
  if (h.p2 === 0x80 || p2Command === 0) return 3;
  return p2Command === 1 || p2Command === 5 ? 2 : undefined;
}

/** The tables that apply to a CLA, most specific first; empty for an unsupported class. */
function tablesFor(cla: number): readonly Table[] {
  if (cla === 0xa0) return [GSM];
  if (cla === 0x80) return [PROPRIETARY_80, PROPRIETARY];
  const high = cla & 0xf0;
  if (high === 0x00 || high === 0x40 || high === 0x60) return [INTERINDUSTRY];
  if (high === 0x80 || high === 0xc0 || high === 0xe0) return [PROPRIETARY];
  return [];
}

/** The family a CLA belongs to. */
export const classFamily = (cla: number): ClassFamily => (cla === 0xa0 ? 'gsm' : 'uicc');

/**
 * Decides the case of a command from its header, as a card must before the data phase.
 *
 * @example
 * decideHeader({ cla: 0xa0, ins: 0xa4, p1: 0, p2: 0, p3: 2 }); // SELECT, case 3, P3 is Lc
 * decideHeader({ cla: 0xa0, ins: 0x77, p1: 0, p2: 0, p3: 0 }); // reject, sw 0x6d00
 */
export function decideHeader(header: TpduHeader, previous?: PreviousApduContext): HeaderDecision {
  const tables = tablesFor(header.cla);
  if (tables.length === 0) {
    return { kind: 'reject', reason: 'unknown-class', sw: SW_CLA_NOT_SUPPORTED };
  }
  const entry = isValidIns(header.ins) ? lookUp(tables, header) : undefined;
  if (entry === undefined) {
    return { kind: 'reject', reason: 'unknown-instruction', sw: SW_INS_NOT_SUPPORTED };
  }
  const kase = isResend(header, previous) ? previous.apduCase : entry[1];
  return withRole(header, entry[0], kase);
}

function lookUp(tables: readonly Table[], h: TpduHeader): readonly [string, ApduCase] | undefined {
  for (const table of tables) {
    const entry = table.get(h.ins);
    if (entry === undefined) continue;
    const kase = typeof entry[1] === 'function' ? entry[1](h) : entry[1];
    if (kase !== undefined) return [entry[0], kase];
  }
  return undefined;
}

function isResend(h: TpduHeader, previous?: PreviousApduContext): previous is PreviousApduContext {
  if (previous === undefined || previous.sw >> 8 !== 0x6c) return false;
  const p = previous.header;
  return (
    p.cla === h.cla &&
    p.ins === h.ins &&
    p.p1 === h.p1 &&
    p.p2 === h.p2 &&
    (previous.sw & 0xff) === h.p3
  );
}

/**
 * Case 1 carries nothing (P3 must be 0); case 2 P3 is Le; cases 3 and 4 P3 is Lc, and Lc = 0
 * makes the command a case 1 (VERIFY PIN with P3 = 0 asks for the retry counter).
 */
function withRole(h: TpduHeader, name: string, kase: ApduCase): HeaderDecision {
  const family = classFamily(h.cla);
  if (kase === 1) {
    if (h.p3 !== 0) return { kind: 'reject', reason: 'wrong-p3', sw: SW_WRONG_LENGTH };
    return { kind: 'command', family, name, apduCase: 1, p3: 'none' };
  }
  if (kase === 2) return { kind: 'command', family, name, apduCase: 2, p3: 'le' };
  if (h.p3 === 0) return { kind: 'command', family, name, apduCase: 1, p3: 'none' };
  return { kind: 'command', family, name, apduCase: kase, p3: 'lc' };
}
