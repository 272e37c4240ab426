// ISO/IEC 7816-3 §10.3 over PC/SC: SCardTransmit with T=0 moves one whole TPDU (header, data,
// response data, SW1 SW2) and leaves 61xx/9Fxx GET RESPONSE and 6Cxx re-sends to the caller.
// This drives the pure reader side (t0-reader.ts) by replaying each TPDU exchange as the
// procedure bytes a card on the line would have sent, so those rules live in one place.
import { concatBytes, DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import {
  t0ReaderReceive,
  t0ReaderStart,
  type T0Exchange,
  type T0ReaderAction,
  type T0ReaderOptions,
  type T0ReaderState,
} from '../../protocol/iso7816/t0-reader.ts';
import { encodeTpduHeader } from '../../protocol/iso7816/tpdu.ts';

/** Sends one command TPDU and resolves to the response bytes (data, SW1, SW2). */
export type TpduSender = (tpdu: Uint8Array) => Promise<Uint8Array>;

/** The final response and every TPDU exchanged for it. */
export interface T0Result {
  readonly response: ResponseApdu;
  readonly exchanges: readonly T0Exchange[];
}

/**
 * Sends `apdu` as T=0 TPDUs through `send`. With the default options 61xx/9Fxx are followed by
 * GET RESPONSE and 6Cxx by a re-send; `{ getResponse: false, resendOnWrongLe: false }` sends
 * exactly one TPDU. Throws DecodeError (T0_*) when the card's answer breaks T=0.
 */
export async function transmitT0(
  apdu: CommandApdu,
  send: TpduSender,
  options: T0ReaderOptions = {},
): Promise<T0Result> {
  let { state, actions } = t0ReaderStart(apdu, options);
  for (;;) {
    const done = actions.find((a) => a.kind === 'done');
    if (done !== undefined && done.kind === 'done') {
      return { response: done.response, exchanges: done.exchanges };
    }
    const tpdu = state.tpdu;
    if (tpdu.role === 'lc' && tpdu.data.length > 0) {
      ({ state, actions } = t0ReaderReceive(state, Uint8Array.of(tpdu.header.ins)));
    }
    const answer = await send(concatBytes(encodeTpduHeader(tpdu.header), tpdu.data));
    ({ state, actions } = t0ReaderReceive(state, asProcedureBytes(state, answer)));
    assertSent(actions);
  }
}

/** The bytes a T=0 card would have sent for `answer`: each data byte after ~INS, then SW1 SW2. */
function asProcedureBytes(state: T0ReaderState, answer: Uint8Array): Uint8Array {
  if (answer.length < 2) {
    throw new DecodeError('T0_SHORT_RESPONSE', answer.length, 'a TPDU response needs SW1 SW2');
  }
  const body = answer.subarray(0, answer.length - 2);
  const sw1 = answer[answer.length - 2]!;
  if ((sw1 & 0xf0) !== 0x60 && (sw1 & 0xf0) !== 0x90) {
    throw new DecodeError('T0_BAD_STATUS', answer.length - 2, `SW1 ${sw1.toString(16)}`);
  }
  if (sw1 === 0x60) throw new DecodeError('T0_BAD_STATUS', answer.length - 2, 'SW1 60');
  if (body.length > 0 && state.tpdu.role !== 'le') {
    throw new DecodeError('T0_UNEXPECTED_DATA', 0, 'response data to a TPDU that expects none');
  }
  const notIns = ~state.tpdu.header.ins & 0xff;
  const out = new Uint8Array(body.length * 2 + 2);
  body.forEach((byte, i) => {
    out[2 * i] = notIns;
    out[2 * i + 1] = byte;
  });
  out.set(answer.subarray(answer.length - 2), body.length * 2);
  return out;
}

/** After a TPDU's answer the reader either finishes or sends the next header. */
function assertSent(actions: readonly T0ReaderAction[]): void {
  if (!actions.some((a) => a.kind === 'send' || a.kind === 'done')) {
    throw new DecodeError('T0_INCOMPLETE', 0, 'the TPDU response left the exchange open');
  }
}
