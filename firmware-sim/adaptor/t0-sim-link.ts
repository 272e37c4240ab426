// The adaptor's reader-side I/O line toward the SIM (ISO/IEC 7816-3 §10.3.3, TS 102 221 §7.3):
// each command APDU sent as T=0 TPDUs through the incremental reader of protocol/iso7816, with no
// automatic GET RESPONSE or re-send, so that 61xx, 6Cxx, 9Fxx and 91xx reach the handset as sent.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import {
  t0ReaderReceive,
  t0ReaderStart,
  type T0ReaderAction,
} from '../../protocol/iso7816/t0-reader.ts';
import type { CardLink } from '../card-link.ts';

/** A byte-level card contact: reset, and bytes out for the bytes the card sends back. */
export interface ByteLine {
  /** Resets the card; resolves to its ATR. */
  reset(): Promise<Uint8Array>;
  /** Sends `bytes`; resolves to what the card sent until it waits for the reader again. */
  exchange(bytes: Uint8Array): Promise<Uint8Array>;
}

/** Most exchanges on the line for one APDU before the card is taken to be broken. */
export const MAX_LINE_EXCHANGES = 600;

/** A CardLink over a T=0 byte line. Rejects with DecodeError when the card breaks the protocol. */
export function t0SimLink(line: ByteLine): CardLink {
  return {
    reset: () => line.reset(),
    async transmit(apdu: CommandApdu): Promise<ResponseApdu> {
      let step = t0ReaderStart(apdu, { getResponse: false, resendOnWrongLe: false });
      let pending: readonly T0ReaderAction[] = step.actions;
      for (let i = 0; i < MAX_LINE_EXCHANGES; i++) {
        const done = pending.find((a) => a.kind === 'done');
        if (done?.kind === 'done') return done.response;
        const out = pending.flatMap((a) => (a.kind === 'send' ? [...a.bytes] : []));
        step = t0ReaderReceive(step.state, await line.exchange(Uint8Array.from(out)));
        pending = step.actions;
      }
      throw new DecodeError('T0_TOO_MANY_TPDUS', 0, 'the card never finished the command');
    },
  };
}
