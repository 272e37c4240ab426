// The virtual SIM behind the CardLink port, so that the emulated handset and the SIM adaptor
// drive it exactly as they drive a card in a PC/SC reader.
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../card-link.ts';
import type { VirtualSim } from './virtual-sim.ts';

/** A CardLink over an in-process virtual SIM. */
export function virtualSimLink(sim: VirtualSim): CardLink {
  return {
    reset: (): Promise<Uint8Array> => Promise.resolve(sim.reset()),
    transmit: (apdu: CommandApdu): Promise<ResponseApdu> => Promise.resolve(sim.handleApdu(apdu)),
  };
}
