// ISO/IEC 7816-3 §10.3.3 and TS 102 221 §7.2.2 (TS 51.011 §9.4.1 for the GSM class): how a T=0
// card turns the application's response into procedure bytes, data and SW1 SW2, including
// `6Cxx` for a wrong Le and `61xx` / `9Fxx` with the data kept for GET RESPONSE.
import type { ResponseApdu } from './apdu.ts';
import type { ClassFamily } from './instruction-cases.ts';
import { swGsmMoreData, swMoreData, swWrongLe } from './status-words.ts';
import { p3ToLe, type TpduHeader } from './tpdu.ts';

/** How the card acknowledges: ACK = INS once for all bytes, or ~INS before every single byte. */
export type AckMode = 'all' | 'one-by-one';

/** Response data waiting for GET RESPONSE, and the status word that ends it. */
export interface PendingResponse {
  readonly family: ClassFamily;
  readonly data: Uint8Array;
  readonly sw: number;
}

/** Bytes to transmit, the status word they end with, and what stays pending. */
export interface CardAnswer {
  readonly bytes: Uint8Array;
  readonly sw: number;
  readonly pending?: PendingResponse;
}

/** `61xx` (UICC) or `9Fxx` (GSM SIM) for `length` bytes waiting, capped at 256. */
export function moreDataSw(family: ClassFamily, length: number): number {
  const n = Math.min(length, 256);
  return family === 'gsm' ? swGsmMoreData(n) : swMoreData(n);
}

/** Procedure bytes and data for a card→reader transfer, followed by SW1 SW2. */
export function dataAndStatus(ins: number, data: Uint8Array, sw: number, ack: AckMode): Uint8Array {
  if (data.length === 0) return Uint8Array.of(sw >> 8, sw & 0xff);
  if (ack === 'all') {
    const out = new Uint8Array(data.length + 3);
    out[0] = ins;
    out.set(data, 1);
    out[data.length + 1] = sw >> 8;
    out[data.length + 2] = sw & 0xff;
    return out;
  }
  const out = new Uint8Array(2 * data.length + 2);
  data.forEach((b, i) => {
    out[2 * i] = ins ^ 0xff;
    out[2 * i + 1] = b;
  });
  out[2 * data.length] = sw >> 8;
  out[2 * data.length + 1] = sw & 0xff;
  return out;
}

/**
 * Serves `le` bytes from `data`: all of it ends with `finalSw`; a longer `data` keeps the rest
 * pending behind `61xx` / `9Fxx`.
 */
function serve(
  header: TpduHeader,
  family: ClassFamily,
  data: Uint8Array,
  finalSw: number,
  ack: AckMode,
): CardAnswer {
  const le = p3ToLe(header.p3);
  if (data.length <= le) {
    return { bytes: dataAndStatus(header.ins, data, finalSw, ack), sw: finalSw };
  }
  const rest = data.slice(le);
  const sw = moreDataSw(family, rest.length);
  const pending = { family, data: rest, sw: finalSw };
  return { bytes: dataAndStatus(header.ins, data.subarray(0, le), sw, ack), sw, pending };
}

/**
 * Answer to a case 2 command (P3 = Le, 0 meaning 256). Data of exactly Le bytes is sent; other
 * lengths up to 256 get `6C La` so that the reader re-sends with P3 = La; longer data is chained.
 */
export function answerOutgoing(
  header: TpduHeader,
  family: ClassFamily,
  response: ResponseApdu,
  ack: AckMode,
): CardAnswer {
  const { data, sw } = response;
  const le = p3ToLe(header.p3);
  if (data.length === 0 || data.length === le || data.length > 256) {
    return serve(header, family, data, sw, ack);
  }
  const wrongLe = swWrongLe(data.length);
  return { bytes: dataAndStatus(header.ins, new Uint8Array(0), wrongLe, ack), sw: wrongLe };
}

/** Answer to a case 1, 3 or 4 command: response data waits for GET RESPONSE. */
export function answerIncoming(family: ClassFamily, response: ResponseApdu): CardAnswer {
  const { data, sw } = response;
  if (data.length === 0) return { bytes: Uint8Array.of(sw >> 8, sw & 0xff), sw };
  const more = moreDataSw(family, data.length);
  return { bytes: Uint8Array.of(more >> 8, more & 0xff), sw: more, pending: { family, data, sw } };
}

/**
 * GET RESPONSE served from pending data. Asking for more than is waiting gets `6C La` (UICC) or
 * `67 La` (GSM SIM, TS 51.011 §9.4: incorrect parameter P3, SW2 giving the correct length), and
 * the data stays pending.
 */
export function answerGetResponse(
  header: TpduHeader,
  pending: PendingResponse,
  ack: AckMode,
): CardAnswer {
  const le = p3ToLe(header.p3);
  const available = pending.data.length;
  if (le > available) {
    const sw = pending.family === 'gsm' ? 0x6700 | (available & 0xff) : swWrongLe(available);
    return { bytes: Uint8Array.of(sw >> 8, sw & 0xff), sw, pending };
  }
  return serve(header, pending.family, pending.data, pending.sw, ack);
}
