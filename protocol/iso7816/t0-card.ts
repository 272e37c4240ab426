// ISO/IEC 7816-3 §10.3 and ETSI TS 102 221 §7.2, card side of T=0: collect the header, decide
// Lc or Le from the case table, acknowledge, hand the command APDU to the card application, and
// turn its response into procedure bytes, data and SW1 SW2. PPS (§9) right after the ATR.
import { DecodeError } from '../bytes/index.ts';
import type { CommandApdu, ResponseApdu } from './apdu.ts';
import {
  decideHeader,
  type HeaderDecision,
  type PreviousApduContext,
} from './instruction-cases.ts';
import {
  answerPps,
  decodePps,
  encodePps,
  ppsLength,
  PPSS,
  type Pps,
  type PpsPolicy,
} from './pps.ts';
import {
  answerGetResponse,
  answerIncoming,
  answerOutgoing,
  type AckMode,
  type CardAnswer,
  type PendingResponse,
} from './t0-card-response.ts';
import { NULL_PROCEDURE_BYTE, p3ToLe, TPDU_HEADER_LENGTH, type TpduHeader } from './tpdu.ts';

type Command = Extract<HeaderDecision, { kind: 'command' }>;

/** Where the card is in the exchange. */
export type T0CardPhase =
  | { readonly name: 'idle' }
  | { readonly name: 'pps'; readonly bytes: readonly number[] }
  | { readonly name: 'header'; readonly bytes: readonly number[] }
  | {
      readonly name: 'data';
      readonly header: TpduHeader;
      readonly decision: Command;
      readonly bytes: readonly number[];
    }
  | { readonly name: 'processing'; readonly header: TpduHeader; readonly decision: Command };

/** The whole card-side state: a plain immutable value, fit for an XState context. */
export interface T0CardState {
  readonly phase: T0CardPhase;
  /** True until the first byte after the ATR: only then may PPSS (FF) start a PPS request. */
  readonly ppsAllowed: boolean;
  readonly pending?: PendingResponse;
  readonly previous?: PreviousApduContext;
}

/** What the card shell must do. */
export type T0CardOutput =
  | { readonly kind: 'transmit'; readonly bytes: Uint8Array }
  | {
      readonly kind: 'command';
      readonly command: CommandApdu;
      readonly header: TpduHeader;
      readonly name: string;
    }
  /** A PPS request was answered (`response` undefined: the card stays mute, the reader resets). */
  | { readonly kind: 'pps'; readonly request: Pps; readonly response?: Pps };

/** A step's result: the next state and the outputs in order. */
export interface T0CardStep {
  readonly state: T0CardState;
  readonly outputs: readonly T0CardOutput[];
}

/** Card behaviour. */
export interface T0CardOptions {
  /** ACK once with INS (default) or with ~INS before every byte. */
  readonly ack?: AckMode;
  /** The case table; `decideHeader` by default. */
  readonly decide?: (header: TpduHeader, previous?: PreviousApduContext) => HeaderDecision;
  /** PPS answers; by default T=0 at any offered rate is echoed. */
  readonly pps?: PpsPolicy;
}

const DEFAULT_PPS: PpsPolicy = { protocols: [0], acceptsRate: () => true };

/** The state right after the ATR. */
export function initialT0CardState(): T0CardState {
  return { phase: { name: 'idle' }, ppsAllowed: true };
}

/**
 * Feeds bytes from the reader. Throws DecodeError T0_UNEXPECTED_BYTE for bytes while the
 * application holds the command, and the PPS_* codes for a malformed PPS request.
 *
 * @example
 * let s = initialT0CardState();
 * const step = t0CardReceive(s, fromHex('a0a4000002'));   // outputs: transmit A4 (ACK)
 * const next = t0CardReceive(step.state, fromHex('3f00')); // outputs: command SELECT 3F00
 * const done = t0CardRespond(next.state, { data: fci, sw: 0x9000 }); // transmit 9F xx
 */
export function t0CardReceive(
  state: T0CardState,
  bytes: Uint8Array,
  options: T0CardOptions = {},
): T0CardStep {
  let current = state;
  const outputs: T0CardOutput[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const step = receiveByte(current, bytes[i]!, i, options);
    current = step.state;
    outputs.push(...step.outputs);
  }
  return { state: current, outputs };
}

function receiveByte(s: T0CardState, byte: number, at: number, o: T0CardOptions): T0CardStep {
  const phase = s.phase;
  switch (phase.name) {
    case 'idle':
      if (s.ppsAllowed && byte === PPSS)
        return step({ ...s, ppsAllowed: false, phase: ppsPhase([byte]) });
      return collectHeader({ ...s, ppsAllowed: false }, [byte], o);
    case 'pps':
      return collectPps(s, [...phase.bytes, byte], o);
    case 'header':
      return collectHeader(s, [...phase.bytes, byte], o);
    case 'data':
      return collectData(s, phase, byte, o);
    case 'processing':
      throw new DecodeError('T0_UNEXPECTED_BYTE', at, 'byte received while the command runs');
  }
}

