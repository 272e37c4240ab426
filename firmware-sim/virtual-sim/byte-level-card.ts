// The virtual SIM on the ISO/IEC 7816-3 I/O line: ATR on reset (§8), PPS (§9) and the T=0
// transport (§10.3: procedure bytes, data, SW1 SW2) of protocol/iso7816/t0-card.ts around
// `handleApdu`, for emulators and sniffers that work at byte level.
import {
  initialT0CardState,
  t0CardReceive,
  t0CardRespond,
  type T0CardOptions,
  type T0CardState,
} from '../../protocol/iso7816/t0-card.ts';
import { concatBytes } from '../../protocol/bytes/index.ts';
import type { VirtualSim } from './virtual-sim.ts';

/** The card side of a T=0 line. */
export interface ByteLevelCard {
  /** Resets the card; returns the ATR it sends. A PPS request may follow. */
  reset(): Uint8Array;
  /**
   * Bytes from the reader in; the bytes the card sends back out (PPS answer, procedure bytes,
   * response data, SW1 SW2). Never throws: after a malformed PPS or a byte the protocol does not
   * allow, the card stays mute until the next reset, as a real card does.
   */
  receive(bytes: Uint8Array): Uint8Array;
  /** True after a protocol error, until reset. */
  readonly mute: boolean;
}

/** Connects `sim` to the card side of T=0. `options` choose the ACK style and PPS answers. */
export function byteLevelCard(sim: VirtualSim, options: T0CardOptions = {}): ByteLevelCard {
  let line: T0CardState = initialT0CardState();
  let mute = false;
  const receiveByte = (byte: number): Uint8Array[] => {
    const out: Uint8Array[] = [];
    const step = t0CardReceive(line, Uint8Array.of(byte), options);
    line = step.state;
    for (const output of step.outputs) {
      if (output.kind === 'transmit') out.push(output.bytes);
      if (output.kind !== 'command') continue;
      const answer = t0CardRespond(line, sim.handleApdu(output.command), options);
      line = answer.state;
      for (const o of answer.outputs) if (o.kind === 'transmit') out.push(o.bytes);
    }
    return out;
  };
  return {
    get mute() {
      return mute;
    },
    reset() {
      line = initialT0CardState();
      mute = false;
      return sim.reset();
    },
    receive(bytes) {
      const out: Uint8Array[] = [];
      for (const byte of bytes) {
        if (mute) break;
        try {
          out.push(...receiveByte(byte));
        } catch {
          mute = true;
        }
      }
      return concatBytes(...out);
    },
  };
}
