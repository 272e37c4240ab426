// vsmartcard vpcd <-> virtual card wire format (vpcd.c): every message in both directions is a
// uint16 big-endian length followed by the payload; a 1-byte payload from vpcd is a control byte
// (00 power off, 01 power on, 02 reset, 04 get ATR), a longer one a command APDU.
import { DecodeError } from '../../protocol/bytes/index.ts';

/** Largest payload the 16-bit length can carry. */
export const VPCD_MAX_PAYLOAD = 0xffff;

/** Control bytes sent by vpcd. Only `atr` gets an answer. */
export type VpcdControl = 'power-off' | 'power-on' | 'reset' | 'atr';

/** One message from vpcd. */
export type VpcdMessage =
  | { readonly kind: 'control'; readonly control: VpcdControl }
  | { readonly kind: 'apdu'; readonly bytes: Uint8Array };

const CONTROLS: Readonly<Record<number, VpcdControl>> = {
  0x00: 'power-off',
  0x01: 'power-on',
  0x02: 'reset',
  0x04: 'atr',
};

/** Control byte value of each control message. */
export const VPCD_CONTROL_BYTE: Readonly<Record<VpcdControl, number>> = {
  'power-off': 0x00,
  'power-on': 0x01,
  reset: 0x02,
  atr: 0x04,
};

/** Prefixes `payload` with its uint16 big-endian length. RangeError above 65535 bytes. */
export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > VPCD_MAX_PAYLOAD) {
    throw new RangeError(`a vpcd frame carries at most ${VPCD_MAX_PAYLOAD} bytes`);
  }
  const frame = new Uint8Array(2 + payload.length);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return frame;
}

/** Encodes one message as vpcd sends it (used by tests and by a vpcd stand-in). */
export function encodeVpcdMessage(message: VpcdMessage): Uint8Array {
  return message.kind === 'control'
    ? encodeVpcdFrame(Uint8Array.of(VPCD_CONTROL_BYTE[message.control]))
    : encodeVpcdFrame(message.bytes);
}

/** Decodes one payload: DecodeError VPCD_EMPTY_FRAME or VPCD_BAD_CONTROL when invalid. */
export function decodeVpcdPayload(payload: Uint8Array, offset = 0): VpcdMessage {
  if (payload.length === 0) throw new DecodeError('VPCD_EMPTY_FRAME', offset, 'empty vpcd frame');
  if (payload.length > 1) return { kind: 'apdu', bytes: payload };
  const control = CONTROLS[payload[0]!];
  if (control === undefined) {
    throw new DecodeError('VPCD_BAD_CONTROL', offset, `unknown vpcd control byte ${payload[0]}`);
  }
  return { kind: 'control', control };
}

/**
 * Incremental frame reader for a byte stream: `push` returns the messages completed by `chunk`
 * (none while a frame is incomplete) and throws DecodeError for an invalid frame.
 */
export class VpcdFrameReader {
  private buffer = new Uint8Array(0);
  private consumed = 0;

  push(chunk: Uint8Array): VpcdMessage[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const messages: VpcdMessage[] = [];
    let at = 0;
    while (joined.length - at >= 2) {
      const length = (joined[at]! << 8) | joined[at + 1]!;
      if (joined.length - at - 2 < length) break;
      const payload = joined.slice(at + 2, at + 2 + length);
      messages.push(decodeVpcdPayload(payload, this.consumed + at + 2));
      at += 2 + length;
    }
    this.consumed += at;
    this.buffer = joined.slice(at);
    return messages;
  }

  /** Bytes of an incomplete frame held back. */
  get pending(): number {
    return this.buffer.length;
  }
}