const step = (state: T0CardState, ...outputs: T0CardOutput[]): T0CardStep => ({ state, outputs });
const ppsPhase = (bytes: readonly number[]): T0CardPhase => ({ name: 'pps', bytes });
const transmit = (bytes: Uint8Array): T0CardOutput => ({ kind: 'transmit', bytes });

function collectPps(s: T0CardState, bytes: number[], o: T0CardOptions): T0CardStep {
  const total = ppsLength(Uint8Array.from(bytes));
  if (total === undefined || bytes.length < total) return step({ ...s, phase: ppsPhase(bytes) });
  const request = decodePps(Uint8Array.from(bytes));
  const response = answerPps(request, o.pps ?? DEFAULT_PPS);
  const idle: T0CardState = { ...s, phase: { name: 'idle' } };
  if (response === undefined) return step(idle, { kind: 'pps', request });
  return step(idle, transmit(encodePps(response)), { kind: 'pps', request, response });
}

function collectHeader(s: T0CardState, bytes: number[], o: T0CardOptions): T0CardStep {
  if (bytes.length < TPDU_HEADER_LENGTH) return step({ ...s, phase: { name: 'header', bytes } });
  const [cla, ins, p1, p2, p3] = bytes as [number, number, number, number, number];
  const header: TpduHeader = { cla, ins, p1, p2, p3 };
  const decision = (o.decide ?? decideHeader)(header, s.previous);
  if (decision.kind === 'reject') {
    return finish(s, header, 1, { bytes: swBytes(decision.sw), sw: decision.sw });
  }
  if (decision.name === 'GET RESPONSE' && s.pending !== undefined) {
    return finish(s, header, 2, answerGetResponse(header, s.pending, o.ack ?? 'all'));
  }
  const cleared: T0CardState = withoutPending(s);
  if (decision.p3 === 'lc') {
    const phase: T0CardPhase = { name: 'data', header, decision, bytes: [] };
    return step({ ...cleared, phase }, transmit(Uint8Array.of(ackByte(ins, o))));
  }
  return handOver(cleared, header, decision, new Uint8Array(0));
}

function collectData(
  s: T0CardState,
  phase: Extract<T0CardPhase, { name: 'data' }>,
  byte: number,
  o: T0CardOptions,
): T0CardStep {
  const bytes = [...phase.bytes, byte];
  if (bytes.length < phase.header.p3) {
    const next: T0CardState = { ...s, phase: { ...phase, bytes } };
    if (o.ack !== 'one-by-one') return step(next);
    return step(next, transmit(Uint8Array.of(phase.header.ins ^ 0xff)));
  }
  return handOver(s, phase.header, phase.decision, Uint8Array.from(bytes));
}

function handOver(
  s: T0CardState,
  header: TpduHeader,
  decision: Command,
  data: Uint8Array,
): T0CardStep {
  const { cla, ins, p1, p2 } = header;
  const base = { cla, ins, p1, p2, data };
  const command: CommandApdu =
    decision.apduCase === 2
      ? { ...base, ne: p3ToLe(header.p3) }
      : decision.apduCase === 4
        ? { ...base, ne: 256 }
        : base;
  const phase: T0CardPhase = { name: 'processing', header, decision };
  return step({ ...s, phase }, { kind: 'command', command, header, name: decision.name });
}

/**
 * Gives the application's response to the command the card holds. Throws Error when no command
 * is being processed (a fault of the caller, not of the line).
 */
export function t0CardRespond(
  state: T0CardState,
  response: ResponseApdu,
  options: T0CardOptions = {},
): T0CardStep {
  const phase = state.phase;
  if (phase.name !== 'processing') throw new Error(`no command to answer in phase ${phase.name}`);
  const { header, decision } = phase;
  const ack = options.ack ?? 'all';
  const answer =
    decision.p3 === 'le'
      ? answerOutgoing(header, decision.family, response, ack)
      : answerIncoming(decision.family, response);
  return finish(state, header, decision.apduCase, answer);
}

function finish(
  s: T0CardState,
  header: TpduHeader,
  apduCase: 1 | 2 | 3 | 4,
  a: CardAnswer,
): T0CardStep {
  const next: T0CardState = {
    ...withoutPending(s),
    phase: { name: 'idle' },
    previous: { header, apduCase, sw: a.sw },
    ...(a.pending === undefined ? {} : { pending: a.pending }),
  };
  return step(next, transmit(a.bytes));
}

/**
 * The NULL procedure byte 60 when the card may send it: while the application holds a command.
 * The shell calls this each time half of the work waiting time has passed (see `workWaitingTime`).
 */
export function t0CardNullByte(state: T0CardState): Uint8Array {
  return state.phase.name === 'processing' ? Uint8Array.of(NULL_PROCEDURE_BYTE) : new Uint8Array(0);
}

/** True while the work waiting timer should run: the application holds a command. */
export const t0CardIsBusy = (state: T0CardState): boolean => state.phase.name === 'processing';

function withoutPending(s: T0CardState): T0CardState {
  if (s.pending === undefined) return s;
  const { pending: _dropped, ...rest } = s;
  return rest;
}

const swBytes = (sw: number): Uint8Array => Uint8Array.of(sw >> 8, sw & 0xff);
const ackByte = (ins: number, o: T0CardOptions): number =>
  o.ack === 'one-by-one' ? ins ^ 0xff : ins;
