// ISO/IEC 7816-3 §10.3.3 and ETSI TS 102 221 §7.3.1, reader side of T=0: map a command APDU onto
// TPDUs, follow the card's procedure bytes, and on `61xx` / `9Fxx` fetch the data with GET
// RESPONSE, on `6Cxx` re-send with P3 = xx, then return the response APDU and the TPDUs exchanged.
import { concatBytes, DecodeError } from '../bytes/index.ts';
import { apduCase, type CommandApdu, type ResponseApdu } from './apdu.ts';
import { classFamily, type P3Role } from './instruction-cases.ts';
import { classifyProcedureByte, encodeTpduHeader, p3ToLe, type TpduHeader } from './tpdu.ts';

/** One command TPDU and the card's answer to it, for traces. */
export interface T0Exchange {
  readonly header: TpduHeader;
  readonly dataToCard: Uint8Array;
  readonly dataFromCard: Uint8Array;
  readonly sw: number;
  /** NULL procedure bytes (60) the card sent while working on this TPDU. */
  readonly nullBytes: number;
}

/** What the reader shell must do. */
export type T0ReaderAction =
  | { readonly kind: 'send'; readonly bytes: Uint8Array }
  /** The card sent 60: restart the work waiting timer. */
  | { readonly kind: 'wait' }
  | {
      readonly kind: 'done';
      readonly response: ResponseApdu;
      readonly exchanges: readonly T0Exchange[];
    };

/** Reader behaviour. */
export interface T0ReaderOptions {
  /** Fetch data announced by `61xx` / `9Fxx` with GET RESPONSE (default true). */
  readonly getResponse?: boolean;
  /** Re-send a command answered `6Cxx` with P3 = xx (default true). */
  readonly resendOnWrongLe?: boolean;
  /** Most TPDUs for one APDU before the card is taken to misbehave (default 300). */
  readonly maxTpdus?: number;
}

interface Tpdu {
  readonly header: TpduHeader;
  readonly role: P3Role;
  readonly data: Uint8Array;
}

/** Reader-side state: a plain immutable value. */
export interface T0ReaderState {
  readonly apdu: CommandApdu;
  readonly options: T0ReaderOptions;
  readonly tpdu: Tpdu;
  readonly sent: number;
  readonly received: readonly number[];
  /** Data bytes still due from the card before the next procedure byte. */
  readonly dataDue: number;
  readonly sw1?: number;
  readonly nullBytes: number;
  readonly collected: Uint8Array;
  readonly exchanges: readonly T0Exchange[];
  readonly done: boolean;
}

/** A step's result. */
export interface T0ReaderStep {
  readonly state: T0ReaderState;
  readonly actions: readonly T0ReaderAction[];
}

/**
 * Starts an exchange: the first action sends the TPDU header. Throws RangeError for an APDU
 * T=0 cannot carry in one TPDU (more than 255 data bytes or Ne above 256).
 *
 * @example
 * let { state, actions } = t0ReaderStart(commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00')));
 * // actions: send A0 A4 00 00 02
 * ({ state, actions } = t0ReaderReceive(state, fromHex('a4')));   // send 3F 00
 * ({ state, actions } = t0ReaderReceive(state, fromHex('9f17'))); // send A0 C0 00 00 17
 */
export function t0ReaderStart(apdu: CommandApdu, options: T0ReaderOptions = {}): T0ReaderStep {
  if (apdu.data.length > 255) throw new RangeError('T=0 carries at most 255 command data bytes');
  if (apdu.ne !== undefined && apdu.ne > 256) throw new RangeError('T=0 carries Ne up to 256');
  const { cla, ins, p1, p2, data } = apdu;
  const kase = apduCase(apdu);
  const tpdu: Tpdu =
    kase === 1
      ? { header: { cla, ins, p1, p2, p3: 0 }, role: 'none', data }
      : kase === 2
        ? { header: { cla, ins, p1, p2, p3: apdu.ne! & 0xff }, role: 'le', data }
        : { header: { cla, ins, p1, p2, p3: data.length }, role: 'lc', data };
  const state: T0ReaderState = {
    apdu,
    options,
    collected: new Uint8Array(0),
    exchanges: [],
    done: false,
    ...fresh(tpdu),
  };
  return { state, actions: [send(encodeTpduHeader(tpdu.header))] };
}

const fresh = (tpdu: Tpdu) => ({ tpdu, sent: 0, received: [], dataDue: 0, nullBytes: 0 });
const send = (bytes: Uint8Array): T0ReaderAction => ({ kind: 'send', bytes });

