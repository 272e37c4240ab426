// One command APDU in, one response APDU out: class byte checks (TS 102 221 §10.1.1: logical
// channels and secure messaging are not offered), 61xx / 9Fxx with GET RESPONSE (ISO/IEC 7816-4
// §5.3.4, TS 51.011 §9.2.18), and 91xx when a proactive command waits (TS 102 221 §14.6.1).
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import {
  GSM_COMMANDS,
  INS_GET_RESPONSE,
  UICC_INTERINDUSTRY,
  UICC_PROPRIETARY,
  type Handler,
} from './command-tables.ts';
import { fail, leOf, wrongLe, type Dialect, type Outcome } from './outcome.ts';

const SW_OK = 0x9000;
const CLA_GSM = 0xa0;

interface Route {
  readonly dialect: Dialect;
  readonly table: Readonly<Record<number, Handler>>;
  readonly other?: Readonly<Record<number, Handler>>;
}

/** The command set of a class byte, or the status word refusing it. */
function route(state: CardState, cla: number): Route | number {
  if (cla === CLA_GSM) return { dialect: 'gsm', table: GSM_COMMANDS };
  if (!state.profile.uicc) return 0x6e00;
  const high = cla & 0xf0;
  const interindustry = high === 0x00 || high === 0x40 || high === 0x60;
  const proprietary = high === 0x80 || high === 0xc0 || high === 0xe0;
  if (!interindustry && !proprietary) return 0x6e00;
  const firstGroup = high === 0x00 || high === 0x80;
  if (firstGroup && (cla & 0x0c) !== 0) return 0x6882;
  if (!firstGroup || (cla & 0x03) !== 0) return 0x6881;
  return interindustry
    ? { dialect: 'uicc', table: UICC_INTERINDUSTRY, other: UICC_PROPRIETARY }
    : { dialect: 'uicc', table: UICC_PROPRIETARY, other: UICC_INTERINDUSTRY };
}

/** GET RESPONSE: the pending data, all or Le bytes of it (the rest stays pending on a UICC). */
function getResponse(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  const pending = state.volatile.pendingResponse;
  if (pending === undefined) return fail(dialect, 'nothingPending');
  if (apdu.data.length > 0) return fail(dialect, 'wrongLength');
  const le = leOf(apdu);
  if (le > pending.length) return wrongLe(dialect, pending.length);
  const rest = pending.subarray(le);
  state.volatile.pendingResponse = dialect === 'uicc' && rest.length > 0 ? rest : undefined;
  const sw = state.volatile.pendingResponse ? 0x6100 | (rest.length & 0xff) : SW_OK;
  return { sw, data: pending.slice(0, le) };
}

/** Runs one command; anything a handler did not foresee becomes 6F00, never an exception. */
export function dispatch(state: CardState, apdu: CommandApdu): ResponseApdu {
  const r = route(state, apdu.cla);
  if (typeof r === 'number') return { data: new Uint8Array(0), sw: r };
  const keepPending = apdu.ins === INS_GET_RESPONSE && r.table !== UICC_PROPRIETARY;
  if (!keepPending) state.volatile.pendingResponse = undefined;
  let outcome: Outcome;
  try {
    outcome = run(state, apdu, r);
  } catch {
    outcome = { sw: 0x6f00 };
  }
  return finish(state, outcome, r.dialect);
}

function run(state: CardState, apdu: CommandApdu, r: Route): Outcome {
  if (apdu.ins === INS_GET_RESPONSE && r.table !== UICC_PROPRIETARY) {
    return getResponse(state, apdu, r.dialect);
  }
  const handler = r.table[apdu.ins];
  if (handler !== undefined) return handler(state, apdu, r.dialect);
  const elsewhere = r.other?.[apdu.ins] !== undefined || apdu.ins === INS_GET_RESPONSE;
  return { sw: elsewhere ? 0x6e00 : 0x6d00 };
}

/** Turns deferred data into 61xx / 9Fxx and a plain 9000 into 91xx when a command waits. */
function finish(state: CardState, outcome: Outcome, dialect: Dialect): ResponseApdu {
  const data = outcome.data ?? new Uint8Array(0);
  const later = outcome.deferred;
  if (later !== undefined && later.length > 0 && outcome.sw === SW_OK) {
    state.volatile.pendingResponse = later.slice();
    const sw1 = dialect === 'gsm' ? 0x9f00 : 0x6100;
    return { data: new Uint8Array(0), sw: sw1 | (later.length & 0xff) };
  }
  const v = state.volatile;
  const next = v.proactiveQueue[0];
  if (outcome.sw === SW_OK && next !== undefined && v.terminalProfileSeen && !v.proactiveFetched) {
    return { data, sw: 0x9100 | (next.length & 0xff) };
  }
  return { data, sw: outcome.sw };
}