/**
 * Feeds bytes from the card. Throws DecodeError (T0_*) for a byte that is no valid procedure
 * byte at that point, bytes after the end, or more TPDUs than `maxTpdus`.
 */
export function t0ReaderReceive(state: T0ReaderState, bytes: Uint8Array): T0ReaderStep {
  let current = state;
  const actions: T0ReaderAction[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const step = receiveByte(current, bytes[i]!, i);
    current = step.state;
    actions.push(...step.actions);
  }
  return { state: current, actions };
}

function receiveByte(s: T0ReaderState, byte: number, at: number): T0ReaderStep {
  if (s.done) throw new DecodeError('T0_UNEXPECTED_BYTE', at, 'byte after the response');
  if (s.sw1 !== undefined) return completeTpdu(s, (s.sw1 << 8) | byte);
  if (s.dataDue > 0) {
    return {
      state: { ...s, received: [...s.received, byte], dataDue: s.dataDue - 1 },
      actions: [],
    };
  }
  const kind = classifyProcedureByte(byte, s.tpdu.header.ins);
  switch (kind) {
    case 'null':
      return { state: { ...s, nullBytes: s.nullBytes + 1 }, actions: [{ kind: 'wait' }] };
    case 'sw1':
      return { state: { ...s, sw1: byte }, actions: [] };
    case 'ack-all':
    case 'ack-one':
      return acknowledge(s, kind === 'ack-all', at);
    case 'invalid':
      throw new DecodeError('T0_BAD_PROCEDURE_BYTE', at, `procedure byte ${byte.toString(16)}`);
  }
}

function acknowledge(s: T0ReaderState, all: boolean, at: number): T0ReaderStep {
  const { role, data, header } = s.tpdu;
  const remaining =
    role === 'lc'
      ? data.length - s.sent
      : role === 'le'
        ? p3ToLe(header.p3) - s.received.length
        : 0;
  if (remaining <= 0) throw new DecodeError('T0_UNEXPECTED_ACK', at, 'ACK with nothing to move');
  const count = all ? remaining : 1;
  if (role === 'le') return { state: { ...s, dataDue: count }, actions: [] };
  const bytes = data.slice(s.sent, s.sent + count);
  return { state: { ...s, sent: s.sent + count }, actions: [send(bytes)] };
}

function completeTpdu(s: T0ReaderState, sw: number): T0ReaderStep {
  const dataFromCard = Uint8Array.from(s.received);
  const exchange: T0Exchange = {
    header: s.tpdu.header,
    dataToCard: s.tpdu.data.slice(0, s.sent),
    dataFromCard,
    sw,
    nullBytes: s.nullBytes,
  };
  const exchanges = [...s.exchanges, exchange];
  const collected = concatBytes(s.collected, dataFromCard);
  const next = nextTpdu(s, sw);
  if (next === undefined) {
    const response: ResponseApdu = { data: collected, sw };
    const { sw1: _sw1, ...rest } = s;
    return {
      state: { ...rest, collected, exchanges, done: true },
      actions: [{ kind: 'done', response, exchanges }],
    };
  }
  if (exchanges.length >= (s.options.maxTpdus ?? 300)) {
    throw new DecodeError('T0_TOO_MANY_TPDUS', 0, `${exchanges.length} TPDUs for one APDU`);
  }
  const { sw1: _sw1, ...rest } = s;
  const state: T0ReaderState = { ...rest, collected, exchanges, ...fresh(next) };
  return { state, actions: [send(encodeTpduHeader(next.header))] };
}

/** The follow-up TPDU a status word calls for, or undefined when the response is final. */
function nextTpdu(s: T0ReaderState, sw: number): Tpdu | undefined {
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  const empty = new Uint8Array(0);
  if ((sw1 === 0x61 || sw1 === 0x9f) && s.options.getResponse !== false) {
    const header = { cla: getResponseCla(s.apdu.cla), ins: 0xc0, p1: 0, p2: 0, p3: sw2 };
    return { header, role: 'le', data: empty };
  }
  if (sw1 === 0x6c && s.tpdu.role === 'le' && s.options.resendOnWrongLe !== false) {
    return { header: { ...s.tpdu.header, p3: sw2 }, role: 'le', data: empty };
  }
  return undefined;
}

/**
 * CLA of GET RESPONSE on the same logical channel: A0 for the GSM SIM; for the UICC the
 * interindustry class with the channel bits kept (TS 102 221 §10.1.1: 0X/8X → 0X, 4X/6X/CX/EX → 4X).
 */
export function getResponseCla(cla: number): number {
  if (classFamily(cla) === 'gsm') return 0xa0;
  return cla & 0x40 ? 0x40 | (cla & 0x0f) : cla & 0x03;
}
